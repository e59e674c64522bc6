import Foundation
import ShellReader

/// A path a script sources, applies or runs, resolved to repository paths.
struct FileReference {
    enum Kind: String { case sources, applies, runs }
    let file: ShellFile
    let command: ShellCommand
    let kind: Kind
    /// The word naming the path.
    let word: ShellWord
    /// Repository paths it may mean (a loop over names gives several; a bare relative path
    /// is tried from the script's folder and from the repository root).
    let candidates: [String]
    /// True for `kubectl apply -k` and trailing-slash folders.
    let isFolder: Bool
    /// When the path comes from a loop over names: the line of that list.
    let listLine: Int?
}

/// Finds the file references of the scaffolding's scripts.
enum FileReferences {
    static func all(in reality: RepoReality) -> [FileReference] {
        // Once per view: the missing-files rule and the entrypoint rule (tasks that run tasks) both read them.
        reality.memo.value("file-references") {
            let managed = reality.entrypoint.map { EntrypointConformance.isManaged($0) } ?? false
            let files = reality.tasks + reality.libraries + reality.otherScripts + (managed ? [] : reality.entrypoint.map { [$0] } ?? [])
            return files.concurrentMap { of($0, in: reality) }.flatMap { $0 }
        }
    }

    /// The references of one script of `reality`, through its wrappers and its resolver.
    static func of(_ file: ShellFile, in reality: RepoReality) -> [FileReference] {
        // Read from the script, its scope and its resolver alone: kept across views on
        // the key of its effective commands (the script's text and the libraries').
        reality.cache.derived("file-references", path: file.path, from: file.script.text, reality.librariesText) {
            references(in: file, scope: EffectiveCommands.of(file, in: reality).scope, resolver: PathResolver.of(file, in: reality))
        }
    }

    /// `startingOn`: only the commands that start on these lines (a patch's own lines).
    /// `scope`: the functions the script can call, so a wrapper's call (`k apply -f x` with
    /// `k() { kubectl --context c "$@"; }`) is read as the tool call it makes.
    /// `resolver`: the plan's shared resolver of `file`, when there is a plan.
    static func references(in file: ShellFile, scope: FunctionScope? = nil, startingOn lines: Set<Int>? = nil,
                           resolver: PathResolver? = nil) -> [FileReference] {
        let script = file.script
        let paths = resolver ?? PathResolver(file)
        var out: [FileReference] = []
        var tokens: [Substring: Int]?  // built on first need: a runner's list may name thousands of tasks
        for cmd in script.commands where !cmd.enclosing.contains(.substitution) {
            if let lines, !lines.contains(cmd.startLine) { continue }
            let words = scope.map { EffectiveCommand.resolvedWords(cmd, scope: $0.summaries) } ?? cmd.words
            guard let (kind, index, isFolder) = target(words) else { continue }
            let word = words[index]
            if paths.cwd(at: cmd.startLine) == nil { continue }  // an unknown `cd` came first
            var texts = [word.unquotedText]
            var listLine: Int?
            if let (loop, names) = loopNames(cmd, script: script), texts[0].contains("$" + loop) || texts[0].contains("${\(loop)}") {
                let braced = "${\(loop)}", bare = "$" + loop, pattern = texts[0]
                texts = names.map { ByteSearch.replacing(ByteSearch.replacing(pattern, braced, with: $0), bare, with: $0) }
                listLine = script.loops.first { $0.variable == loop }?.startLine
            }
            for text in texts {
                // The line of the list item this path came from, where a person would edit it.
                var item: Int?
                if texts.count > 1 || listLine != nil {
                    if tokens == nil { tokens = tokenLines(script) }
                    item = tokens?[Substring(InfraLayout.taskName(text))] ?? listLine
                }
                if text.contains("*") || text.contains("?") || text.contains("[") { continue }
                let candidates = paths.resolve(text, at: cmd.startLine)
                // Rendered or downloaded by the script itself before it is used.
                guard !candidates.isEmpty, !paths.isWritten(text, candidates: candidates, before: cmd.startLine) else { continue }
                out.append(FileReference(file: file, command: cmd, kind: kind, word: word, candidates: candidates,
                                         isFolder: isFolder || text.hasSuffix("/"), listLine: item))
            }
        }
        return out
    }

    /// kubectl's verbs that read the files `-f`/`-k` name.
    private static let kubectlReadingVerbs: Set<String> = ["apply", "create", "replace"]

    /// What the command does with a path, and which word names it.
    static func target(_ words: [ShellWord]) -> (FileReference.Kind, Int, Bool)? {
        guard let first = words.first else { return nil }
        let name = first.literal ?? ""
        if (name == "source" || name == ".") && words.count > 1 { return (.sources, 1, false) }
        if (name == "bash" || name == "sh") {
            // `sh -s - ARGS` reads the script from stdin (a piped installer) and `bash -c TEXT`
            // runs a string: no word names a file.
            if words.dropFirst().contains(where: { w in
                let t = w.unquotedText
                return t.hasPrefix("-") && !t.hasPrefix("--") && (t.contains("s") || t.contains("c"))
            }) { return nil }
            guard let i = words.indices.dropFirst().first(where: { !words[$0].unquotedText.hasPrefix("-") }) else { return nil }
            return (.runs, i, false)
        }
        if name == "kubectl" {
            guard words.contains(where: { $0.literal.map(Self.kubectlReadingVerbs.contains) ?? false }) else { return nil }
            for i in words.indices.dropFirst() {
                let w = words[i].unquotedText
                if (w == "-f" || w == "--filename" || w == "-k" || w == "--kustomize"), i + 1 < words.count {
                    if words[i + 1].unquotedText == "-" { return nil }
                    return (.applies, i + 1, w == "-k" || w == "--kustomize")
                }
            }
            return nil
        }
        // `./x.sh`, `"$DIR/x.sh"`: a script run by its path.
        let text = first.unquotedText
        if text.contains("/"), text.hasSuffix(".sh") || text.hasSuffix(".bash") { return (.runs, 0, false) }
        return nil
    }

    /// The loop variable around `cmd` and the literal names it runs over.
    static func loopNames(_ cmd: ShellCommand, script: ShellScript) -> (String, [String])? {
        for construct in cmd.enclosing.reversed() {
            guard case .loopBody(let i) = construct, i < script.loops.count else { continue }
            let loop = script.loops[i]
            guard loop.kind == .forIn, let v = loop.variable else { continue }
            var names: [String] = []
            for w in loop.words {
                if let literal = w.literal { names.append(literal); continue }
                // `"${TASKS[@]}"`: the literal items of a top-level array assignment.
                guard let array = RequiredEnvironment.variableName(in: w.unquotedText),
                      let items = arrayItems(array, script: script) else { return nil }
                names += items
            }
            return (v, names)
        }
        return nil
    }

    /// The first non-comment line naming the task a path ends in (`080-monitoring`).
    /// The first line (1-based, comments skipped) on which each word of the script appears,
    /// words split at blanks, parentheses and quotes: where a list item is written.
    static func tokenLines(_ script: ShellScript) -> [Substring: Int] {
        var out: [Substring: Int] = [:]
        for (i, line) in script.lines.enumerated() where !line.trimmingWhitespace().hasPrefix("#") {
            for token in line.split(whereSeparator: { " \t()\"'".contains($0) }) where out[token] == nil { out[token] = i + 1 }
        }
        return out
    }

    /// `NAME=( a b c )`, possibly over several lines, read from the source text.
    static func arrayItems(_ name: String, script: ShellScript) -> [String]? {
        guard let a = script.assignments.first(where: { $0.name == name && $0.enclosing.isEmpty }) else { return nil }
        var text = ""
        for line in script.lines[(a.line - 1)...] {
            text += String(line) + "\n"
            if line.contains(")") { break }
        }
        guard let open = text.firstIndex(of: "("), let close = text.firstIndex(of: ")"), open < close else { return nil }
        let items = text[text.index(after: open)..<close].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        guard items.allSatisfy({ !$0.contains("$") && !$0.hasPrefix("#") }) else { return nil }
        return items.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
    }
}
