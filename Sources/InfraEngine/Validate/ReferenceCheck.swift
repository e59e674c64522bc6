import ShellReader

/// Paths a patch's own shell lines source, apply or run exist in the tree it leaves (or the
/// line tests for them first). Lines the patch does not touch are the missing-files rule's
/// concern, not this patch's.
enum ReferenceCheck {
    /// `scripts`: the plan's parsed scripts, where the planner has usually read this version already.
    static func check(_ op: Operation, after: RepoSnapshot, added: [String: Set<Int>], scripts: ScriptCache) -> ValidationResult? {
        let paths = op.files.map(\.path).filter { $0.hasSuffix(".sh") && after.files[$0] != nil }
        guard !paths.isEmpty else { return nil }
        var missing: [String] = []
        for path in paths {
            guard let text = after.text(path), let lines = added[path], !lines.isEmpty else { continue }
            let file = ShellFile(path: path, script: scripts.script(path: path, text: text))
            // The plan's resolver of this version (`PathResolver.of`), made once for both.
            let resolver = scripts.derived("path-resolver", path: path, from: text) { PathResolver(file) }
            for ref in FileReferences.references(in: file, startingOn: lines, resolver: resolver) {
                if ref.candidates.contains(where: after.exists) || MissingFilesRule.isTested(ref) { continue }
                missing.append("\(path):\(ref.command.startLine) \(ref.kind.rawValue) \(ref.candidates[0])")
            }
        }
        return missing.isEmpty ? .init(check: "references", status: .passed)
            : .init(check: "references", status: .failed, detail: "missing: " + missing.prefix(3).joined(separator: "; "))
    }
}
