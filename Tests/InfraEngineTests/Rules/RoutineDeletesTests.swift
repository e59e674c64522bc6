import Foundation
import Testing
import ShellReader
import TestDoubles
@testable import InfraEngine

/// The session-11 tester's (brk14) defect 6: a delete that restarts or clears derived and
/// scratch things is no teardown. Pods deleted for their controllers to make again, a
/// `rollout restart`, one-off Jobs, scratch resources named so and `rm -rf` of temporary
/// paths stay in the full run; deletes of clusters, namespaces, releases, buckets and DNS
/// records are still teardowns.
@Suite struct RoutineDeletesTests {
    static var hasBash: Bool { Run.which("bash") != nil }
    static func teardown(_ name: String, _ body: String) -> TaskRoles.Teardown? { RunnerChoiceTests.teardown(name, body) }

    @Test func restartsAndScratchCleanupAreNoTeardowns() {
        let routine: [(String, String)] = [
            ("30-restart", "kubectl -n ci delete pod -l app=runner --wait=false"),
            ("31-bounce", "kubectl delete pods runner-0 runner-1 -n ci"),
            ("32-bounce-by-name", "kubectl -n ci delete pod/runner-0 pod/runner-1"),
            ("33-reset-web", "kubectl -n web rollout restart deploy/web"),
            ("34-cleanup-migrate", "kubectl -n app delete job db-migrate"),
            ("999-cleanup-tmp", "rm -rf /tmp/acme-scratch\ngcloud pubsub subscriptions delete scratch-sub --project \"$P\" --quiet || true"),
            ("40-cleanup", "work=$(mktemp -d)\nrm -rf \"$work\""),
            ("41-drop-vm", "gcloud compute instances delete img-builder --zone z --quiet"),
            ("42-cleanup-ci", "kubectl delete namespace \"ci-$GITHUB_RUN_ID\""),
            ("43-teardown-scratch", "kubectl delete namespace tmp-preview --ignore-not-found\nrm -rf \"$TMPDIR/preview\""),
        ]
        for (name, body) in routine {
            #expect(Self.teardown(name, body) == nil, "\(name): \(body)")
        }
        let teardowns: [(String, String)] = [
            ("90-wipe", "gcloud container clusters delete main --quiet"),
            ("91-cleanup", "helm uninstall web -n web"),
            ("92-cleanup", "rm -rf \"$HOME/.kube\""),
            ("93-reset-db", "kubectl -n db rollout restart sts/db\nkubectl -n db exec db-0 -- psql -c 'drop schema app cascade'"),
            ("94-dns", "gcloud dns record-sets delete www.example.org. --zone shop --type A"),
            ("95-cleanup", "gsutil rm -r gs://shop-assets"),
            ("96-cleanup", "kubectl delete namespace ci-runners"),
            ("97-cleanup", "kubectl delete cronjob nightly"),
            ("98-cleanup", "kubectl delete pod -l app=x\nkubectl delete namespace app"),
            ("99-down", "rm -rf /tmp/x\nkubectl delete namespace web"),
            ("99-cleanup", "rm -rf /tmp/x\nrm -rf state/"),
        ]
        for (name, body) in teardowns {
            #expect(Self.teardown(name, body) != nil, "\(name): \(body)")
        }
    }

    /// The rehearsal reads recorded deletes the same way: a bounced pod and a deleted builder
    /// VM remove nothing for good; a namespace does.
    @Test func theRehearsalExcusesRestartsAndScratch() {
        func call(_ seq: Int, _ args: [String]) -> DoubleCall {
            DoubleCall(seq: seq, run: "1", tool: args[0], args: Array(args.dropFirst()), callClass: .delete, rc: 0,
                       script: "ai/infra/tasks/30-restart.sh", resource: nil)
        }
        func step(_ calls: [DoubleCall]) -> StepRun {
            StepRun(step: "init.sh", run: 1, status: 0, timedOut: false, outputCut: false, mutating: calls, failedCalls: [],
                    unmodelled: [], firstError: nil, problems: [], seconds: 0)
        }
        let excused = step([call(1, ["kubectl", "-n", "ci", "delete", "pod", "-l", "app=runner", "--wait=false"]),
                            call(2, ["gcloud", "compute", "instances", "delete", "img-builder", "--zone", "us-east4-a", "--quiet"])])
        #expect(excused.removals.isEmpty, "\(excused.removals)")
        let kept = step([call(1, ["kubectl", "delete", "namespace", "app"]), call(2, ["gcloud", "run", "jobs", "delete", "nightly"])])
        #expect(kept.removals.count == 2, "\(kept.removals)")
    }

    /// r13's and r05's kind under other names: the documented runner restarts pods and
    /// cleans scratch; after apply the entrypoint's full run still does both, and a real
    /// teardown is still held back.
    @Test(.enabled(if: hasBash, "needs bash")) func aFullRunStillRestartsAndCleansScratch() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/10-key.sh", RunnerChoiceTests.task("kubectl -n ci create secret generic key --from-literal=k=v --dry-run=client -o yaml"),
                       executable: true)
        try repo.write("ops/tasks/20-restart.sh", RunnerChoiceTests.task("# pick up the key\nkubectl -n ci delete pods -l app=runner --wait=false"),
                       executable: true)
        try repo.write("ops/tasks/30-cleanup-tmp.sh",
                       RunnerChoiceTests.task("rm -rf /tmp/ops-scratch-test\nkubectl -n ci delete configmap scratch-cm --ignore-not-found"),
                       executable: true)
        try repo.write("ops/tasks/90-teardown.sh", RunnerChoiceTests.task("kubectl delete namespace ci"), executable: true)
        let runner = "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\nfor t in 10-key 20-restart 30-cleanup-tmp; do bash \"tasks/$t.sh\"; done\n"
        try repo.write("ops/run.sh", runner, executable: true)
        try repo.write("README.md", "# ci\n\nWeekly: `./ops/run.sh`\n")
        try repo.commitAll("scaffolding")
        let plan = try RunnerRolesTests.plan(repo)
        let entry = try #require(plan.operations.first { $0.id == "entrypoint-canonical-init" }).patch
        #expect(entry.contains("+TEARDOWN_TASKS=(90-teardown)\n"), "\(entry)")
        let before = try RunnerRolesTests.run(repo, "./ops/run.sh")
        #expect(before.status == 0 && before.calls.count == 3, "\(before)")
        try RunnerRolesTests.apply(repo)
        let full = try RunnerRolesTests.run(repo, "./ops/init.sh")
        #expect(full.status == 0 && full.calls == before.calls, "\(full)")
        let weekly = try RunnerRolesTests.run(repo, "./ops/run.sh")
        #expect(weekly.status == 0 && weekly.calls == before.calls, "\(weekly)")
    }
}
