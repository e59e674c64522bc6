/// Checks an existing entrypoint. One infra-tui wrote is only kept in step (its required
/// environment); a hand-written one is reported where it lacks what the canonical one offers.
enum EntrypointConformance {
    struct Problem { let key: String; let line: Int; let message: String }

    static func isManaged(_ entry: ShellFile) -> Bool { entry.script.text.contains(EntrypointScript.marker) }

    static func problems(_ entry: ShellFile, reality: RepoReality) -> [Problem] {
        let text = entry.script.text
        if isManaged(entry) {
            let expected = EntrypointScript.listLines(EntrypointInputs.of(reality, path: entry.path))
            var out: [Problem] = []
            for (prefix, want) in expected {
                guard let (line, current) = listLine(entry, prefix: prefix) else {
                    out.append(Problem(key: "managed-lists", line: 1,
                                       message: "was written by an older infra-tui: it has no \(prefix.dropLast(2)) list"))
                    break
                }
                if current != want {
                    let key = prefix == EntrypointScript.requiredEnvPrefix ? "required-env" : "list-" + prefix.dropLast(2).lowercased()
                    out.append(Problem(key: key, line: line, message: "checks \(current) but the tasks need \(want)"))
                }
            }
            return out
        }
        // A hand-written entrypoint is described, never replaced: what it lacks is reported.
        var out: [Problem] = []
        for flag in ["--list", "--only", "--from"] where !text.contains(flag) {
            out.append(Problem(key: "flag\(flag)", line: 1, message: "offers no \(flag)"))
        }
        if dryRunFlag(text) == nil {
            out.append(Problem(key: "flag--dry-run", line: 1, message: "offers no dry run (--dry-run or --check)"))
        }
        if !entry.script.strictMode.isStrict {
            out.append(Problem(key: "strict", line: entry.script.strictMode.line ?? 1, message: "runs without `set -euo pipefail`"))
        }
        if !text.contains("logs") {
            out.append(Problem(key: "logs", line: 1, message: "logs nothing to \(reality.layout.logsDir)/"))
        }
        return out
    }

    /// The flag a hand-written entrypoint uses for a run that checks and runs nothing.
    static func dryRunFlag(_ text: String) -> String? {
        ["--dry-run", "--check", "--plan", "--what-if", "--noop"].first { text.contains($0) }
    }

    /// Whether infra-tui may write this entrypoint: it wrote it, or it only runs the tasks,
    /// with no options or work of its own that the generated one would lose.
    static func isReplaceable(_ entry: ShellFile, reality: RepoReality) -> Bool {
        isManaged(entry) || Runner.coverage(ofEntrypoint: entry, in: reality) == .whole && callerArgument(entry.path, in: reality) == nil
    }

    /// The options the written entrypoint takes; any other word stops it with "unknown argument".
    static let entrypointFlags: Set<String> = ["--list", "--only", "--from", "--dry-run", "--yes", "--", "-h", "--help"]

    /// A word some caller hands the entrypoint at `path` that the written one would reject
    /// (`./ai/infra/init.sh $(ENV)` in a Makefile, `init.sh --ci` in a CI script, a command in
    /// a doc's code; CI workflow files when the snapshot holds them): a hand-written entrypoint that never read its arguments ignored it, so it is not
    /// replaced by one that stops on it (brk14 item 4, the entrypoint's own case).
    static func callerArgument(_ path: String, in reality: RepoReality) -> String? {
        reality.memo.value("entrypoint-caller-argument:" + path) { () -> String? in
            for file in reality.allPaths where file != path {
                let name = String(fileName(file)).lowercased()
                let markdown = name.hasSuffix(".md")
                let ci = (file.hasPrefix(".github/workflows/") && (name.hasSuffix(".yml") || name.hasSuffix(".yaml")))
                    || name == ".gitlab-ci.yml" || name == "jenkinsfile"
                let make = name == "makefile" || name == "gnumakefile" || name.hasSuffix(".mk")
                guard markdown || ci || make || name.hasSuffix(".sh") || name == "justfile" || name == "taskfile.yml",
                      let text = reality.snapshot.text(file), text.contains(path) else { continue }
                var fenced = false
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    if markdown, line.trimmingWhitespace().hasPrefix("```") { fenced.toggle(); continue }
                    var rest = line[...]
                    while let r = rest.range(of: path) {
                        let before = line[..<r.lowerBound]
                        rest = rest[r.upperBound...]
                        // In prose a word after the path is no argument: only code counts.
                        if markdown, !fenced, before.filter({ $0 == "`" }).count % 2 == 0 { continue }
                        if let word = rejectedWord(rest) { return word }
                    }
                }
            }
            return nil
        }
    }

    /// The first word after an entrypoint's path, up to the end of its command, that the
    /// written entrypoint rejects.
    private static func rejectedWord(_ tail: Substring) -> String? {
        guard tail.first == " " || tail.first == "\t" else { return nil }
        let end = tail.firstIndex(where: { ";|&`#<>\\\"'".contains($0) }) ?? tail.endIndex
        let words = tail[..<end].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var i = 0
        while i < words.count {
            let w = words[i]
            if w == "--" { return nil }
            guard entrypointFlags.contains(w) else { return w }
            i += (w == "--only" || w == "--from") ? 2 : 1
        }
        return nil
    }

    /// New content for a managed entrypoint whose lists are out of step, or for a
    /// hand-written one that only runs the tasks and lacks what the contract asks; nil
    /// otherwise. A hand-written one with options or work of its own is never rewritten
    /// (issue 13: keep what people already have).
    static func repaired(_ entry: ShellFile, reality: RepoReality, required: [String]) -> String? {
        var inputs = EntrypointInputs.of(reality, path: entry.path)
        inputs.requiredEnv = EntrypointInputs.required(in: reality, from: required)
        guard isManaged(entry) else {
            guard isReplaceable(entry, reality: reality), !problems(entry, reality: reality).isEmpty else { return nil }
            return EntrypointScript.text(inputs)
        }
        // The editor is made on the first list that differs: rules that rewrite tasks one by
        // one ask after every rewrite, and the list is mostly right already.
        var editor: LineEditor?
        for (prefix, want) in EntrypointScript.listLines(inputs) {
            guard let (line, current) = listLine(entry, prefix: prefix) else {
                // Written before this list existed: ours to write again.
                return EntrypointScript.text(inputs)
            }
            if current != want {
                if editor == nil { editor = LineEditor(entry.script.text) }
                editor?.replace(line...line, with: [want])
            }
        }
        return editor?.text()
    }

    /// The managed entrypoint of `tree` with its REQUIRED_ENV list set to `required`; nil
    /// when there is none, it is not managed, or the list is already right. For rules that
    /// rewrite tasks one by one (`reality` is the view they started from: its layout).
    static func repairedList(in tree: RepoSnapshot, reality: RepoReality, required: [String]) -> (path: String, text: String)? {
        let path = reality.layout.entrypoint
        guard let text = tree.text(path) else { return nil }
        let entry = ShellFile(path: path, script: reality.cache.script(path: path, text: text))
        guard isManaged(entry), let fixed = repaired(entry, reality: reality, required: required) else { return nil }
        return (path, fixed)
    }

    static func requiredEnvLine(_ entry: ShellFile) -> (Int, String)? {
        listLine(entry, prefix: EntrypointScript.requiredEnvPrefix)
    }

    static func listLine(_ entry: ShellFile, prefix: String) -> (Int, String)? {
        for (i, line) in entry.script.lines.enumerated() where line.hasPrefix(prefix) {
            return (i + 1, String(line).trimmingWhitespace())
        }
        return nil
    }
}
