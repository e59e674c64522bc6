import Foundation

/// The whole-plan preview (issue 11, item 5): what running the scaffolding does to the cloud
/// once the plan's operations are applied, task by task. `rehearse` runs the planned tree in
/// the sandbox as `infra-tui rehearse` runs a repository; `byTask` groups a clean first run's
/// create, apply and delete calls by the task that made them, in the order they were made;
/// RehearsalText.preview makes each group a Test-mode ops block.
public enum WholePlanRehearsal {
    /// One task's calls, in call order.
    public struct TaskCalls: Sendable, Equatable {
        /// The task's name (`020-network`), or the step's when no task is known.
        public var task: String
        public var calls: [RecordedCall]
    }

    /// The tree `snapshot` becomes once `operations` (in order) are applied, rehearsed twice
    /// with `base` (the person's environment or an env file's; missing names get typed
    /// placeholders, listed in the report). An operation that does not apply to the tree
    /// the earlier ones left is left out, and named in `skippedOperations`. Blocks for the
    /// length of a rehearsal (run it off the UI's thread); never throws for a missing sandbox:
    /// the report says "skipped".
    public static func rehearse(_ operations: [Operation], on snapshot: RepoSnapshot, infraDir: String,
                                base: [String: String] = [:]) throws(EngineError) -> (report: RehearsalReport, skippedOperations: [String]) {
        var tree = snapshot
        var skipped: [String] = []
        for op in operations {
            if case .failure = Validator.apply(op, to: &tree) { skipped.append(op.id) }
        }
        return (try Rehearsal.run(snapshot: tree, infraDir: infraDir, base: base), skipped)
    }

    /// Run 1's create, apply and delete calls grouped by the task that made each (the doubles
    /// name it; else the step), groups in the order of their first call.
    public static func byTask(_ report: RehearsalReport) -> [TaskCalls] {
        var order: [String] = []
        var calls: [String: [RecordedCall]] = [:]
        for step in report.runs where step.run == 1 {
            for call in step.mutating {
                let task = call.script.map(InfraLayout.taskName) ?? step.step
                if calls[task] == nil { order.append(task) }
                calls[task, default: []].append(call)
            }
        }
        return order.map { TaskCalls(task: $0, calls: calls[$0]!) }
    }
}
