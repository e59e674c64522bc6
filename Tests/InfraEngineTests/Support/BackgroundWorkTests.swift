import Foundation
import Synchronization
import Testing
@testable import InfraEngine

/// Work made behind the planner (issue 12, speed): the validation checks on a worker thread
/// that `sync` can take over, and the findings on a thread at the lowest priority that
/// nothing waits for. Both must give exactly what running the work in order would.
@Suite struct BackgroundWorkTests {
    /// Every piece runs once, in the order added, whether the worker or `sync`'s caller runs
    /// it; `sync` returns only when all of it has run.
    @Test(arguments: [false, true])
    func workerRunsEveryPieceOnceInOrder(behind: Bool) {
        let worker = BackgroundWorker(name: "test", behind: behind)
        let log = Mutex<[Int]>([])
        for i in 0..<500 {
            worker.async {
                if i % 50 == 0 { usleep(200) }  // uneven, so `sync` finds work not started
                log.withLock { $0.append(i) }
            }
        }
        worker.sync()
        #expect(log.withLock { $0 } == Array(0..<500))
        // Work added after a `sync` still runs, and a second `sync` waits for it.
        worker.async { log.withLock { $0.append(500) } }
        worker.sync()
        #expect(log.withLock { $0 }.last == 500)
    }

    /// `sync` right after the work is added (the thread behind, likely not started) returns
    /// only once every piece has run, whichever thread ran it.
    @Test func syncReturnsAfterEveryPiece() {
        let worker = BackgroundWorker(name: "test", behind: true)
        let ran = Atomic<Int>(0)
        for _ in 0..<100 { worker.async { ran.wrappingAdd(1, ordering: .relaxed) } }
        worker.sync()
        #expect(ran.load(ordering: .relaxed) == 100)
    }

    /// The findings collected at once (before the thread could finish any rule) and the
    /// findings collected after the thread finished them all are the same, in rule order,
    /// and the same as each rule's own.
    @Test func findingsAreTheSameWhoeverMakesThem() throws {
        let repo = try TestRepo(fixture: "edge-messy")
        let reality = try RepoReality(snapshot: RepoReader(root: repo.root, infraDir: "ai/infra").read(), infraDir: "ai/infra", cache: ScriptCache())
        let rules = RuleSet.coderMode
        let direct = rules.flatMap { $0.findings(in: reality) }
        let atOnce = BackgroundFindings(rules, on: reality).collect()
        let background = BackgroundFindings(rules, on: reality)
        usleep(300_000)
        let later = background.collect()
        #expect(atOnce == direct)
        #expect(later == direct)
        #expect(!direct.isEmpty)
    }
}
