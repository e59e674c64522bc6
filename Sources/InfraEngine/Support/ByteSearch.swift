import Foundation

/// Substring tests on UTF-8 bytes, for scans that run over every file of a repository.
enum ByteSearch {
    static func contains(_ text: String, _ needle: String, ignoringASCIICase: Bool = false) -> Bool {
        let pattern = Array(needle.utf8).map { ignoringASCIICase ? lower($0) : $0 }
        guard let first = pattern.first else { return true }
        var text = text
        return text.withUTF8 { bytes -> Bool in
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
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
}
