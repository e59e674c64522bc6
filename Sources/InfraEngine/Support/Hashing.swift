import Crypto
import Foundation

/// Content hashes: SHA-256 for "has this file changed since the plan", and git's blob id
/// (SHA-1 of `blob <size>\0<bytes>`) so patches carry index lines git can check.
public enum ContentHash {
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    public static func gitBlob(_ data: Data) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: Data("blob \(data.count)\0".utf8))
        hasher.update(data: data)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    public static func gitBlob(_ text: String) -> String { gitBlob(Data(text.utf8)) }
}
