import Foundation
import Testing
@testable import InfraEngine

/// The whole-plan preview: the planned tree (every operation applied to a copy, nothing
/// written) rehearsed, and a clean first run's calls grouped by task in call order.
@Suite struct WholePlanRehearsalTests {
    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func thePlannedDemoRehearsesCleanlyGroupedByTask() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try FileManager.default.removeItem(at: repo.root)
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Resources/demo"), to: repo.root)
        try repo.git("init", "-q", "-b", "main")
        try repo.commitAll("demo")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions())
        let snapshot = try RepoReader(root: repo.root, infraDir: "ai/infra").read()
        let (report, skipped) = try WholePlanRehearsal.rehearse(plan.operations, on: snapshot, infraDir: "ai/infra")
        #expect(skipped.isEmpty)
        #expect(report.verdict.passed, "\(report.verdict.reasons)")
        #expect(report.target == "ai/infra/init.sh", "the planned entrypoint runs")
        let groups = WholePlanRehearsal.byTask(report)
        #expect(groups.map(\.task).first == "010-project-apis", "\(groups.map(\.task))")
        #expect(Set(groups.map(\.task)).count == groups.count, "one group a task")
        let first = report.runs.filter { $0.run == 1 }.flatMap(\.mutating)
        #expect(groups.flatMap(\.calls).count == first.count, "every call of run 1, once")
        // The preview's ops blocks are the same groups, in the same order.
        #expect(RehearsalText.preview(report).map(\.commands) == groups.map { $0.calls.map(\.shellLine) })
        // Nothing was written: the demo is as it was.
        #expect(try repo.git("status", "--porcelain").stdout.isEmpty)
    }
}
