import Foundation

/// Read, plan, validate: what `plan`, and `apply`/`export` without `--plan`, do.
public enum PlanPipeline {
    public static func run(root: URL, infraDir: String = "ai/infra", externalTools: Bool = true) async throws(EngineError) -> Plan {
        let snapshot = try RepoReader(root: root, infraDir: infraDir).read()
        let session = ValidationSession(Validator(useExternalTools: externalTools), original: snapshot, repo: root.path)
        // The planner gets a thread of its own, so Swift's pool stays free for the tool calls
        // validation starts while the later rules are still planning.
        let planned: Result<Plan, EngineError> = await withCheckedContinuation { done in
            Thread.detachNewThread {
                done.resume(returning: Result { () throws(EngineError) -> Plan in
                    try Planner.plan(snapshot: snapshot, repo: root.path, options: PlanOptions(infraDir: infraDir), onOperation: session.add)
                })
            }
        }
        switch planned {
        case .success(let plan):
            return await session.finish(plan)
        case .failure(let error):
            _ = await session.finish(Plan(repo: root.path, infraDir: infraDir, operations: [], findings: []))
            throw error
        }
    }

    /// Operations refused before writing because their validation failed.
    public static func invalid(_ operations: [Operation]) -> [String: String] {
        var out: [String: String] = [:]
        for op in operations {
            if let failure = op.validation.first(where: { $0.status == .failed }) {
                out[op.id] = "validation failed (\(failure.check)): \(failure.detail)"
            }
        }
        return out
    }
}
