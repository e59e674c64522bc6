import Foundation

/// Read, plan, validate: what `plan`, and `apply`/`export` without `--plan`, do.
public enum PlanPipeline {
    public static func run(root: URL, infraDir: String = "ai/infra", externalTools: Bool = true) async throws(EngineError) -> Plan {
        let snapshot = try RepoReader(root: root, infraDir: infraDir).read()
        let plan = try Planner.plan(snapshot: snapshot, repo: root.path, options: PlanOptions(infraDir: infraDir))
        return await Validator(useExternalTools: externalTools).validate(plan, original: snapshot)
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
