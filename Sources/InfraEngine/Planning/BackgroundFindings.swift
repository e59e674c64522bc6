import Foundation
import Synchronization

/// The findings of a plan (every rule's, on the tree as it is), made beside the operations
/// (issue 12, speed). A thread of its own takes the rules one at a time, at the lowest
/// priority there is (`ThreadPriority.idle`): it runs only on a core the planner and its
/// loops leave free, so it never delays the rules' operations, the plan's critical path
/// (at nice 10 it still took 20 ms of the planner's core on the 1,000-task bench).
/// A thread that low can wait indefinitely on a busy machine, so nothing ever waits for it:
/// `collect`, on the planner's thread once the operations are planned, makes at normal
/// priority every rule's findings the thread has not finished, the one it may be working on
/// included (its answer, the same, is then dropped).
final class BackgroundFindings: @unchecked Sendable {
    private let rules: [any Rule]
    private let reality: RepoReality
    private struct State {
        /// The next rule no thread has started.
        var next = 0
        var results: [[Finding]?]
    }
    private let state: Mutex<State>

    /// Starts the thread. `rules`: in the order they are to be made (the manifests rule's
    /// first: it parses every manifest, which the operations need later).
    init(_ rules: [any Rule], on reality: RepoReality) {
        self.rules = rules
        self.reality = reality
        state = Mutex(State(results: Array(repeating: nil, count: rules.count)))
        Thread.detachNewThread { [self] in
            ThreadPriority.idle()
            PlanThreads.runLoopsAlone()
            while let i = claim() {
                let made = make(i, by: "")
                state.withLock { $0.results[i] = made }
            }
        }
    }

    /// Every rule's findings, in `rules`' order: the thread's where it finished them, the
    /// rest made here.
    func collect() -> [Finding] {
        // No rule is started by the thread after this.
        let stopped = state.withLock { s -> Int in
            defer { s.next = rules.count }
            return s.next
        }
        return rules.indices.flatMap { i -> [Finding] in
            if i < stopped, let made = state.withLock({ $0.results[i] }) { return made }
            return make(i, by: ", on the planner's thread")
        }
    }

    private func claim() -> Int? {
        state.withLock { s in
            guard s.next < rules.count else { return nil }
            defer { s.next += 1 }
            return s.next
        }
    }

    /// `rules[i]`'s findings; `by`: what the trace adds after the time.
    private func make(_ i: Int, by who: String) -> [Finding] {
        let start = PlanTrace.now()
        defer { PlanTrace.mark("findings   \(rules[i].id) (\(PlanTrace.ms(since: start))\(who))") }
        return rules[i].findings(in: reality)
    }
}
