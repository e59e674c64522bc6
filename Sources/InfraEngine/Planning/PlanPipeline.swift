import Foundation
import Synchronization

/// Read, plan, validate: what `plan`, and `apply`/`export` without `--plan`, do.
public enum PlanPipeline {
    /// `oneShot`: the process exits once it has the plan (a command line run), so the trees
    /// and parsed scripts behind it are left to the operating system instead of freed one
    /// object at a time (on a 1,000-task repository that took longer than printing the plan).
    public static func run(root: URL, infraDir: String = "ai/infra", externalTools: Bool = true,
                           oneShot: Bool = false) async throws(EngineError) -> Plan {
        let reading = PlanTrace.now()
        let snapshot = try RepoReader(root: root, infraDir: infraDir).read()
        PlanTrace.mark("read \(snapshot.files.count) files (\(PlanTrace.ms(since: reading)))")
        let scripts = ScriptCache()
        if oneShot { PlanViews.processExitsAfterPlan.store(true, ordering: .relaxed) }
        let session = ValidationSession(Validator(useExternalTools: externalTools), original: snapshot, repo: root.path, scripts: scripts, infraDir: infraDir)
        // The planner gets a thread of its own, so Swift's pool stays free for the tool calls
        // validation starts while the later rules are still planning.
        let planned: Result<Plan, EngineError> = await withCheckedContinuation { done in
            Thread.detachNewThread {
                done.resume(returning: Result { () throws(EngineError) -> Plan in
                    try Planner.plan(snapshot: snapshot, repo: root.path, options: PlanOptions(infraDir: infraDir), cache: scripts, onOperation: session.add)
                })
            }
        }
        if oneShot { ProcessLifetime.keep(session, scripts) }
        switch planned {
        case .success(let plan):
            PlanTrace.mark("planned \(plan.operations.count) operations")
            PlanTrace.mark("values made per purpose: \(CacheMisses.summary())")
            if PlanTrace.timesMakes { PlanTrace.mark("own CPU ms of those makes per purpose: \(CacheMisses.selfTimes)") }
            let validated = await session.finish(plan)
            PlanTrace.mark("validated")
            return validated
        case .failure(let error):
            _ = await session.finish(Plan(repo: root.path, infraDir: infraDir, operations: [], findings: []))
            throw error
        }
    }

    /// The review UI's plan, in two steps so its queue is up at once: the plan without the
    /// external tools (this), then `validate` in the background. Together they check what
    /// `run` checks, with the same Validator, so both faces refuse the same operations.
    public static func unvalidated(root: URL, infraDir: String = "ai/infra") throws(EngineError) -> (plan: Plan, snapshot: RepoSnapshot) {
        let snapshot = try RepoReader(root: root, infraDir: infraDir).read()
        let plan = try Planner.plan(snapshot: snapshot, repo: root.path, options: PlanOptions(infraDir: infraDir))
        return (plan, snapshot)
    }

    /// The second step of `unvalidated`: every check, external tools included.
    public static func validate(_ plan: Plan, snapshot: RepoSnapshot) async -> Plan {
        await Validator(useExternalTools: true).validate(plan, original: snapshot)
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

/// Objects kept until the process exits. Only for one-shot commands: nothing here is ever freed.
enum ProcessLifetime {
    private static let kept = Mutex<[any AnyObject & Sendable]>([])

    static func keep(_ objects: any AnyObject & Sendable...) {
        kept.withLock { $0 += objects }
    }
}
