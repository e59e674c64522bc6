import Foundation

/// What keeps look-alikes quiet, and how a finding names a value without showing it.
enum SecretPlaceholder {
    /// Markers people put where a value goes (`REPLACE_ME`, `changeme`, `<token>`, `example`).
    static let markers = ["replace_me", "replace-me", "replaceme", "changeme", "change-me", "change_me", "example",
                          "placeholder", "your-", "your_", "dummy", "redacted", "todo", "fixme", "<", "insert-", "insert_"]
    /// Whole values that say "nothing here" (lowercased).
    static let emptyWords: Set<String> = ["none", "null", "nil", "true", "false", "yes", "no", "empty", "unset", "secret",
                                          "password", "token", "xxx", "tbd", "n/a", "-", "sample", "test"]

    /// `REPLACE_ME`, `<token>`, `${TOKEN}`, `$(cat f)`, `{{ .Values.x }}`, `xxxx`, `changeme`,
    /// `__TOKEN__`, `%(token)s`: not secrets. A value that refers to one (`$VAR`) is not one.
    static func isPlaceholder(_ value: String) -> Bool {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'")))
        if v.isEmpty { return true }
        let lower = v.lowercased()
        if emptyWords.contains(lower) { return true }
        if markers.contains(where: lower.contains) { return true }
        if v.hasPrefix("$") || v.hasPrefix("{{") || v.hasPrefix("%(") || v.hasPrefix("@") && v.hasSuffix("@") { return true }
        if v.hasPrefix("__") && v.hasSuffix("__") { return true }
        if v.hasPrefix("<") && v.hasSuffix(">") { return true }
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

    /// A literal a script or env file gives a credential-named key: no expansion or command
    /// substitution in it, and not a placeholder. Unlike a token's shape, a short word counts
    /// (`bootstrapPassword=admin` is a real, guessable password).
    static func isLiteralSecret(_ raw: String) -> Bool {
        let v = unquoted(raw)
        if v.count < 4 || v.contains("$") || v.contains("`") { return false }
        if isPlaceholder(v) { return false }
        // Long but with almost no variety (`aaaaaaaabbbbbbbb`): filler.
        return !(v.count >= 12 && entropy(v) < 2.0)
    }

    static func unquoted(_ raw: String) -> String {
        var v = raw.trimmingWhitespace()
        if v.count >= 2, let f = v.first, f == "\"" || f == "'", v.last == f { v = String(v.dropFirst().dropLast()) }
        return v
    }

    /// Shannon entropy in bits per character (0 for one repeated character, about 4.2 to 6
    /// for random tokens; English words about 2.5 to 3.5).
    static func entropy(_ s: String) -> Double {
        guard !s.isEmpty else { return 0 }
        var counts: [Character: Int] = [:]
        for c in s { counts[c, default: 0] += 1 }
        let n = Double(s.count)
        return counts.values.reduce(0) { acc, k in
            let p = Double(k) / n
            return acc - p * log2(p)
        }
    }

    /// `sha256:1a2b3c4d, 16 chars`: the first 32 bits of the value's SHA-256 and its length.
    static func fingerprint(_ value: String) -> String {
        "sha256:\(ContentHash.sha256(value).prefix(8)), \(value.count) chars"
    }

    /// True for a name that holds a credential: `SMTP_PASSWORD`, `adminPassword`,
    /// `init.adminUser.password`, `GITHUB_TOKEN`, `api-key`, `client_secret`; false for
    /// what only points at one or describes it (`PASSWORD_FILE`, `TOKEN_TTL`, `secretName`).
    static func isCredentialName(_ name: String) -> Bool {
        let words = self.words(name)
        guard let last = words.last else { return false }
        let before = words.dropLast().last
        // `ADMIN_PASSWORD_SECRET`, `passwordSecretKey`, `existingSecret`: where a credential
        // is kept (a Secret's name, a key in it), not the credential.
        if last == "secret" || last == "key",
           words.dropLast().contains(where: { ["password", "passwd", "token", "existing", "ref", "name"].contains($0) }) {
            return false
        }
        switch last {
        case "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "credentials", "credential":
            return true
        case "key":
            return ["api", "private", "secret", "access", "signing", "encryption", "master", "license"].contains(before ?? "")
        default:
            return false
        }
    }

    /// `init.adminUser.password` -> [init, admin, user, password]; `SMTP_PASSWORD` -> [smtp, password].
    static func words(_ name: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousLower = false
        for c in name {
            if !(c.isLetter || c.isNumber) {
                if !current.isEmpty { out.append(current) }
                current = ""; previousLower = false
                continue
            }
            if c.isUppercase && previousLower { out.append(current); current = "" }
            current.append(Character(c.lowercased()))
            previousLower = c.isLowercase || c.isNumber
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
