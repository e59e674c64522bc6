#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The reader recurses once per nesting level. A fixed depth cap alone is not enough: a
// level costs a few KB in release and over 10 KB in debug builds, and callers may run on
// 512 KB threads (secondary threads and Swift concurrency on Apple platforms). So past a
// modest depth the reader also watches how much of the current thread's stack is left.

enum StackGuard {
    /// Below this depth no check is made: ordinary scripts never get there.
    static let checkFromDepth = 8
    /// Stack kept free below the deepest level for the work done between two checks.
    static let reserve: UInt = 96 * 1024

    /// Finding a thread's stack can be slow (on Linux, glibc reads /proc/self/maps for the
    /// main thread), so the answer is kept per thread.
    private static let cacheKey: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, nil) == 0 ? key : nil
    }()

    /// The lowest address the reader may reach on the current thread, or nil if unknown.
    static func lowestUsableAddress() -> UInt? {
        guard let key = cacheKey else { return computeLowestUsableAddress() }
        if let cached = pthread_getspecific(key) {
            let value = UInt(bitPattern: cached)
            return value == 1 ? nil : value
        }
        let value = computeLowestUsableAddress()
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: value ?? 1))
        return value
    }

    private static func computeLowestUsableAddress() -> UInt? {
        #if canImport(Darwin)
        let thread = pthread_self()
        let top = UInt(bitPattern: pthread_get_stackaddr_np(thread))
        let size = UInt(pthread_get_stacksize_np(thread))
        guard top > size + reserve else { return nil }
        return top - size + reserve
        #elseif canImport(Glibc) || canImport(Musl)
        // A GNU extension the C module does not export; looked up at run time instead.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
        defer { dlclose(handle) }
        guard let symbol = dlsym(handle, "pthread_getattr_np") else { return nil }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var low: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &low, &size) == 0, let low else { return nil }
        return UInt(bitPattern: low) + reserve
        #else
        return nil
        #endif
    }

    /// An address in the caller's frame, which is close enough to the stack pointer.
    @inline(never)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
