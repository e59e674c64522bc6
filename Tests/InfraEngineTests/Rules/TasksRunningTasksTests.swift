import Foundation
import Testing
@testable import InfraEngine

/// A numbered task that runs other tasks itself (a convenience "all" task) makes the
/// entrypoint's full run run those twice: said, with no patch (which one to keep is the
/// person's call).
@Suite struct TasksRunningTasksTests {
    static func task(_ body: String) -> String { "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n" }

    @Test func aTaskThatRunsTasksIsReported() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/010-kind.sh", Self.task("echo kind"), executable: true)
        try repo.write("ops/tasks/020-ingress.sh", Self.task("echo ingress"), executable: true)
        try repo.write("ops/tasks/040-all.sh", Self.task("d=\"$(dirname \"$0\")\"\n\"$d/010-kind.sh\"\nbash \"$d/020-ingress.sh\""), executable: true)
        try repo.write("ops/tasks/050-own.sh", Self.task("bash \"$(dirname \"$0\")/../tools/helper.sh\""), executable: true)
        try repo.write("ops/tools/helper.sh", Self.task("echo helper"), executable: true)
        try repo.commitAll("all")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        let found = plan.findings.filter { $0.message.contains("runs the tasks") }
        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(found.first?.file == "ops/tasks/040-all.sh" && found.first?.line == 4 && found.first?.operation == nil)
        #expect(found.first?.message.contains("`010-kind`, `020-ingress`") == true)
    }
}
