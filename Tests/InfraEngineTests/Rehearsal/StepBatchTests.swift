import Foundation
import Testing
@testable import InfraEngine

/// The limits hold per step when every step of a rehearsal runs in one sandbox (StepBatch):
/// a step that loops is killed at the time limit and the next still runs; output past the
/// limit is cut and the step stopped; each step's calls are its own; nothing survives.
@Suite(.serialized)
struct StepBatchTests {
    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    func rehearse(_ scripts: [(String, String)], limits: Sandbox.Limits) throws -> [StepRun] {
        var rehearser = try Rehearser.ready().get()
        rehearser = Rehearser(sandbox: Sandbox(bwrap: rehearser.sandbox.bwrap, limits: limits), doubles: rehearser.doubles)
        let area = try RehearsalArea()
        defer { area.remove() }
        var files: [String: RepoFile] = [:]
        for (path, text) in scripts { files[path] = RepoFile(text: text) }
        area.lay(RepoSnapshot(files: files))
        try area.install(rehearser.doubles)
        return rehearser.rehearse(scripts.map { .script($0.0) }, in: area, environment: [:])
    }

    @Test(.enabled(if: ready && StepBatch.timeout != nil, "needs bubblewrap, the doubles and coreutils timeout"))
    func aLoopingStepIsKilledAtTheLimitAndTheNextStillRuns() throws {
        let marker = "loop-\(UUID().uuidString.prefix(8))"
        let runs = try rehearse([
            ("t/01-loop.sh", "setsid sleep 1000 \(marker) &\nwhile :; do :; done\n"),
            ("t/02-next.sh", "kubectl create namespace next\n"),
        ], limits: .init(wallSeconds: 1))
        let loop = runs.filter { $0.step == "t/01-loop.sh" }
        #expect(loop.count == 2 && loop.allSatisfy { $0.timedOut }, "\(loop.map { "\($0.status) \($0.firstError ?? "") \($0.problems)" })")
        #expect(loop.first?.firstError?.contains("wall-time limit") == true || loop.first?.status != 0)
        let next = runs.filter { $0.step == "t/02-next.sh" }
        #expect(next.first { $0.run == 1 }?.passed == true)
        #expect(next.first { $0.run == 1 }?.creates.map(\.shellLine) == ["kubectl create namespace next"])
        // Run 2's create fails on what run 1 made, and is counted to run 2 alone.
        #expect(next.first { $0.run == 2 }?.creates.first?.rc == 1)
        usleep(200_000)
        let ps = try Run.command("/bin/ps", ["-eo", "args"]).stdout
        #expect(!ps.contains(marker), "a process outlived the rehearsal")
    }

    /// The driver moves on as soon as a step's output is in (its copier says so on a FIFO),
    /// not after waiting out a timer per step: 16 steps that print a line, both runs.
    @Test(.enabled(if: ready && StepBatch.timeout != nil, "needs bubblewrap, the doubles and coreutils timeout"))
    func theNextStepStartsWhenTheOutputIsIn() throws {
        let start = Date()
        let runs = try rehearse((1...8).map { ("t/0\($0)-echo.sh", "echo step \($0)\n") }, limits: .init())
        #expect(runs.count == 16 && runs.allSatisfy { $0.passed })
        // A wait of 1 s a step (the copier's word lost) would take 16 s; loaded, this takes 2.
        #expect(Date().timeIntervalSince(start) < 8, "\(Date().timeIntervalSince(start)) s")
    }

    @Test(.enabled(if: ready && StepBatch.timeout != nil, "needs bubblewrap, the doubles and coreutils timeout"))
    func outputPastTheLimitIsCutAndTheStepStopped() throws {
        let runs = try rehearse([("t/01-chatty.sh", "yes 'a line of output'\necho unreachable\n")], limits: .init(outputBytes: 4_096))
        let first = try #require(runs.first)
        #expect(first.outputCut)
        #expect(!first.passed)
    }

    @Test(.enabled(if: ready && StepBatch.timeout != nil, "needs bubblewrap, the doubles and coreutils timeout"))
    func aWriteOutsideTheTreeIsTheStepsError() throws {
        let runs = try rehearse([("t/01-escape.sh", "set -e\necho x > ../outside-\(UUID().uuidString.prefix(6))\n")], limits: .init())
        let first = try #require(runs.first)
        #expect(!first.passed)
        #expect(first.firstError?.contains("Read-only file system") == true, "\(first)")
    }
}
