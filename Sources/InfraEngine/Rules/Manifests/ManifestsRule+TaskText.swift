/// Fixes that change what a task creates so the manifests find it (a Secret's namespace
/// and key), one operation per task.
extension ManifestsRule {
    /// Drafts for `.taskText` fixes; tasks in `skipping` (already rewritten by this rule) keep
    /// only the finding, so two operations never write one file from the same base.
    func taskTextDrafts(_ problems: [ManifestProblem], context: RuleContext, skipping: Set<String>,
                        findingID: (ManifestProblem) -> String) -> [OperationDraft] {
        var byPath: [String: [(ManifestProblem, [TextReplacement])]] = [:]
        for p in problems {
            guard case .taskText(let path, let edits) = p.fix, !skipping.contains(path) else { continue }
            byPath[path, default: []].append((p, edits))
        }
        return byPath.keys.sorted().compactMap { path in
            guard let original = context.reality.snapshot.text(path) else { return nil }
            var editor = LineEditor(original)
            // Lines as edited so far: several replacements may land on one line.
            var lines: [Int: String] = [:]
            for e in byPath[path]!.flatMap(\.1) {
                let line = lines[e.line] ?? editor.line(e.line)
                // Exactly once on its line, or the task is left as it is.
                guard line.components(separatedBy: e.old).count == 2 else { return nil }
                lines[e.line] = line.replacingOccurrences(of: e.old, with: e.new)
            }
            for (n, line) in lines { editor.replace(n...n, with: [line]) }
            let text = editor.text()
            guard text != original else { return nil }
            let name = fileName(path)
            let changes = byPath[path]!.flatMap(\.1).map { "`\($0.old)` -> `\($0.new)`" }.joined(separator: ", ")
            return OperationDraft(
                id: "manifests-task-refs-\(name.split(separator: ".").first.map(String.init) ?? String(name))",
                title: "Create what the manifests read where they read it (\(name))",
                group: .cluster, risk: .med,
                rationale: "The manifests read an object this task creates, but not where or under the name the task creates it: "
                    + changes + ". Everything else in the task stays.",
                findings: byPath[path]!.map { findingID($0.0) },
                dependsOn: context.operations(touching: path),
                preconditions: ["a kube context for the target cluster", "the environment the task already needs"],
                commands: ["bash -n \(path)", "./\(context.reality.layout.entrypoint) --only \(name)"],
                expectedOutputs: ["bash -n prints nothing", "the object appears where the manifests read it"],
                edits: [path: .write(text, mode: context.reality.snapshot[path]?.mode ?? .executable)])
        }
    }
}
