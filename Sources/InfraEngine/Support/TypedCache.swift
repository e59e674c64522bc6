import Foundation
import Synchronization

/// The key of one cached value: what it is about (`name`) and the type of the value, so two
/// purposes that happen to share a name never read each other's values, and a lookup never
/// has to guess by casting.
/// `path`: the file a per-file value is about, apart from the name, so asking builds no
/// string (a plan asks about 160,000 times on a tree of 1,000 tasks).
struct TypedCacheKey: Hashable {
    let name: String
    let path: String
    let type: ObjectIdentifier
    /// A multiply-xorshift digest of the name's and path's bytes, eight at a time, made once
    /// per key: what `hash(into:)` feeds, so a lookup hashes eight bytes instead of both
    /// strings with SipHash. Equality still compares the strings, so the digest only spreads
    /// keys (a byte-at-a-time FNV of a purpose and a path was a visible part of a plan's
    /// hundred thousand lookups).
    private let digest: UInt64

    init<T>(_ name: String, path: String = "", _ type: T.Type) {
        self.name = name
        self.path = path
        self.type = ObjectIdentifier(type)
        // The running digest goes in and out by value: a `var` the closure captured was
        // checked for exclusive access on every use (a visible part of each lookup).
        let k: UInt64 = 0x9e37_79b9_7f4a_7c15
        func mix(_ s: String, _ start: UInt64) -> UInt64 {
            var s = s
            return s.withUTF8 { bytes -> UInt64 in
                var h = start
                var i = 0
                if let base = bytes.baseAddress {
                    while i + 8 <= bytes.count {
                        h = (h ^ UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) &* k
                        h ^= h >> 29
                        i += 8
                    }
                }
                var tail: UInt64 = 0
                var shift: UInt64 = 0
                while i < bytes.count { tail |= UInt64(bytes[i]) << shift; shift += 8; i += 1 }
                // The length goes in with the tail: ("ab", "c") is not ("a", "bc").
                h = (h ^ tail ^ (UInt64(bytes.count) << 56)) &* k
                h ^= h >> 32
                return h
            }
        }
        digest = mix(path, mix(name, 0xcbf2_9ce4_8422_2325))
    }

    /// Which of `TypedCache`'s shards holds the key: bits of the digest the dictionary's own
    /// hashing does not depend on alone.
    var shard: Int { Int(truncatingIfNeeded: digest >> 40) & (TypedCache.shardCount - 1) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
        hasher.combine(type)
    }

    static func == (a: TypedCacheKey, b: TypedCacheKey) -> Bool {
        a.digest == b.digest && a.type == b.type && a.path == b.path && a.name == b.name
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
    /// Each value in a box of its own type, so a lookup is a dictionary probe and a pointer
    /// cast: the key carries the type, so the box under it is always of that type (a dynamic
    /// cast of `Any` per lookup was a visible part of planning a large tree).
    /// The keys are spread over `shardCount` dictionaries, each under a lock of its own: the
    /// per-task loops ask from every core (about 100,000 asks a plan at 1,000 tasks), and with
    /// one lock the cores spent their time passing its cache line to each other.
    private final class Shard {
        let lock = SpinLock()
        var values: [TypedCacheKey: AnyObject] = [:]
    }

    static let shardCount = 16
    private let shards: [Shard] = (0..<TypedCache.shardCount).map { _ in Shard() }

    init() {}

    private final class Box<T> {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// The newest versions of one name, newest first; changed only under the lock.
    private final class Versions<T> {
        var list: [Versioned<T>] = []
    }

    /// The value stored under `name` for type `T`, made by `make` on a miss.
    func value<T, E: Error>(_ name: String, path: String = "", _ make: () throws(E) -> T) throws(E) -> T {
        let key = TypedCacheKey(name, path: path, T.self)
        let shard = shards[key.shard]
        shard.lock.lock()
        if let hit = shard.values[key] {
            shard.lock.unlock()
            return unsafeDowncast(hit, to: Box<T>.self).value  // stored under T's key
        }
        shard.lock.unlock()
        let made = try make()
        shard.lock.lock()
        defer { shard.lock.unlock() }
        if let hit = shard.values[key] { return unsafeDowncast(hit, to: Box<T>.self).value }
        shard.values[key] = Box(made)
        return made
    }

    /// The stored value made from `inputs` when they are the inputs one of its versions was
    /// made from; else `make`'s value, stored as the newest version. A name keeps its
    /// `versionsKept` newest versions: the findings (on the tree as it is) and the operations
    /// (on the tree as earlier rules leave it) ask for the same names on two threads, and a
    /// single version made each thread throw the other's value away on every ask.
    func value<T>(_ name: String, path: String = "", from inputs: [String?], _ make: () -> T) -> T {
        if let hit: T = stored(name, path: path, where: { $0 == inputs }) { return hit }
        return made(name, path: path, from: inputs, make)
    }

    /// `value(name, path:, from: [input])` without building the array on a hit (most asks).
    func value<T>(_ name: String, path: String = "", from input: String?, _ make: () -> T) -> T {
        if let hit: T = stored(name, path: path, where: { $0.count == 1 && $0[0] == input }) { return hit }
        return made(name, path: path, from: [input], make)
    }

    /// `value(name, path:, from: [first, second])` without building the array on a hit.
    func value<T>(_ name: String, path: String = "", from first: String?, _ second: String?, _ make: () -> T) -> T {
        if let hit: T = stored(name, path: path, where: { $0.count == 2 && $0[0] == first && $0[1] == second }) { return hit }
        return made(name, path: path, from: [first, second], make)
    }

    private func stored<T>(_ name: String, path: String, where matches: ([String?]) -> Bool) -> T? {
        let key = TypedCacheKey(name, path: path, Versions<T>.self)
        let shard = shards[key.shard]
        shard.lock.lock()
        defer { shard.lock.unlock() }
        guard let stored = shard.values[key] else { return nil }
        return unsafeDowncast(stored, to: Versions<T>.self).list.first(where: { matches($0.inputs) })?.value
    }

    private func made<T>(_ name: String, path: String, from inputs: [String?], _ make: () -> T) -> T {
        let key = TypedCacheKey(name, path: path, Versions<T>.self)
        let made = PlanTrace.enabled ? CacheMisses.counted(name, make) : make()
        let shard = shards[key.shard]
        shard.lock.lock()
        let versions: Versions<T>
        if let stored = shard.values[key] {
            versions = unsafeDowncast(stored, to: Versions<T>.self)
        } else {
            versions = Versions<T>()
            shard.values[key] = versions
        }
        if versions.list.count >= Self.versionsKept { versions.list.removeLast() }
        versions.list.insert(Versioned(inputs: inputs, value: made), at: 0)
        shard.lock.unlock()
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
/// Also the CPU time its makes took on their own threads, less the values they made in turn
/// (`selfTimes`): where a plan's analysis time goes.
enum CacheMisses {
    private static let counts = Mutex<[String: Int]>([:])
    private static let times = Mutex<[String: UInt64]>([:])

    /// `make()`, counted under `name`'s purpose, and timed too with `INFRA_TUI_TRACE_PLAN=makes`.
    static func counted<T>(_ name: String, _ make: () -> T) -> T {
        let purpose = String(name.prefix { $0 != "\u{0}" })
        counts.withLock { $0[purpose, default: 0] += 1 }
        guard PlanTrace.timesMakes else { return make() }
        let nested = Nested.current
        let outer = nested.inner
        nested.inner = 0
        let start = threadNanoseconds()
        let made = make()
        let spent = threadNanoseconds() &- start
        let own = spent &- nested.inner  // less what the makes it asked for took
        nested.inner = outer &+ spent
        times.withLock { $0[purpose, default: 0] += own }
        return made
    }

    /// `purpose ms` pairs of `counted`'s own CPU time, most first.
    static var selfTimes: String {
        times.withLock { t in
            t.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(14)
                .map { String(format: "%@ %.1f", $0.key, Double($0.value) / 1e6) }.joined(separator: ", ")
        }
    }

    /// The time nested makes took on this thread, per thread.
    private final class Nested {
        var inner: UInt64 = 0
        static var current: Nested {
            if let p = pthread_getspecific(key) { return Unmanaged<Nested>.fromOpaque(p).takeUnretainedValue() }
            let made = Nested()
            pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
            return made
        }
        private static let key: pthread_key_t = {
            var key = pthread_key_t()
            pthread_key_create(&key) { if let p = $0 { Unmanaged<Nested>.fromOpaque(p).release() } }
            return key
        }()
    }

    private static func threadNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// The counts so far, for `summary(since:)`.
    static var snapshot: [String: Int] { counts.withLock { $0 } }

    /// `purpose count` pairs, most made first; with `since`, only what was made after that snapshot.
    static func summary(since earlier: [String: Int] = [:]) -> String {
        counts.withLock { c in
            c.map { ($0.key, $0.value - earlier[$0.key, default: 0]) }.filter { $0.1 > 0 }
                .sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        }
    }
}
