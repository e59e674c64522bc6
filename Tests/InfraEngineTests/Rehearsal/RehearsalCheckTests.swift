import Foundation
import Testing
import TestDoubles
@testable import InfraEngine

/// The refusal rules of the `rehearsal` check on runs written by hand (no sandbox needed).
@Suite struct RehearsalCheckTests {
    let script = "ops/steps/30_queue.sh"

    func call(_ line: String, _ kind: CallClass, rc: Int32 = 0, resource: String? = nil, by: String? = nil) -> DoubleCall {
        let words = line.split(separator: " ").map(String.init)
        return DoubleCall(seq: 1, run: "1", tool: words[0], args: Array(words.dropFirst()), callClass: kind, rc: rc,
                          script: by ?? script, resource: resource)
    }

    func run(_ n: Int, status: Int32 = 0, _ calls: [DoubleCall] = [], problems: [String] = []) -> StepRun {
        StepRun(step: script, run: n, status: status, timedOut: false, outputCut: false, mutating: calls.filter(\.isMutating),
                failedCalls: calls.filter { $0.rc != 0 }, unmodelled: [], firstError: problems.first, problems: problems, seconds: 0)
    }

    func refusal(_ before: [StepRun], _ after: [StepRun], touched: Set<String>? = nil) -> String? {
        RehearsalCheck.refusal(script: script, touched: touched ?? [script], before: before, after: after)
    }

    /// Strict mode added to a task whose second run hit "already exists" and went on: the
    /// patched run 2 stops on that same failed create. The rerun operations fix it; the
    /// strict-mode patch only stopped hiding it.
    @Test func stoppingOnAFailureTheOriginalAlsoMetIsNotThePatchs() {
        let exists = call("gcloud compute networks create n", .create, rc: 1, resource: "network n")
        let before = [run(1, [call("gcloud compute networks create n", .create, resource: "network n")]), run(2, [exists])]
        let after = [run(1, [call("gcloud compute networks create n", .create, resource: "network n")]), run(2, status: 1, [exists])]
        #expect(refusal(before, after) == nil)
        // A failure the original never met is still the patch's.
        let fresh = [run(1, [call("gcloud compute networks create n", .create, resource: "network n")]),
                     run(2, status: 1, [call("gcloud compute routers create r", .create, rc: 1, resource: "router r")])]
        #expect(refusal(before, fresh)?.hasPrefix("run 2 fails") == true)
    }

    /// A cleanup whose delete finds nothing (`helm uninstall legacy`, then the install): the
    /// original went on to install; a patched run that stops on that same failed delete never
    /// installs, and is refused although the delete failed in the original too.
    @Test func stoppingOnADeleteTheOriginalLivedWithIsThePatchs() {
        let gone = call("helm uninstall legacy", .delete, rc: 1, resource: "helm release shop/legacy")
        let install = call("helm upgrade --install shop ./chart", .apply, resource: "helm release shop/shop")
        let before = [run(1, [gone, install]), run(2, [gone, install])]
        let after = [run(1, status: 1, [gone]), run(2, status: 1, [gone])]
        #expect(refusal(before, after)?.hasPrefix("run 1 fails") == true)
    }

    /// The original exited 0 only by going on past a missing file: a guard that now stops
    /// there fails loudly, which is the fix, not harm.
    @Test func aGuardStoppingWhereTheOriginalPrintedNoSuchFileIsNoHarm() {
        let missing = ["ops/snapshot.sh: line 6: env/db.env: No such file or directory"]
        let before = [run(1, [call("kubectl exec db -- pg_dump", .other)], problems: missing), run(2, problems: missing)]
        let after = [run(1, status: 1), run(2, status: 1)]
        #expect(refusal(before, after) == nil)
        // From a clean original, the same stop is refused.
        #expect(refusal([run(1), run(2)], after)?.hasPrefix("run 1 fails") == true)
    }

    /// `apply -k` names every object of its layer: a Secret that left the layer for a
    /// `create secret | apply -f -` of its own is still made.
    @Test func callsAreComparedByEachResourceTheyActOn() {
        let before = [run(1, [call("kubectl apply -k k8s", .apply, resource: "kubectl secret wiki/db; kubectl deployment wiki/app")]), run(2)]
        let after = [run(1, [call("kubectl apply -f -", .apply, resource: "kubectl secret wiki/db"),
                             call("kubectl apply -k k8s", .apply, resource: "kubectl deployment wiki/app")]), run(2)]
        #expect(refusal(before, after) == nil)
        let lost = [run(1, [call("kubectl apply -k k8s", .apply, resource: "kubectl deployment wiki/app")]), run(2)]
        #expect(refusal(before, lost)?.contains("no longer makes") == true)
    }

    @Test func createBecomingApplyOfTheSameResourceKeepsTheCall() {
        let before = [run(1, [call("kubectl create ns q", .create, resource: "Namespace/q")]), run(2, status: 1)]
        let after = [run(1, [call("kubectl apply -f -", .apply, resource: "Namespace/q")]), run(2)]
        #expect(refusal(before, after) == nil)
    }

    @Test func droppingACreateThatWorkedIsRefused() {
        let before = [run(1, [call("gcloud pubsub topics create q", .create, resource: "topic q")]), run(2, status: 1)]
        let after = [run(1), run(2)]
        #expect(refusal(before, after)?.contains("gcloud pubsub topics create q") == true)
    }

    @Test func stoppingACallThatFailedAnywayIsNoHarm() {
        let before = [run(1, status: 1, [call("kubectl apply -f gone.yaml", .apply, rc: 1)]), run(2, status: 1)]
        let after = [run(1, status: 1, problems: []), run(2, status: 1)]
        #expect(refusal(before, after) == nil)
    }

    @Test func secondRunBreakingIsRefusedStillFailingIsNot() {
        let ok = [run(1), run(2)]
        #expect(refusal(ok, [run(1), run(2, status: 1)])?.hasPrefix("run 2 fails") == true)
        #expect(refusal([run(1), run(2, status: 1)], [run(1), run(2, status: 1)]) == nil)
    }

    @Test func aNewErrorLineIsRefusedAMovedOneIsNot() {
        let before = [run(1, problems: ["ops/steps/30_queue.sh: line 4: jq: command not found"]), run(2)]
        let moved = [run(1, problems: ["ops/steps/30_queue.sh: line 9: jq: command not found"]), run(2)]
        let fresh = [run(1, problems: ["ops/steps/30_queue.sh: line 2: QUEUE: unbound variable"]), run(2)]
        #expect(refusal(before, moved) == nil)
        #expect(refusal(before, fresh)?.contains("unbound variable") == true)
    }

    @Test func aFailureInAnotherScriptIsNotThePatchs() {
        let other = "ops/steps/40_db.sh"
        let after = [run(1, status: 1, [call("gcloud sql instances create db", .create, rc: 1, by: other)]), run(2, status: 1)]
        #expect(refusal([run(1), run(2)], after) == nil)
        #expect(refusal([run(1), run(2)], after, touched: [script, other]) != nil)
    }

    /// s16 (breaker, session 7): strict mode added to a task made its library's `debug`
    /// stop on `$DEBUG`; the error line names the library, which the patch does not touch.
    /// A sourced file is the task's own code, so the failure is the patch's.
    @Test func aFailureInTheLibraryATaskSourcesIsThePatchs() {
        let before = [run(1, [call("kubectl apply -f app.yaml", .apply, resource: "kubectl deployment app")]), run(2)]
        let after = [run(1, status: 1, problems: ["ops/lib/common.sh: line 3: DEBUG: unbound variable"]), run(2, status: 1)]
        #expect(refusal(before, after)?.contains("DEBUG: unbound variable") == true)
        // Through a failed call made inside a library function, too.
        let inLib = [run(1, status: 1, [call("kubectl apply -f app.yaml", .apply, rc: 1, by: "ops/lib/k8s.sh")]), run(2, status: 1)]
        #expect(refusal(before, inLib) != nil)
    }

    @Test func aNewScriptIsRefusedForDeletingOrItsOwnErrors() {
        let deleting = [run(1, [call("helm uninstall web", .delete)]), run(2)]
        #expect(refusal([], deleting)?.contains("deletes") == true)
        #expect(refusal([], [run(1, status: 1, problems: ["\(script): line 3: die: command not found"]), run(2, status: 1)]) != nil)
        #expect(refusal([], [run(1, status: 1, problems: ["error: missing required environment: TIER"]), run(2, status: 1)])?
            .contains("before any task runs") == true)
        #expect(refusal([], [run(1, status: 1, problems: ["error: task 20_db failed; see logs/20_db.log"]), run(2, status: 1)]) == nil)
        let taskFails = [run(1, status: 1, [call("gcloud sql instances create db", .create, rc: 1, by: "ops/steps/40_db.sh")]), run(2, status: 1)]
        #expect(refusal([], taskFails) == nil)
    }

    /// The `rehearse` verdict, on the same hand-written runs.
    @Test func verdictBreaksOnSecondCreatesDeletesAndProblemLines() {
        let clean = [run(1, [call("gcloud pubsub topics create q", .create)]), run(2)]
        #expect(RehearsalReport.judge(clean, deletesAllowed: false).passed)
        let again = [run(1), run(2, [call("gcloud pubsub topics create q", .create)])]
        #expect(RehearsalReport.judge(again, deletesAllowed: false).reasons == ["run 2: \(script) creates again: gcloud pubsub topics create q"])
        let deleting = [run(1, [call("helm uninstall web", .delete)]), run(2)]
        #expect(!RehearsalReport.judge(deleting, deletesAllowed: false).passed)
        #expect(RehearsalReport.judge(deleting, deletesAllowed: true).passed)
        let sloppy = [run(1, problems: ["\(script): line 3: jq: command not found"]), run(2)]
        #expect(RehearsalReport.judge(sloppy, deletesAllowed: false).reasons.first?.contains("prints:") == true)
    }
}
