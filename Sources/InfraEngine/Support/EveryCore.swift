import Foundation

/// `transform` of each element of `items`, in their order, worked out on every core when
/// there are at least `minimum` of them (fewer: on this thread, as the spread costs more).
/// `transform` runs on several threads at once: it may read the plan's shared caches
/// (`ScriptCache`, a view's `memo`), which are thread-safe, and must change nothing else.
func mapOnEveryCore<T: Sendable, U: Sendable>(_ items: [T], minimum: Int = 64, _ transform: @Sendable (T) -> U) -> [U] {
    guard items.count >= minimum else { return items.map(transform) }
    let chunks = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4)
    let slots = Slots<U>(items.count)
    defer { slots.free() }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        for i in stride(from: chunk, to: items.count, by: chunks) { slots.put(transform(items[i]), at: i) }
    }
    return slots.values
}

/// One result slot per element; each slot is written by exactly one thread, and read only
/// after every thread is done (`concurrentPerform` returns then).
private struct Slots<U>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<U?>
    private let count: Int

    init(_ count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    func put(_ value: U, at i: Int) { base[i] = value }

    var values: [U] { (0..<count).map { base[$0]! } }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
