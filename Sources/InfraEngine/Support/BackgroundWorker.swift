import Foundation

/// A serial queue on a thread of its own, optionally behind the planner (`ThreadPriority.lower`):
/// work nobody waits for until the end takes only the time the critical path leaves free. A
/// dispatch queue cannot do that on Linux: its blocks run on pool threads that later run the
/// planner's own loops, and a thread's nice value cannot be raised again without privileges.
/// `sync` runs what the thread has not started on the caller's thread, so the caller never
/// waits for more than the one piece of work in progress. The thread ends once the worker is
/// gone. Thread-safe: `async` from any thread, in the order the work is to run.
final class BackgroundWorker: @unchecked Sendable {
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        /// Work not started: `queue[head...]`.
        var queue: [@Sendable () -> Void] = []
        var head = 0
        /// Whether a thread (the worker's or `sync`'s caller) is running work.
        var running = false
        var closed = false

        var isEmpty: Bool { head == queue.count }

        /// The work not started, taken (the lock held).
        func takeAll() -> ArraySlice<@Sendable () -> Void> {
            defer { queue = []; head = 0 }
            return queue[head...]
        }
    }

    private let state = State()

    /// `name`: the thread's name; `behind`: whether it runs behind the planner.
    init(name: String, behind: Bool) {
        let thread = Thread { [state] in
            if behind {
                ThreadPriority.lower()
                PlanThreads.runLoopsAlone()
            }
            while true {
                state.condition.lock()
                while (state.isEmpty || state.running) && !state.closed { state.condition.wait() }
                if state.isEmpty || state.running {
                    state.condition.unlock()
                    return
                }
                // One piece at a time, so `sync` can take the rest.
                let work = state.queue[state.head]
                state.head += 1
                if state.isEmpty { state.queue = []; state.head = 0 }
                state.running = true
                state.condition.unlock()
                work()
                state.condition.lock()
                state.running = false
                state.condition.broadcast()
                state.condition.unlock()
            }
        }
        thread.name = name
        thread.start()
    }

    deinit {
        state.condition.lock()
        state.closed = true
        state.condition.broadcast()
        state.condition.unlock()
    }

    /// Runs `work` after everything added before it.
    func async(_ work: @escaping @Sendable () -> Void) {
        state.condition.lock()
        state.queue.append(work)
        state.condition.broadcast()
        state.condition.unlock()
    }

    /// Returns once everything added so far has run: what the thread has not started runs
    /// here, at the caller's priority, after the piece it may be running.
    func sync() {
        state.condition.lock()
        while true {
            while state.running { state.condition.wait() }
            if state.isEmpty { break }
            let rest = state.takeAll()
            state.running = true
            state.condition.unlock()
            for work in rest { work() }
            state.condition.lock()
            state.running = false
            state.condition.broadcast()
        }
        state.condition.unlock()
    }
}
