import ShellReader

/// No script assumes a file that is not there: every path it sources, applies or runs exists
/// once the plan is applied, or the script stops first with a clear message.
public struct MissingFilesRule: Rule {
    public let id = "missing-files"
    public let purpose = "Every path a script sources, applies or runs exists after the patch, or is guarded with a clear error."

    public init() {}

    /// The references whose every candidate path is missing from the tree.
    /// A reference the script already tests first (`[ -f X ] || die ...`) stops with a clear
    /// error when the file is missing, which is all this rule asks.
    /// A path that exists from another working folder is `CallerFolderPathsRule`'s finding,
    /// not a missing file: one finding per path problem.
    static func missing(in reality: RepoReality) -> [FileReference] {
        let callerRelative = Set(CallerFolderPathsRule.paths(in: reality).map { "\($0.task.path)\u{0}\($0.line)\u{0}\($0.raw)" })
        return FileReferences.all(in: reality).filter { ref in
            !ref.candidates.contains { reality.snapshot.exists($0) } && !isTested(ref)
                // Run state an earlier task writes (`echo "IP=$ip" > "$STATE"`): there in a full run.
                && !ref.candidates.contains { EnvFiles.writtenInRun($0, before: ref.file.path, in: reality) }
                && !callerRelative.contains("\(ref.file.path)\u{0}\(ref.word.line)\u{0}\(ref.word.raw)")
        }
    }

    static func isTested(_ ref: FileReference) -> Bool {
        ref.file.script.commands.contains { c in
            guard ["[", "[[", "test"].contains(c.name ?? ""), c.startLine <= ref.command.startLine else { return false }
            let words = c.arguments.map(\.raw)
            return words.contains(ref.word.raw) && words.contains { ["-f", "-e", "-d", "-r", "-s"].contains($0) }
        }
    }

    static func key(_ ref: FileReference) -> String { "missing-" + findingKey([ref.candidates[0]]) }

    public func findings(in reality: RepoReality) -> [Finding] {
        var out: [Finding] = []
        var seen: Set<String> = []
        for ref in Self.missing(in: reality) {
            let key = Self.key(ref)
            guard seen.insert(ref.file.path + key).inserted else { continue }
            let from = ref.listLine.map {
                " (named in the hand-kept list at line \($0); the canonical entrypoint discovers the tasks instead)"
            } ?? ""
            out.append(Finding(rule: id, key: key, severity: .error, file: ref.file.path, line: ref.command.startLine,
                               message: "\(ref.kind.rawValue) \(ref.candidates[0]), which does not exist\(from)"))
        }
        return out
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        var byFile: [String: [FileReference]] = [:]
        for ref in Self.missing(in: reality) where ref.listLine == nil { byFile[ref.file.path, default: []].append(ref) }
        // Each file's draft reads the view and its own references alone: on every core.
        return byFile.sorted(by: { $0.key < $1.key }).concurrentMap { path, refs -> OperationDraft? in
            guard let file = refs.first?.file else { return nil }
            let script = file.script
            var editor = LineEditor(script.text)
            var used: Set<Int> = []
            var corrected: [String] = [], guarded: [String] = []
            var fixedKeys: [String] = []
            for ref in refs where !used.contains(ref.command.startLine) {
                let t = CommandText(ref.command, in: script)
                if let meant = Self.meant(ref, in: reality), let ranges = t.wordRanges,
                   let index = ref.command.words.firstIndex(where: { $0 == ref.word }) {
                    let old = String(ref.candidates[0].split(separator: "/").last!)
                    let new = String(meant.split(separator: "/").last!)
                    let raw = ref.word.raw
                    guard let r = raw.range(of: old, options: .backwards) else { continue }
                    let replaced = raw.replacingCharacters(in: r, with: new)
                    editor.replace(ref.command.startLine...ref.command.endLine,
                                   with: t.lines(inserting: [], replacing: [(ranges[index], replaced)]))
                    corrected.append("\(ref.candidates[0]) -> \(meant)")
                } else if ref.command.operatorBefore == nil, !ref.command.enclosing.contains(where: Self.isCondition) {
                    // The path as the script reads it, when it is written out plainly.
                    let readAs = ref.word.hasExpansion ? ref.candidates[0] : ref.word.unquotedText
                    let guardLine = GuardText.line(file: file, reality: reality, test: ref.isFolder ? "-d" : "-f",
                                                   word: ref.word, readAs: readAs, candidates: ref.candidates)
                    // Above the command's own `# shellcheck` directives, which must stay next to it.
                    var at = ref.command.startLine - 1
                    while at >= 1, script.lines[at - 1].trimmingWhitespace().hasPrefix("# shellcheck") { at -= 1 }
                    editor.insert(["\(t.indentation)\(guardLine)"], after: at)
                    guarded.append(ref.candidates[0])
                } else {
                    continue
                }
                used.insert(ref.command.startLine)
                fixedKeys.append(Self.key(ref))
            }
            guard !fixedKeys.isEmpty else { return nil }
            var what: [String] = []
            if !corrected.isEmpty { what.append("points \(corrected.joined(separator: ", ")) at the file that exists") }
            if !guarded.isEmpty { what.append("stops with a clear error when \(guarded.joined(separator: ", ")) is missing, before anything runs on it") }
            let name = InfraLayout.taskName(path)
            return OperationDraft(
                id: "missing-files-\(name)",
                title: "Check the files \(name) relies on",
                risk: .low,
                rationale: "\(path) \(what.joined(separator: " and ")). Nothing in the plan creates \(fixedKeys.count == 1 ? "that file" : "those files"); "
                    + "without this the script fails halfway with a message that does not say what is missing.",
                findings: Set(fixedKeys).sorted().map { Finding(rule: id, key: $0, file: path, line: 1, message: "").id },
                dependsOn: context.operations(touching: path),
                preconditions: ["the working tree is committed, so the change can be reviewed and reverted"],
                commands: ["bash -n \(path)", "shellcheck \(path)"],
                expectedOutputs: ["no output from `bash -n`", "shellcheck exits 0"],
                edits: [path: .write(editor.text(), mode: reality.snapshot[path]?.mode ?? .executable)])
        }.compactMap { $0 }
    }

    static func isCondition(_ c: ShellConstruct) -> Bool {
        if case .ifCondition = c { return true }
        if case .loopHead = c { return true }
        return false
    }

    /// The existing file obviously meant: in the same folder, with the same extension, one
    /// name containing the other (`class.yaml` for `gatewayclass.yaml`), and only one such file.
    static func meant(_ ref: FileReference, in reality: RepoReality) -> String? {
        let missing = ref.candidates[0]
        let folder = parentFolder(missing)
        let name = String(missing.split(separator: "/").last ?? "")
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let stem = name[..<dot].lowercased(), ext = name[dot...]
        guard stem.count >= 4 else { return nil }
        let matches = reality.snapshot.files(directlyIn: folder).filter { p in
            guard !reality.snapshot.deleted.contains(p) else { return false }
            let other = String(p.split(separator: "/").last ?? "")
            guard other.hasSuffix(String(ext)), other != name else { return false }
            let otherStem = other.dropLast(ext.count).lowercased()
            return otherStem.count >= 4 && (otherStem.contains(stem) || stem.contains(otherStem))
        }
        return matches.count == 1 ? matches[0] : nil
    }
}
