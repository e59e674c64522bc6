import ShellReader

/// Commands that hand kubectl a folder's files one by one without a `kubectl ... -f DIR` of
/// their own (brk14 item 7): a kustomization.yaml added there is applied as an object and
/// the cluster refuses its kind. `FolderApplies` sees `-f DIR` and globs, through `"$@"`
/// wrappers; these are the other two shapes found in real scaffolding:
///
/// - `find DIR ... | xargs ... kubectl ... -f` and `find DIR ... -exec kubectl ... -f {} \;`
///   (`find` descends into subfolders unless `-maxdepth 1`);
/// - a call of a function whose kubectl `-f` takes one of its arguments:
///   `kapply() { kubectl --context c apply -f "$1"; }` then `kapply "$DIR"` (or a glob).
///
/// Each is a reason to leave the kustomization out: neither can be switched to `-k` in place.
enum IndirectFolderReaders {
    /// Where a task, library or runner reads the folder of `kustomization` this way, and why.
    static func of(_ kustomization: String, in reality: RepoReality) -> [(place: String, why: String)] {
        let folder = parentFolder(kustomization)
        let scripts = reality.tasks + reality.libraries + reality.otherScripts
        // Once per view: every kustomization of the view asks.
        let wrappers = reality.memo.value("kubectl-file-argument-wrappers") { fileArgumentWrappers(in: scripts) }
        var out: [(place: String, why: String)] = []
        for file in scripts {
            let commands = file.script.commands
            for (i, cmd) in commands.enumerated() {
                if cmd.name == "find", let why = findReader(commands, at: i) {
                    for root in findRoots(cmd) {
                        guard let target = TaskApplies.resolve(root.text, task: file, reality: reality) else { continue }
                        if target == folder || (root.recursive && (target.isEmpty || folder.hasPrefix(target + "/"))) {
                            out.append(("\(file.path) (line \(cmd.startLine))", why))
                        }
                    }
                } else if !wrappers.isEmpty, let name = cmd.name, let position = wrappers[name], cmd.functionName != name,
                          position <= cmd.arguments.count {
                    // `"$f"` in `for f in DIR/*.yaml` is the glob, as for `-f` itself.
                    let targets = TaskApplies.expand(cmd.arguments[position - 1], cmd: cmd, task: file, reality: reality)
                    if targets.contains(where: { $0 == folder || ($0.contains("*") && TaskApplies.glob($0, matches: kustomization)) }) {
                        out.append(("\(file.path) (line \(cmd.startLine))",
                                    "`\(name)` runs `kubectl ... -f` on its argument, which reads the folder file by file"))
                    }
                }
            }
        }
        return out
    }

    /// Function name -> the argument (1-based) its kubectl `-f` reads, for functions whose
    /// body runs `kubectl ... -f "$N"` (or `--filename`). The last definition of a name wins.
    static func fileArgumentWrappers(in scripts: [ShellFile]) -> [String: Int] {
        // Each file on its own (on every core), then in order: a later file's definition wins.
        // Within a file, the last such command of a name wins, as it did per definition.
        let perFile = scripts.concurrentMap { file -> [(String, Int)] in
            let names = Set(file.script.functions.map(\.name))
            guard !names.isEmpty else { return [] }
            var found: [(String, Int)] = []
            for cmd in file.script.commands where cmd.name == "kubectl" {
                guard let fn = cmd.functionName, names.contains(fn) else { continue }
                let words = cmd.arguments.map(\.unquotedText)
                for (i, w) in words.enumerated() where (w == "-f" || w == "--filename") && i + 1 < words.count {
                    if let n = positional(words[i + 1]) { found.append((fn, n)) }
                }
            }
            return found
        }
        var out: [String: Int] = [:]
        for found in perFile { for (name, n) in found { out[name] = n } }
        return out
    }

    /// `$1`..`$9`, `${1}`..`${9}`, or one with a default or check (`${1:-}`, `${1:?usage}`,
    /// as the strict-mode patch writes it), the whole word.
    static func positional(_ text: String) -> Int? {
        var t = Substring(text)
        guard t.hasPrefix("$") else { return nil }
        t = t.dropFirst()
        if t.hasPrefix("{") && t.hasSuffix("}") {
            t = t.dropFirst().dropLast()
            if let op = t.firstIndex(where: { ":-?=+".contains($0) }), op != t.startIndex { t = t[..<op] }
        }
        guard t.count == 1, let n = Int(t), n >= 1 else { return nil }
        return n
    }

    /// Why the `find` at `index` feeds kubectl `-f` its files, or nil: `-exec kubectl ... -f`,
    /// or a pipe into `xargs ... kubectl ... -f`.
    static func findReader(_ commands: [ShellCommand], at index: Int) -> String? {
        let find = commands[index]
        let words = find.arguments.map(\.unquotedText)
        if let exec = words.firstIndex(where: { $0 == "-exec" || $0 == "-execdir" }), kubectlReadsFiles(Array(words[(exec + 1)...])) {
            return "`find ... -exec kubectl ... -f` applies each file it finds"
        }
        guard find.operatorAfter == "|" else { return nil }
        // The next command of the pipeline: commands inside `find`'s own `$( )` words come first.
        var j = index + 1
        while j < commands.count, commands[j].enclosing.count > find.enclosing.count { j += 1 }
        guard j < commands.count, commands[j].operatorBefore == "|" else { return nil }
        let next = commands[j]
        guard next.name == "xargs", kubectlReadsFiles(next.arguments.map(\.unquotedText)) else { return nil }
        return "`find ... | xargs kubectl ... -f` applies each file it finds"
    }

    /// `kubectl` among `words`, with `-f`/`--filename` after it.
    private static func kubectlReadsFiles(_ words: [String]) -> Bool {
        guard let k = words.firstIndex(of: "kubectl") else { return false }
        return words[(k + 1)...].contains { $0 == "-f" || $0 == "--filename" || $0.hasPrefix("--filename=") }
    }

    /// The starting points of a `find` (the words before its first expression), and whether
    /// it descends into their subfolders (no `-maxdepth 1`/`0`).
    static func findRoots(_ find: ShellCommand) -> [(text: String, recursive: Bool)] {
        let words = find.arguments.map(\.unquotedText)
        var roots: [String] = []
        for w in words {
            if w.hasPrefix("-") || w == "(" || w == "!" || w == "\\(" { break }
            roots.append(w)
        }
        let depth = words.firstIndex(of: "-maxdepth").flatMap { i in i + 1 < words.count ? Int(words[i + 1]) : nil }
        let recursive = depth.map { $0 > 1 } ?? true
        return (roots.isEmpty ? ["."] : roots).map { ($0, recursive) }
    }
}
