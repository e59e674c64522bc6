import Crypto
import Foundation

/// Content hashes: SHA-256 for "has this file changed since the plan", and git's blob id
/// (SHA-1 of `blob <size>\0<bytes>`) so patches carry index lines git can check.
public enum ContentHash {
    public static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    public static func gitBlob(_ data: Data) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: Data("blob \(data.count)\0".utf8))
        hasher.update(data: data)
        return hex(hasher.finalize())
    }

    /// Lower-case hex, without a formatted string per byte (hashing thousands of files per plan).
    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func gitBlob(_ text: String) -> String { gitBlob(Data(text.utf8)) }
}
