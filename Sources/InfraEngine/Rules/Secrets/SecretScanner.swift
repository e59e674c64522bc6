import Foundation
import Synchronization

/// Finds key material and token-shaped strings in text. Used by the secrets rule on the
/// repository, and by validation on every patch, export and edit, so nothing the engine
/// emits ever carries a secret. Look-alikes stay quiet: placeholders, public certificates
/// and public keys, hashes.
public enum SecretScanner {
    public struct Hit: Sendable, Equatable {
        public let kind: String
        public let line: Int
    }

    /// Regexes for credentials with a recognisable shape.
    static let patterns: [(kind: String, regex: NSRegularExpression)] = [
        ("private key", #"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"#),
        ("service-account key", #""type"\s*:\s*"service_account""#),
        ("cloud access key", #"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"#),
        ("GitHub token", #"\bgh[pousr]_[A-Za-z0-9]{36,}\b"#),
        ("Slack token", #"\bxox[abprs]-[A-Za-z0-9-]{10,}\b"#),
        ("Google API key", #"\bAIza[0-9A-Za-z_-]{35}\b"#),
        ("bearer token", #"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{24,}"#),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }

    /// Text each pattern cannot match without (bearer's is matched ignoring case). Most files
    /// hold none, and a byte search is far cheaper than running seven regular expressions
    /// over every file of a large repository.
    static let literals: [String: [String]] = [
        "private key": ["PRIVATE KEY"], "service-account key": ["service_account"], "cloud access key": ["AKIA", "ASIA"],
        "GitHub token": ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], "Slack token": ["xox"], "Google API key": ["AIza"],
        "bearer token": ["bearer"],
    ]

    static func mayMatch(_ kind: String, _ text: String) -> Bool {
        guard let needles = literals[kind] else { return true }
        return needles.contains { needle in
            kind == "bearer token" ? ByteSearch.contains(text, needle, ignoringASCIICase: true) : ByteSearch.contains(text, needle)
        }
    }

    public static func scan(_ text: String) -> [Hit] {
        let candidates = patterns.filter { mayMatch($0.kind, text) }
        guard !candidates.isEmpty else { return [] }
        var hits: [Hit] = []
        let ns = text as NSString
        var lineStarts: [Int] = [0]
        for (i, unit) in text.utf16.enumerated() where unit == 0x0A { lineStarts.append(i + 1) }
        func line(at offset: Int) -> Int {
            var lo = 0, hi = lineStarts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
            }
            return lo + 1
        }
        for (kind, regex) in candidates {
            for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let found = ns.substring(with: match.range)
                if isPlaceholder(found) { continue }
                // A key file's shape alone (a template) is no leak: it needs the key itself.
                if kind == "service-account key", !text.contains("-----BEGIN") { continue }
                hits.append(Hit(kind: kind, line: line(at: match.range.location)))
            }
        }
        return hits.sorted { ($0.line, $0.kind) < ($1.line, $1.kind) }
    }

    public static func containsSecret(_ text: String) -> Bool { !scan(text).isEmpty }

    /// Every credential in a file: the shapes above plus real values in Kubernetes Secret
    /// manifests (which need the path to know the file is YAML).
    public static func scan(file text: String, path: String) -> [Hit] {
        if let known = scanned.withLock({ $0[path] }), known.text == text { return known.hits }
        let hits = scan(text) + KubernetesSecretData.hits(in: text, path: path)
        scanned.withLock { $0[path] = (text, hits) }
        return hits
    }

    /// The last scan of each path: the secrets rule's findings, its operations and validation
    /// all scan the same files of one plan.
    private static let scanned = Mutex<[String: (text: String, hits: [Hit])]>([:])

    /// `REPLACE_ME`, `<token>`, `${TOKEN}`, `xxxx`, `changeme`: not secrets.
    public static func isPlaceholder(_ value: String) -> Bool {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'")))
        if v.isEmpty { return true }
        let lower = v.lowercased()
        for marker in ["replace_me", "replace-me", "changeme", "change-me", "example", "placeholder", "your-", "your_", "dummy", "redacted", "todo"] where lower.contains(marker) {
            return true
        }
        if v.hasPrefix("<") && v.hasSuffix(">") { return true }
        if v.hasPrefix("${") || v.hasPrefix("$(") || v.hasPrefix("{{") { return true }
        let distinct = Set(lower.filter { $0.isLetter || $0.isNumber })
        if distinct.count <= 2 { return true }  // xxxx, 0000, ****
        // AKIAXXXXXXXXXXXXXXXX: a real key has no long run of one character.
        var run = 1
        var previous: Character?
        for c in lower {
            run = c == previous ? run + 1 : 1
            if run >= 8 { return true }
            previous = c
        }
        return false
    }
}
