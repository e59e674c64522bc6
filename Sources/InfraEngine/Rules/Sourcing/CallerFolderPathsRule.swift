import ShellReader

/// A task's paths work from wherever it is run: a bare relative path in `source`/`.`, in
/// `kubectl apply -k/-f`, or of a script it runs (`bash scripts/x.sh`, `./scripts/x.sh`) is
/// looked up from the caller's working folder, not the script's
/// (bash manual, "Bourne Shell Builtins"; kubectl resolves paths against its cwd). When that
/// path exists only from another folder than the documented one (the repository root, where
/// the entrypoint and the docs run tasks from), the task fails with "No such file" as
/// documented. The fix anchors the path to the script: `"$(dirname "${BASH_SOURCE[0]}")/..."`.
public struct CallerFolderPathsRule: Rule {
    public let id = "caller-folder-paths"
    public let purpose = "Paths a task sources or applies are anchored to the script, not to the caller's working folder."

    public init() {}

    /// One caller-relative path.
    struct CallerPath {
        let task: ShellFile
        let line: Int
        /// The word as written.
        let raw: String
        /// The repository path it names from the folder where it exists.
        let target: String
        /// `source`, `.`, `kubectl`, `bash`/`sh`, or the path itself for a script run by it:
        /// what reads the path.
        let what: String
        /// The command as written at the call site (`kubectl apply -k manifests/apps`,
        /// `kc apply -f x.yaml` through a wrapper).
        let spelled: String
        /// The folders (repository paths, nearest the root first) from which the path names
        /// `target`: the only working folders the command works from.
        let folders: [String]
        /// Which caller-relative path of its line this is (0 first): with the line, the
        /// finding's key, which survives an earlier operation respelling the command.
        var index = 0

        var key: String { "cwd-\(line)-\(index)" }
    }

    static let anchored = "$(dirname \"${BASH_SOURCE[0]}\")"

    static func paths(in reality: RepoReality) -> [CallerPath] {
        reality.memo.value("caller-folder-paths") {
            // Each task on its own, on every core.
            var out = reality.tasks.concurrentMap { task -> [CallerPath] in
                var out: [CallerPath] = []
                // After a `cd` the working folder is the script's choice, not the caller's.
                let resolver = PathResolver.of(task, in: reality)
                func noCdBefore(_ line: Int) -> Bool {
                    if case .some(.none) = resolver.cwd(at: line) { return true }
                    return false
                }
                for sourced in SourceGraph.sources(of: task, in: reality) where sourced.anchor == .workingFolder && noCdBefore(sourced.line) {
                    guard let command = task.script.commands.first(where: { $0.startLine == sourced.line && ($0.name == "source" || $0.name == ".") }),
                          let word = command.arguments.first, let text = word.literal,
                          let (target, folders) = existing(text, from: task.path, in: reality) else { continue }
                    out.append(CallerPath(task: task, line: sourced.line, raw: word.raw, target: target, what: command.name ?? "source",
                                          spelled: spelledOut(command), folders: folders))
                }
                // Scripts run by a relative path (`bash scripts/x.sh`, `./scripts/x.sh`).
                for command in task.script.commands where !command.enclosing.contains(.substitution) && noCdBefore(command.startLine) {
                    guard let (kind, index, _) = FileReferences.target(command.words), kind == .runs else { continue }
                    let operand = command.words[index]
                    guard let text = operand.literal, !text.hasPrefix("/"),
                          let (target, folders) = existing(text, from: task.path, in: reality) else { continue }
                    out.append(CallerPath(task: task, line: operand.line, raw: operand.raw, target: target, what: command.name ?? "run",
                                          spelled: spelledOut(command), folders: folders))
                }
                // Through wrappers too (`kc apply -k deploy/` with `kc() { kubectl --context c "$@"; }`):
                // only operands written at the call site, which is where the fix goes.
                for e in EffectiveCommands.of(task, in: reality).commands where e.tool == "kubectl" && noCdBefore(e.line) {
                    let words = e.words
                    for (i, w) in words.enumerated().dropFirst()
                    where i + 1 < words.count && (w.literal.map(Self.fileFlags.contains) ?? false) && e.callSiteIndex(i + 1) != nil {
                        let operand = words[i + 1]
                        guard let text = operand.literal, !text.hasPrefix("/"), !text.contains("://"), text != "-",
                              let (target, folders) = existing(text, from: task.path, in: reality) else { continue }
                        out.append(CallerPath(task: task, line: operand.line, raw: operand.raw, target: target, what: "kubectl",
                                              spelled: spelledOut(e.command), folders: folders))
                    }
                }
                return out
            }.flatMap { $0 }
            var seen: [String: Int] = [:]
            for i in out.indices {
                let at = "\(out[i].task.path):\(out[i].line)"
                out[i].index = seen[at, default: 0]
                seen[at, default: 0] += 1
            }
            return out
        }
    }

    /// kubectl's flags that name a file or a kustomization folder.
    private static let fileFlags: Set<String> = ["-k", "-f", "--kustomize", "--filename"]

    /// The command's words as written, on one line.
    static func spelledOut(_ command: ShellCommand) -> String {
        command.words.map(\.raw).joined(separator: " ")
    }

    /// The path `text` names when it does not exist from the repository root but does from
    /// the script's folder or one above it (the nearest such folder's), with every such
    /// folder, outermost first; nil when it works from the root or from none of them.
    static func existing(_ text: String, from script: String, in reality: RepoReality) -> (String, [String])? {
        func exists(_ p: String) -> Bool { reality.snapshot.files[p] != nil || reality.isFolder(p) }
        if let fromRoot = joinPath("", text), exists(fromRoot) { return nil }
        var found: [(folder: String, path: String)] = []
        for folder in SourceGraph.candidateFolders(of: script).dropFirst() {
            if let p = joinPath(folder, text), exists(p) { found.append((folder, p)) }
        }
        guard let nearest = found.max(by: { $0.folder.count < $1.folder.count }) else { return nil }
        return (nearest.path, found.map(\.folder).sorted { $0.count < $1.count })
    }

    /// `ai/infra/tasks` -> `ai/infra/lib/x.sh` gives `../lib/x.sh`.
    static func relative(from folder: String, to path: String) -> String {
        let a = folder.split(separator: "/"), b = path.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count - 1, a[common] == b[common] { common += 1 }
        let ups = Array(repeating: "..", count: a.count - common)
        return (ups + b[common...].map(String.init)).joined(separator: "/")
    }

    public func findings(in reality: RepoReality) -> [Finding] {
        var out: [Finding] = []
        for p in Self.paths(in: reality) {
            out.append(Finding(rule: id, key: p.key, file: p.task.path, line: p.line, message: Self.message(p, in: reality)))
        }
        return out
    }

    static func rationale(_ path: String, words: [String]) -> String {
        let named: String = words.map { "`\($0)`" }.joined(separator: ", ")
        var text = "\(path) names \(named) relative to the caller's working folder, so it works only when run from one particular folder. "
        text += "Each path now starts at the script's own folder (`\(anchored)`), which names the same file from anywhere."
        return text
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        var byTask: [String: [CallerPath]] = [:]
        for p in Self.paths(in: reality) { byTask[p.task.path, default: []].append(p) }
        var drafts: [OperationDraft] = []
        for path in byTask.keys.sorted() {
            let paths = byTask[path]!
            let task = paths[0].task
            var editor = LineEditor(task.script.text)
            var lines: [Int: String] = [:]
            for p in paths {
                let line = lines[p.line] ?? editor.line(p.line)
                let anchoredWord = "\"\(Self.anchored)/\(Self.relative(from: parentFolder(path), to: p.target))\""
                if let r = line.range(of: " " + p.raw) {
                    lines[p.line] = line.replacingCharacters(in: r, with: " " + anchoredWord)
                } else if line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(p.raw), let r = line.range(of: p.raw) {
                    // The path is the command itself (`./scripts/x.sh ARGS`).
                    lines[p.line] = line.replacingCharacters(in: r, with: anchoredWord)
                }
            }
            for (n, text) in lines { editor.replace(n...n, with: [text]) }
            let findings = paths.map { Finding(rule: id, key: $0.key, file: path, line: $0.line, message: "").id }
            drafts.append(OperationDraft(
                id: "caller-folder-paths-\(task.name)",
                title: "Anchor the paths \(task.name) uses to its own folder",
                risk: .low,
                rationale: Self.rationale(path, words: paths.map(\.raw)),
                findings: findings,
                dependsOn: context.operations(touching: path),
                preconditions: ["the working tree is committed, so the change can be reviewed and reverted"],
                commands: ["bash -n \(path)", "(cd / && bash -n \"$OLDPWD/\(path)\")"],
                expectedOutputs: ["the task finds its library and manifests from the repository root and from any other folder"],
                edits: [path: .write(editor.text(), mode: reality.snapshot[path]?.mode ?? .executable)]))
        }
        return drafts
    }
}
