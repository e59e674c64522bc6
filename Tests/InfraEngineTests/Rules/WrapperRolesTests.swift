import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Issue 12: wrappers are resolved in every rule. A task that deletes only through its
/// library's wrapper is a teardown: a full run of the entrypoint leaves it out.
@Suite struct WrapperRolesTests {
    static let library = "# shellcheck shell=bash\ng() { gcloud --project \"$PROJECT\" --quiet \"$@\"; }\nk() { kubectl --context \"$CTX\" \"$@\"; }\n"

    static func repo(_ tasks: [String: String]) throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/lib/common.sh", Self.library)
        for (name, body) in tasks {
            try repo.write("ops/tasks/\(name).sh", "#!/usr/bin/env bash\nset -euo pipefail\nsource \"$(dirname \"$0\")/../lib/common.sh\"\n" + body + "\n",
                           executable: true)
        }
        try repo.commitAll("tasks")
        return repo
    }

    @Test func deletingThroughAWrapperIsATeardown() throws {
        let repo = try Self.repo([
            "010-net": "g compute networks describe core >/dev/null 2>&1 || g compute networks create core",
            "090-wipe": "k delete namespace app --ignore-not-found\ng container clusters delete main --region \"$REGION\"",
            "095-prune": "k delete pod -l stale=true",
        ])
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ops").read(), infraDir: "ops", cache: ScriptCache())
        let wipe = try #require(reality.tasks.first { $0.name == "090-wipe" })
        #expect(TaskRoles.teardown(wipe, in: reality)?.removes == ["container clusters"])
        // Read alone, the wrapper is unknown: the old reading, which saw no delete.
        #expect(TaskRoles.teardown(wipe) == nil)
        // Building tasks are not teardowns, through the wrapper or not.
        #expect(TaskRoles.teardown(try #require(reality.tasks.first { $0.name == "010-net" }), in: reality) == nil)
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        let entry = try #require(plan.operations.first { $0.id == "entrypoint-canonical-init" }).patch
        // Deleting pods by selector restarts them (their controllers make them again): no teardown (brk14 item 6).
        #expect(entry.contains("+TEARDOWN_TASKS=(090-wipe)"), "\(entry)")
    }

    /// The runbook's hand step for a Cloud DNS zone (delegate it at the registrar) follows a
    /// zone created through the wrapper as well.
    @Test func aZoneCreatedThroughAWrapperGetsItsHandStep() throws {
        let repo = try Self.repo(["020-dns": "g dns managed-zones describe shop >/dev/null 2>&1 || g dns managed-zones create shop --dns-name shop.example.org. --description shop"])
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        let runbook = try #require(plan.operations.first { $0.id == "docs-runbook" }).patch
        #expect(runbook.contains("+- Delegate the domain to the Cloud DNS zone at your registrar"), "\(runbook)")
    }
}
