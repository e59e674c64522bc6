import Foundation

/// Substring tests on UTF-8 bytes, for scans that run over every file of a repository.
enum ByteSearch {
    static func contains(_ text: String, _ needle: String, ignoringASCIICase: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { contains($0, needle, ignoringASCIICase: ignoringASCIICase) }
    }

    static func contains(_ text: Substring, _ needle: String) -> Bool {
        var text = text
        return text.withUTF8 { contains($0, needle, ignoringASCIICase: false) }
    }

    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String, ignoringASCIICase: Bool) -> Bool {
        if !ignoringASCIICase, let memmem = Self.memmem {
            var needle = needle
            return needle.withUTF8 { pin in
                guard !pin.isEmpty else { return true }
                guard let h = bytes.baseAddress, bytes.count >= pin.count else { return false }
                return memmem(h, bytes.count, pin.baseAddress!, pin.count) != nil
            }
        }
        let pattern = Array(needle.utf8).map { ignoringASCIICase ? lower($0) : $0 }
        guard let first = pattern.first else { return true }
        guard bytes.count >= pattern.count else { return false }
        let last = bytes.count - pattern.count
        var i = 0
        while i <= last {
            let b = ignoringASCIICase ? lower(bytes[i]) : bytes[i]
            if b == first {
                var j = 1
                while j < pattern.count, (ignoringASCIICase ? lower(bytes[i + j]) : bytes[i + j]) == pattern[j] { j += 1 }
                if j == pattern.count { return true }
            }
            i += 1
        }
        return false
    }

    /// `text.replacingOccurrences(of: target, with: replacement)`, on bytes when `text` and
    /// `target` are ASCII (where Foundation's comparison is byte for byte too): no bridging to
    /// `NSString` for each of the thousands of names a runner's loop may list. Other texts go
    /// to Foundation, so the answer is always Foundation's.
    static func replacing(_ text: String, _ target: String, with replacement: String) -> String {
        guard !target.isEmpty, text.utf8.allSatisfy({ $0 < 0x80 }), target.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.replacingOccurrences(of: target, with: replacement)
        }
        guard contains(text, target) else { return text }
        let bytes = Array(text.utf8), pattern = Array(target.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + replacement.utf8.count)
        var i = 0
        while i < bytes.count {
            if i + pattern.count <= bytes.count, bytes[i] == pattern[0], bytes[i ..< i + pattern.count].elementsEqual(pattern) {
                out.append(contentsOf: replacement.utf8)
                i += pattern.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    typealias MemMem = @convention(c) (UnsafeRawPointer, Int, UnsafeRawPointer, Int) -> UnsafeMutableRawPointer?
    /// libc's `memmem`, vectorised and several times faster than a byte loop on long texts;
    /// looked up at run time because Swift's Glibc module leaves it out (it is a GNU extension).
    static let memmem: MemMem? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memmem").map { unsafeBitCast($0, to: MemMem.self) }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
}

// Inside the engine, `text.contains("x")` is a byte search. With Foundation imported it would
// otherwise resolve to Foundation's generic `StringProtocol.contains`, which bridges to
// `range(of:)` on every call: a tenth of planning a large repository went there. These
// concrete overloads win over the generic one. Foundation's answer for an empty needle (not
// found) is kept, so no call site changes meaning.
extension String {
    func contains(_ needle: String) -> Bool { !needle.isEmpty && ByteSearch.contains(self, needle) }
}

extension Substring {
    func contains(_ needle: String) -> Bool { !needle.isEmpty && ByteSearch.contains(self, needle) }
}
