import Foundation

/// `infra-tui rehearse` for people: per run and step, the exit, the mutating calls in order
/// (with the task that made each), the first error line and the problem lines, then the
/// verdict; and the preview, one Test-mode ops block per task.
public enum RehearsalText {
    public static func report(_ r: RehearsalReport) -> String {
        if let skipped = r.skipped { return "rehearsal skipped: \(skipped)\n" }
        var out = "rehearsal of \(r.target == "tasks" ? "every numbered task, in order" : r.target): twice, in a sandbox, against test doubles\n"
        if !r.placeholders.isEmpty {
            out += "placeholders (the environment lacked them): "
            out += r.placeholders.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + "\n"
        }
        if !r.teardown.isEmpty { out += "teardown tasks (run only with --only): \(r.teardown.joined(separator: ", "))\n" }
        for run in 1...2 {
            out += "\nrun \(run)\n"
            for step in r.runs where step.run == run {
                let ending = step.timedOut ? "killed at the time limit" : step.outputCut ? "output cut" : "exit \(step.status)"
                out += "  \(step.step): \(ending) (\(String(format: "%.2f", step.seconds)) s)\n"
                for call in step.mutating {
                    let task = call.script.map { " [\(InfraLayout.taskName($0))]" } ?? ""
                    let failed = call.rc != 0 ? " -> rc \(call.rc)" + (call.message.map { ": \($0)" } ?? "") : ""
                    out += "    \(call.kind.padding(toLength: 6, withPad: " ", startingAt: 0)) \(call.shellLine)\(task)\(failed)\n"
                }
                if !step.unmodelled.isEmpty { out += "    not modelled: \(step.unmodelled.joined(separator: "; "))\n" }
                if let error = step.firstError, !step.passed { out += "    first error: \(error)\n" }
                for line in step.problems where line != step.firstError { out += "    problem: \(line)\n" }
            }
        }
        out += "\nverdict: " + (r.verdict.passed ? "passed (run 1 passes; run 2 passes and creates nothing; nothing deleted)\n" : "failed\n")
        for reason in r.verdict.reasons { out += "  - \(reason)\n" }
        return out
    }

    /// The preview of a clean first run: per task, the ops block a person would send.
    public static func preview(_ r: RehearsalReport) -> [OpsBlock] {
        let vars = r.placeholders.keys.sorted()
        return WholePlanRehearsal.byTask(r).map { group in
            let (task, calls) = (group.task, group.calls)
            let tools = Set(calls.map(\.tool))
            let group: OpsBlock.Group = tools.isSubset(of: ["kubectl", "helm", "kind", "k3d"]) ? .cluster : .cloud
            let deletes = calls.contains { $0.kind == "delete" }
            var expected = ["exit 0 on both runs"]
            for call in calls where call.kind == "create" {
                expected.append("second run: \(call.resource ?? call.shellLine) is found and not created again")
            }
            if calls.contains(where: { $0.kind == "apply" }) { expected.append("second run: each apply reports unchanged (or configured) and exits 0") }
            return OpsBlock(
                id: OperationID.slug("rehearsal", "preview", task), title: "What \(task) does, as rehearsed",
                mode: .test, group: group, risk: deletes ? .high : .med,
                preconditions: ["the tools authenticated against the intended project and cluster"]
                    + (vars.isEmpty ? [] : ["set for real (rehearsed with placeholders): \(vars.joined(separator: ", "))"]),
                commands: calls.map(\.shellLine), expectedOutputs: expected,
                rollback: ["delete, in reverse order, what these commands created (the scaffolding's teardown task where there is one)"])
        }
    }

    /// The preview as Markdown: one fenced ops block per task.
    public static func previewMarkdown(_ r: RehearsalReport) -> String {
        if let skipped = r.skipped { return "rehearsal skipped: \(skipped)\n" }
        let blocks = preview(r)
        if blocks.isEmpty { return "The rehearsed first run makes no create, apply or delete call.\n" }
        return blocks.map(OpsBlockText.render).joined(separator: "\n")
    }
}
