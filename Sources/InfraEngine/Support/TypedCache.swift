import Foundation
import Synchronization

/// The key of one cached value: what it is about (`name`) and the type of the value, so two
/// purposes that happen to share a name never read each other's values, and a lookup never
/// has to guess by casting.
struct TypedCacheKey: Hashable {
    let name: String
    let type: ObjectIdentifier

    init<T>(_ name: String, _ type: T.Type) {
        self.name = name
        self.type = ObjectIdentifier(type)
    }
}

/// Values made once by key and type, thread-safe. Presence is told by the dictionary, never
/// by the value: a cached `nil` (an Optional value type) is a hit, and an absent key is a
/// miss whatever the type (casting `Any?` to an Optional type succeeds on a missing entry,
/// which is how an earlier cache answered nil for values it had never made).
///
/// Values are made outside the lock, so two threads may both make a value the first time;
/// the makers are pure, so either answer is the same and the first one stored is kept.
final class TypedCache: @unchecked Sendable {
    private var values: [TypedCacheKey: Any] = [:]
    private let lock = NSLock()

    init() {}

    /// The value stored under `name` for type `T`, made by `make` on a miss.
    func value<T, E: Error>(_ name: String, _ make: () throws(E) -> T) throws(E) -> T {
        let key = TypedCacheKey(name, T.self)
        if let hit: Hit<T> = lookup(key) { return hit.value }
        let made = try make()
        lock.lock()
        defer { lock.unlock() }
        if let i = values.index(forKey: key) { return values[i].value as! T }  // stored under T's key
        values[key] = made
        return made
    }

    /// The stored value in a box, so a stored nil (T optional) is a hit, not a miss.
    private func lookup<T>(_ key: TypedCacheKey) -> Hit<T>? {
        lock.lock()
        defer { lock.unlock() }
        guard let i = values.index(forKey: key) else { return nil }
        return Hit(value: values[i].value as! T)  // stored under T's key
    }

    private struct Hit<T> { let value: T }

    /// The stored value made from `inputs` when they are the inputs one of its versions was
    /// made from; else `make`'s value, stored as the newest version. A name keeps its
    /// `versionsKept` newest versions: the findings (on the tree as it is) and the operations
    /// (on the tree as earlier rules leave it) ask for the same names on two threads, and a
    /// single version made each thread throw the other's value away on every ask.
    func value<T>(_ name: String, from inputs: [String?], _ make: () -> T) -> T {
        let key = TypedCacheKey(name, Versioned<T>.self)
        lock.lock()
        if let i = values.index(forKey: key), let versions = values[i].value as? [Versioned<T>],
           let hit = versions.first(where: { $0.inputs == inputs }) {
            lock.unlock()
            return hit.value
        }
        lock.unlock()
        if PlanTrace.enabled { CacheMisses.count(name) }
        let made = make()
        lock.lock()
        var versions = values[key] as? [Versioned<T>] ?? []
        if versions.count >= Self.versionsKept { versions.removeLast() }
        versions.insert(Versioned(inputs: inputs, value: made), at: 0)
        values[key] = versions
        lock.unlock()
        return made
    }

    /// Versions kept per name: the tree as it is, the tree the current rule plans on, and
    /// the one before it (a rule's rewrite asked under its old text).
    static let versionsKept = 3

    private struct Versioned<T> {
        let inputs: [String?]
        let value: T
    }
}

/// How many values each purpose (a cache name up to its first NUL) was made, for
/// `INFRA_TUI_TRACE_PLAN`: a purpose made far more often than there are files is shared badly.
enum CacheMisses {
    private static let counts = Mutex<[String: Int]>([:])

    static func count(_ name: String) {
        let purpose = String(name.prefix { $0 != "\u{0}" })
        counts.withLock { $0[purpose, default: 0] += 1 }
    }

    /// `purpose count` pairs, most made first.
    static var summary: String {
        counts.withLock { c in c.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
    }
}
