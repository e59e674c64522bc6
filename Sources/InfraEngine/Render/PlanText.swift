/// Human forms of a plan: the terminal summary (`--format text`) and Markdown with the ops
/// blocks and patches (`--format ops`, `ops.md`).
public enum PlanText {
    public static func summary(_ plan: Plan) -> String {
        var out = "infra-tui plan for \(plan.repo) (\(plan.infraDir.isEmpty ? "." : plan.infraDir))\n"
        out += "\(plan.operations.count) operation\(plan.operations.count == 1 ? "" : "s"), "
            + "\(plan.findings.count) finding\(plan.findings.count == 1 ? "" : "s")\n"
        for note in plan.notes { out += "note: \(note)\n" }
        if !plan.operations.isEmpty { out += "\nOperations (apply in this order):\n" }
        for op in plan.operations {
            out += "  \(op.ops.risk.padding(4)) \(op.ops.group.padding(8)) \(op.id)  \(op.title)\n"
            if !op.dependsOn.isEmpty { out += "       depends on: \(op.dependsOn.joined(separator: ", "))\n" }
            out += "       files: \(op.files.map { "\($0.path) (\($0.change.rawValue))" }.joined(separator: ", "))\n"
            let failed = op.validation.filter { $0.status == .failed }
            if !failed.isEmpty {
                for f in failed { out += "       validation FAILED: \(f.check): \(f.detail)\n" }
                // One problem blocks only its own fix and what really needs it (issue 13, item 7): say which.
                let blocked = dependents(of: op.id, in: plan.operations)
                out += "       blocks: " + (blocked.isEmpty ? "no other operation" : blocked.joined(separator: ", ")) + "\n"
            } else if !op.validation.isEmpty {
                let skipped = op.validation.filter { $0.status == .skipped }.map(\.check)
                out += "       validation: passed" + (skipped.isEmpty ? "" : " (skipped: \(skipped.joined(separator: ", ")))") + "\n"
            }
        }
        if !plan.findings.isEmpty { out += "\nFindings:\n" }
        for f in plan.findings {
            out += "  \(f.location): \(f.message)" + (f.operation.map { " [fix: \($0)]" } ?? " [no automatic fix]") + "\n"
        }
        return out
    }

    /// The operations that depend on `id`, directly or through others, in plan order.
    static func dependents(of id: String, in operations: [Operation]) -> [String] {
        var blocked: Set<String> = [id]
        var out: [String] = []
        for op in operations where op.id != id && op.dependsOn.contains(where: blocked.contains) {
            blocked.insert(op.id)
            out.append(op.id)
        }
        return out
    }

    public static func markdown(_ plan: Plan) -> String { markdown(plan.operations, repo: plan.repo) }

    public static func markdown(_ operations: [Operation], repo: String) -> String {
        var out = "# infra-tui operations for \(repo)\n"
        for (i, op) in operations.enumerated() {
            out += "\n## \(i + 1). \(op.title)\n\n\(op.rationale)\n\n"
            out += OpsBlockText.render(op.ops)
            if !op.validation.isEmpty {
                out += "\nValidation:\n"
                for v in op.validation { out += "- \(v.check): \(v.status.rawValue)\(v.detail.isEmpty ? "" : " (\(v.detail))")\n" }
            }
            out += "\n```diff\n\(op.patch)```\n"
        }
        return out
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
