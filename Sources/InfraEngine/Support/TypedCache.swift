import Foundation

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

    /// The stored value made from `inputs` when they are the inputs it was made from; else
    /// `make`'s value, stored with these inputs in place of the old (one version per name).
    func value<T>(_ name: String, from inputs: [String?], _ make: () -> T) -> T {
        let key = TypedCacheKey(name, Versioned<T>.self)
        lock.lock()
        if let i = values.index(forKey: key), let hit = values[i].value as? Versioned<T>, hit.inputs == inputs {
            lock.unlock()
            return hit.value
        }
        lock.unlock()
        let made = make()
        lock.lock()
        values[key] = Versioned(inputs: inputs, value: made)
        lock.unlock()
        return made
    }

    private struct Versioned<T> {
        let inputs: [String?]
        let value: T
    }
}
