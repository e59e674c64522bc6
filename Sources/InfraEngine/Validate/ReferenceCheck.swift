import ShellReader

/// Paths a patch's own shell lines source, apply or run exist in the tree it leaves (or the
/// line tests for them first). Lines the patch does not touch are the missing-files rule's
/// concern, not this patch's.
enum ReferenceCheck {
    static func check(_ op: Operation, after: RepoSnapshot, added: [String: Set<Int>]) -> ValidationResult? {
        let scripts = op.files.map(\.path).filter { $0.hasSuffix(".sh") && after.files[$0] != nil }
        guard !scripts.isEmpty else { return nil }
        var missing: [String] = []
        for path in scripts {
            guard let text = after.text(path), let lines = added[path], !lines.isEmpty else { continue }
            let file = ShellFile(path: path, script: ShellReader.read(text, path: path))
            for ref in FileReferences.references(in: file) where lines.contains(ref.command.startLine) {
                if ref.candidates.contains(where: after.exists) || MissingFilesRule.isTested(ref) { continue }
                missing.append("\(path):\(ref.command.startLine) \(ref.kind.rawValue) \(ref.candidates[0])")
            }
        }
        return missing.isEmpty ? .init(check: "references", status: .passed)
            : .init(check: "references", status: .failed, detail: "missing: " + missing.prefix(3).joined(separator: "; "))
    }
}
