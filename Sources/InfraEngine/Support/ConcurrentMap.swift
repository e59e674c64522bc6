import Foundation
import Synchronization

/// Per-file work of one view on every core (issue 12, speed). A plan's views ask the same
/// per-file analyses of hundreds of changed tasks one after another; these loops spread
/// them over the cores. The analyses are pure and cached behind `SpinLock`s, so any order
/// of making them gives the same values, and results are kept in the elements' order: the
/// plan is the same bytes on one core or many.
enum PlanThreads {
    /// How many threads a loop uses: the active cores, or `INFRA_TUI_PLAN_THREADS` (1 plans
    /// on the planner's thread alone, for measuring what the spread gains).
    static let count: Int = {
        if let given = ProcessInfo.processInfo.environment["INFRA_TUI_PLAN_THREADS"], let n = Int(given), n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Marks the calling thread as one whose loops run on it alone: a thread that works
    /// behind the planner (the findings, `ThreadPriority.lower`) would otherwise hand its
    /// loops to workers of ordinary priority, which take the cores from the planner's own.
    static func runLoopsAlone() { pthread_setspecific(aloneKey, UnsafeRawPointer(bitPattern: 1)) }

    /// Whether the calling thread runs its loops alone (`runLoopsAlone`).
    static var loopsRunAlone: Bool { pthread_getspecific(aloneKey) != nil }

    private static let aloneKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}

extension Array {
    /// `map(transform)` on `PlanThreads.count` threads, each taking the next element not yet
    /// taken (a thread that loses its core to another leaves the rest to the others, where
    /// fixed shares would keep the caller waiting for it); each result is stored at its
    /// element's index. `transform` must be safe to call from several threads at once.
    /// `threads`: how many to use at most (tests compare one against several).
    func concurrentMap<T>(threads: Int = PlanThreads.count, _ transform: (Element) -> T) -> [T] {
        let parts = Swift.min(threads, count)
        guard parts > 1, !PlanThreads.loopsRunAlone else { return map(transform) }
        let results = UnsafeMutablePointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil, count: count)
        defer { results.deinitialize(count: count); results.deallocate() }
        // Each index is written by one part alone, and read after every part is done.
        nonisolated(unsafe) let out = results
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let transform = transform
            self.withUnsafeBufferPointer { elements in
                nonisolated(unsafe) let elements = elements
                DispatchQueue.concurrentPerform(iterations: parts) { _ in
                    while true {
                        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard i < elements.count else { return }
                        out[i] = transform(elements[i])
                    }
                }
            }
        }
        return (0..<count).map { results[$0]! }
    }
}

/// A lock for critical sections of a dictionary probe or two, taken a few hundred thousand
/// times a plan by the planner's threads: a waiter spins briefly, then yields its core.
/// `NSLock` (a pthread mutex) puts a waiter to sleep in the kernel, and with two threads
/// asking the plan's cache at once the wake-ups cost more than the work that was spread
/// (measured: a per-task loop on two threads was slower than on one).
final class SpinLock: @unchecked Sendable {
    private let held = Atomic<Bool>(false)

    init() {}

    func lock() { Self.acquire(held) }

    func unlock() { Self.release(held) }

    /// The lock's protocol on a flag kept elsewhere (an object that is its own lock, as
    /// `PerScriptMemo`'s slots are, saves an allocation per lock).
    static func acquire(_ held: borrowing Atomic<Bool>) {
        var spins = 0
        while !held.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            spins += 1
            // The holder may have lost its core (more threads than cores): give it back.
            if spins >= 64 { sched_yield(); spins = 0 }
        }
    }

    static func release(_ held: borrowing Atomic<Bool>) { held.store(false, ordering: .releasing) }
}
