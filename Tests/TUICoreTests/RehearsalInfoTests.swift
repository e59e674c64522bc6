import Testing
import TestDoubles
@testable import InfraEngine
@testable import TUICore

/// The Info view shows an operation's rehearsal: the verdict and the calls before and after.
@Suite struct RehearsalInfoTests {
    func run(_ n: Int, passed: Bool, calls: [String]) -> StepRun {
        let recorded = calls.enumerated().map { i, line in
            let words = line.split(separator: " ").map(String.init)
            return DoubleCall(seq: i + 1, run: String(n), tool: words[0], args: Array(words.dropFirst()),
                              callClass: words.contains("create") ? .create : .apply, rc: 0)
        }
        return StepRun(step: "infra/tasks/05_db.sh", run: n, status: passed ? 0 : 1, timedOut: false, outputCut: false,
                       mutating: recorded, failedCalls: [], unmodelled: [], firstError: nil, problems: [], seconds: 0)
    }

    @Test func refusedRehearsalShowsTheReasonAndBothSides() {
        let before = [run(1, passed: true, calls: ["gcloud sql instances create db1", "kubectl apply -f db.yaml"]), run(2, passed: false, calls: [])]
        let after = [run(1, passed: true, calls: ["kubectl apply -f db.yaml"]), run(2, passed: true, calls: [])]
        let rehearsal = OperationRehearsal(
            verdict: .refused, detail: "infra/tasks/05_db.sh: run 1 no longer makes a call the original made: gcloud sql instances create db1",
            scripts: [ScriptComparison(script: "infra/tasks/05_db.sh", before: before, after: after, refusal: "dropped")])
        let text = RehearsalLines.lines(rehearsal, width: 120).map { $0.spans.map(\.0).joined() }
        #expect(text.contains("Rehearsal"))
        #expect(text.contains { $0.hasPrefix("refused: infra/tasks/05_db.sh: run 1 no longer makes") })
        #expect(text.contains("  before: 2 mutating call(s); run 1 passes, run 2 fails"))
        #expect(text.contains("    create gcloud sql instances create db1"))
        #expect(text.contains("  after: 1 mutating call(s); run 1 passes, run 2 passes"))
        #expect(RehearsalLines.lines(nil, width: 80).isEmpty)
    }
}
