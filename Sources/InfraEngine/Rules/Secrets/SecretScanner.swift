import Foundation

/// Finds key material and token-shaped strings in text. Used by the secrets rule on the
/// repository, and by validation on every patch, export and edit, so nothing the engine
/// emits ever carries a secret. Look-alikes stay quiet: placeholders, public certificates
/// and public keys, hashes (see `SecretPlaceholder`).
///
/// Two layers: `scan(_:)` finds what has a shape of its own anywhere (PEM private keys,
/// provider tokens); `scan(file:path:)` adds what only context makes a credential (a
/// kubeconfig's `token:`, an env file's `*_PASSWORD=`, a script's `--set ...password=`, a
/// Secret's `data`), see `KeyedSecrets`.
public enum SecretScanner {
    public struct Hit: Sendable, Equatable {
        /// What it is, in the provider's or tool's own words (`GitHub token`, `kubeconfig credential`).
        public let kind: String
        /// 1-based line of the value.
        public let line: Int
        /// The credential itself: only hashed (the fingerprint) or compared, never printed or stored.
        let value: String
        /// Where a key names it: the variable, `--set` key or YAML key (`SMTP_PASSWORD`,
        /// `init.adminUser.password`); nil for a shape found on its own.
        let key: String?

        init(kind: String, line: Int, value: String, key: String? = nil) {
            self.kind = kind; self.line = line; self.value = value; self.key = key
        }

        /// `sha256:1a2b3c4d, 16 chars`: tells two findings apart without showing any of the value.
        public var fingerprint: String { SecretPlaceholder.fingerprint(value) }
    }

    /// Shapes that are a credential wherever they appear. The capture group (1 when present,
    /// else the whole match) is the value.
    static let patterns: [(kind: String, regex: NSRegularExpression)] = [
        (SecretKind.privateKey, #"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"#),
        (SecretKind.serviceAccountKey, #""type"\s*:\s*"service_account""#),
        (SecretKind.awsAccessKey, #"\b((?:AKIA|ASIA)[0-9A-Z]{16})\b"#),
        (SecretKind.awsSecretKey, #"(?i)aws_secret_access_key["']?\s*[=:]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"#),
        (SecretKind.githubToken, #"\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b"#),
        (SecretKind.gitlabToken, #"\b(gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,})"#),
        (SecretKind.slackToken, #"\b(xox[abposr]-[A-Za-z0-9-]{10,})"#),
        (SecretKind.stripeKey, #"\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,})\b"#),
        (SecretKind.googleAPIKey, #"\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])"#),
        (SecretKind.azureClientSecret, #"(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])"#),
        (SecretKind.azureClientSecret, #"(?i)(?:azure_client_secret|client[_-]?secret)["']?\s*[=:]\s*["']?([A-Za-z0-9_~.+/=-]{16,})"#),
        (SecretKind.jsonWebToken, #"\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})"#),
        (SecretKind.bearerToken, #"(?i)\bbearer\s+([A-Za-z0-9._~+/=-]{24,})"#),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }

    /// Text each pattern cannot match without (some matched ignoring case). Most files hold
    /// none, and a byte search is far cheaper than running a dozen regular expressions over
    /// every file of a large repository.
    static let literals: [String: (needles: [String], anyCase: Bool)] = [
        SecretKind.privateKey: (["PRIVATE KEY"], false), SecretKind.serviceAccountKey: (["service_account"], false),
        SecretKind.awsAccessKey: (["AKIA", "ASIA"], false), SecretKind.awsSecretKey: (["aws_secret_access_key"], true),
        SecretKind.githubToken: (["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], false),
        SecretKind.gitlabToken: (["glpat-", "gldt-", "glrt-", "glptt-"], false), SecretKind.slackToken: (["xox"], false),
        SecretKind.stripeKey: (["_live_", "_test_"], false), SecretKind.googleAPIKey: (["AIza"], false),
        SecretKind.azureClientSecret: (["Q~", "secret"], true), SecretKind.jsonWebToken: (["eyJ"], false),
        SecretKind.bearerToken: (["bearer"], true),
    ]

    /// Which patterns a text may match: those whose literals (`literals`) it holds, and those
    /// with none. One pass over the text's bytes: each byte that can start a literal (either
    /// case, for the literals matched in any case) is compared with the literals that start
    /// with it. Most files hold no literal, and a byte search per literal (25 of them), or
    /// running a dozen regular expressions, over every file of a large repository cost far more.
    struct Prefilter: Sendable {
        /// A literal: `text[start..<start + length]`, in lower case when matched in any case.
        /// No references, so reading one in the loop over a text's bytes retains nothing.
        private struct Needle {
            let start: Int
            let length: Int
            let anyCase: Bool
            /// Its pattern's bit.
            let bit: UInt64
        }

        /// Every literal's bytes, one after another.
        private let text: [UInt8]
        private let needles: [Needle]
        /// The needles that can start with byte b: `starting[bounds[b]..<bounds[b + 1]]`.
        private let bounds: [Int]
        private let starting: [Int]
        /// Patterns that have no literal: always candidates.
        private let unfiltered: UInt64

        init(patterns: [String], literals: [String: (needles: [String], anyCase: Bool)]) {
            precondition(patterns.count <= 64, "one bit per pattern")
            var text: [UInt8] = []
            var needles: [Needle] = []
            var unfiltered: UInt64 = 0
            var byByte = [[Int]](repeating: [], count: 256)
            for (index, kind) in patterns.enumerated() {
                guard let literal = literals[kind] else { unfiltered |= 1 << index; continue }
                for needle in literal.needles where !needle.isEmpty {
                    let bytes = Array((literal.anyCase ? needle.lowercased() : needle).utf8)
                    byByte[Int(bytes[0])].append(needles.count)
                    if literal.anyCase, bytes[0] >= 97, bytes[0] <= 122 { byByte[Int(bytes[0] - 32)].append(needles.count) }
                    needles.append(Needle(start: text.count, length: bytes.count, anyCase: literal.anyCase, bit: 1 << index))
                    text += bytes
                }
            }
            var bounds = [0]
            for list in byByte { bounds.append(bounds.last! + list.count) }
            self.text = text
            self.needles = needles
            self.bounds = bounds
            starting = byByte.flatMap { $0 }
            self.unfiltered = unfiltered
        }

        /// The patterns `bytes` may match, as a bit per pattern (bit k: `patterns[k]`).
        func candidates(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var found = unfiltered
            text.withUnsafeBufferPointer { text in
                needles.withUnsafeBufferPointer { needles in
                    bounds.withUnsafeBufferPointer { bounds in
                        starting.withUnsafeBufferPointer { starting in
                            for i in 0..<bytes.count {
                                let b = Int(bytes[i])
                                for k in bounds[b]..<bounds[b + 1] {
                                    let needle = needles[starting[k]]
                                    if found & needle.bit == 0, Self.holds(bytes, at: i, needle, text) { found |= needle.bit }
                                }
                            }
                        }
                    }
                }
            }
            return found
        }

        /// Whether `bytes` holds `needle` at `i` (its first byte is known to match).
        private static func holds(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, _ needle: Needle, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
            guard i + needle.length <= bytes.count else { return false }
            for j in 1..<needle.length {
                let c = needle.anyCase ? ByteSearch.lower(bytes[i + j]) : bytes[i + j]
                if c != text[needle.start + j] { return false }
            }
            return true
        }
    }

    private static let prefilter = Prefilter(patterns: patterns.map(\.kind), literals: literals)

    /// The shapes of `patterns` in `text`, by line.
    public static func scan(_ text: String) -> [Hit] {
        var text = text  // withUTF8 may make a native copy of a bridged string
        let candidates = text.withUTF8 { bytes -> [(kind: String, regex: NSRegularExpression)] in
            let may = prefilter.candidates(bytes)
            return patterns.indices.filter { may & (1 << $0) != 0 }.map { patterns[$0] }
        }
        guard !candidates.isEmpty else { return [] }
        var hits: [Hit] = []
        let ns = text as NSString
        let lines = LineOffsets(text)
        for (kind, regex) in candidates {
            for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let range = match.numberOfRanges > 1 && match.range(at: 1).location != NSNotFound ? match.range(at: 1) : match.range
                let found = ns.substring(with: range)
                if SecretPlaceholder.isPlaceholder(found) { continue }
                // A key file's shape alone (a template) is no leak: it needs the key itself.
                if kind == SecretKind.serviceAccountKey, !text.contains("-----BEGIN") { continue }
                // Token-shaped but without a token's variety: a made-up sample.
                if kind == SecretKind.bearerToken || kind == SecretKind.jsonWebToken || kind == SecretKind.azureClientSecret,
                   SecretPlaceholder.entropy(found) < 3.0 { continue }
                // `client_secret = var.client_secret`: a reference; generated secrets mix letters and digits.
                if kind == SecretKind.azureClientSecret, !(found.contains(where: \.isNumber) && found.contains(where: \.isLetter)) { continue }
                // A key's value is its PEM block (a service-account file's shape is no secret).
                let pem = kind == SecretKind.serviceAccountKey ? ns.range(of: "-----BEGIN").location : range.location
                let value = kind == SecretKind.privateKey || kind == SecretKind.serviceAccountKey ? pemBlock(ns, from: pem) : found
                hits.append(Hit(kind: kind, line: lines.line(at: range.location), value: value))
            }
        }
        return dedupe(hits)
    }

    /// The PEM block that starts at `offset` (up to its END line, or 4 KiB): its fingerprint
    /// tells two keys apart, where the header alone would not.
    private static func pemBlock(_ ns: NSString, from offset: Int) -> String {
        let rest = NSRange(location: offset, length: min(ns.length - offset, 4096))
        let end = ns.range(of: "-----END", range: rest)
        return ns.substring(with: end.location == NSNotFound ? rest : NSRange(location: offset, length: end.location - offset))
    }

    /// One hit a line and value (an Azure secret after `client_secret=` matches two patterns);
    /// the one its context names wins (a kubeconfig's `token:` over "JSON web token").
    static func dedupe(_ hits: [Hit]) -> [Hit] {
        let keyed = Set(hits.filter { $0.key != nil }.map { "\($0.line)\u{0}\($0.value)" })
        var seen: Set<String> = []
        return hits.sorted { ($0.line, $0.kind) < ($1.line, $1.kind) }.filter { hit in
            if hit.key == nil, keyed.contains("\(hit.line)\u{0}\(hit.value)") { return false }
            return seen.insert("\(hit.line)\u{0}\(hit.kind)\u{0}\(hit.value)").inserted
        }
    }

    public static func containsSecret(_ text: String) -> Bool { !scan(text).isEmpty }

    /// Every credential in a file: the shapes above plus what the file's kind and keys make a
    /// credential (`KeyedSecrets`), which needs the path.
    ///
    /// `cache`: the plan run's (`ScriptCache`, owned by the run and dropped with it), where
    /// the secrets rule's findings, its operations and validation (`SecretCheck`, the
    /// rehearsal's credential files) find the scans of the same files of that plan. Without
    /// one (a single blob, a one-off caller) the file is scanned afresh.
    public static func scan(file text: String, path: String, cache: ScriptCache? = nil) -> [Hit] {
        guard let cache else {
            // Ciphertext is no leak (`EncryptedFiles`): only what an encrypted file leaves in plaintext is read.
            if EncryptedFiles.wholeFile(text) != nil { return [] }
            let readable = EncryptedFiles.isSops(text) ? EncryptedFiles.plaintext(of: text) : text
            return dedupe(scan(readable) + KeyedSecrets.hits(in: readable, path: path))
        }
        return cache.derived(cacheKey(path), from: [text]) { scan(file: text, path: path) }
    }

    /// The plan cache's name for `path`'s scan.
    static func cacheKey(_ path: String) -> String { "secret-scan\u{0}\(path)" }

    /// See `SecretPlaceholder.isPlaceholder`.
    public static func isPlaceholder(_ value: String) -> Bool { SecretPlaceholder.isPlaceholder(value) }
}

/// The kinds of credential the scanner names, as findings print them.
enum SecretKind {
    static let privateKey = "private key"
    static let serviceAccountKey = "service-account key"
    static let awsAccessKey = "AWS access key"
    static let awsSecretKey = "AWS secret access key"
    static let githubToken = "GitHub token"
    static let gitlabToken = "GitLab token"
    static let slackToken = "Slack token"
    static let stripeKey = "Stripe key"
    static let googleAPIKey = "Google API key"
    static let azureClientSecret = "Azure client secret"
    static let jsonWebToken = "JSON web token"
    static let bearerToken = "bearer token"
    static let kubeconfig = "kubeconfig credential"
    static let dockerConfig = "registry credential (docker config)"
    static let secretData = "Kubernetes Secret value"
    static let envFile = "env file credential"
    static let scriptLiteral = "literal credential in a script"
    static let helmValues = "literal credential in Helm values"

    /// Kinds that make the whole file a credential (it leaves git, a template stays).
    static let wholeFile: Set<String> = [privateKey, serviceAccountKey, kubeconfig, dockerConfig, secretData, envFile]
}

/// Line numbers of UTF-16 offsets (what NSRegularExpression reports).
struct LineOffsets {
    private var starts: [Int] = [0]

    init(_ text: String) {
        for (i, unit) in text.utf16.enumerated() where unit == 0x0A { starts.append(i + 1) }
    }

    func line(at offset: Int) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }
}
