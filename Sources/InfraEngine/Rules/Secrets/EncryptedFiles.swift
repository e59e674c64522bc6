import Foundation

/// Files encrypted so that they can be committed: their content is ciphertext, which is no
/// leak, and taking them out of git (or leaving a template in their place) breaks the task
/// that decrypts them (`sops -d secrets/db.enc.yaml | kubectl apply -f -`). The scanner reads
/// only what such a file leaves in plaintext.
///
/// - SOPS (YAML, JSON, dotenv, INI, binary-as-JSON): each encrypted value is
///   `ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]`; the `sops` metadata (a `sops:` block,
///   a `"sops": {...}` object, `sops_*` keys, a `[sops]` section) holds the data key
///   encrypted for KMS/age/PGP and a MAC, no secret either. Values SOPS left unencrypted
///   (`unencrypted_suffix`, `encrypted_regex`) are plaintext and are still scanned: a
///   credential there is a leak, but its fix is to encrypt it with sops, never to untrack
///   the file (`SecretsRule.fix` reports it without a patch).
/// - age (`-----BEGIN AGE ENCRYPTED FILE-----`, binary `age-encryption.org/v1`), ansible-vault
///   (`$ANSIBLE_VAULT;`), PGP (`-----BEGIN PGP MESSAGE-----`) and git-crypt (`\0GITCRYPT`, or
///   a path `.gitattributes` gives `filter=git-crypt`: git stores it encrypted even where the
///   working tree is unlocked): the whole file is ciphertext.
/// SealedSecrets need nothing here: their `encryptedData` is read by no detector.
enum EncryptedFiles {
    /// The format of a file encrypted as a whole, or nil.
    static func wholeFile(_ text: String) -> String? {
        let head = text.prefix(64).drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        if head.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----") || head.hasPrefix("age-encryption.org/v1") { return "age" }
        if head.hasPrefix("$ANSIBLE_VAULT;") { return "ansible-vault" }
        if head.hasPrefix("-----BEGIN PGP MESSAGE-----") { return "PGP" }
        if text.hasPrefix("\u{0}GITCRYPT") { return "git-crypt" }
        return nil
    }

    /// A SOPS ciphertext value.
    static let sopsValue = try! NSRegularExpression(pattern: #"ENC\[[A-Za-z0-9_]+,data:[^\]\n]*\]"#)

    /// Whether `text` holds SOPS-encrypted values.
    static func isSops(_ text: String) -> Bool {
        ByteSearch.contains(text, "ENC[") && sopsValue.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    /// `text` with every SOPS ciphertext value and the `sops` metadata blanked (spaces, the
    /// lines kept), so line numbers stay and only the plaintext is left to scan.
    static func plaintext(of text: String) -> String {
        let ns = NSMutableString(string: text)
        func blank(_ range: NSRange) {
            let piece = ns.substring(with: range)
            ns.replaceCharacters(in: range, with: String(piece.map { $0 == "\n" || $0 == "\r" ? $0 : " " }))
        }
        for m in sopsValue.matches(in: text, range: NSRange(location: 0, length: ns.length)) { blank(m.range) }
        for range in metadataRanges(ns as String) { blank(range) }
        return ns as String
    }

    /// The ranges of the `sops` metadata: a top-level `sops:` YAML block, a `"sops": {...}`
    /// JSON object, dotenv `sops_*=` lines, an INI `[sops]` section.
    static func metadataRanges(_ text: String) -> [NSRange] {
        let ns = text as NSString
        var out: [NSRange] = []
        var offset = 0
        var inBlock: Character? = nil  // "y": YAML block, "i": INI section
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = (String(line) as NSString).length
            let range = NSRange(location: offset, length: length)
            let trimmed = line.trimmingWhitespace()
            let top = !(line.first == " " || line.first == "\t")
            if inBlock == "y", top, !trimmed.isEmpty, !trimmed.hasPrefix("#") { inBlock = nil }
            if inBlock == "i", trimmed.hasPrefix("[") { inBlock = nil }
            if line == "sops:" || line.hasPrefix("sops: ") || line.hasPrefix("sops:\r") { inBlock = "y" }
            if trimmed == "[sops]" { inBlock = "i" }
            if inBlock != nil || line.hasPrefix("sops_") { out.append(range) }
            offset += length + 1
        }
        // JSON: `"sops": {` to its closing brace, strings skipped.
        let key = ns.range(of: "\"sops\"")
        if key.location != NSNotFound {
            let after = ns.substring(from: key.location + key.length)
            let units = Array(after.utf16)
            var i = 0
            while i < units.count, units[i] == 32 || units[i] == 9 || units[i] == 10 || units[i] == 13 || units[i] == 58 { i += 1 }
            if i < units.count, units[i] == 123 {  // {
                var depth = 0, inString = false, escaped = false
                var j = i
                while j < units.count {
                    let u = units[j]
                    if inString {
                        if escaped { escaped = false } else if u == 92 { escaped = true } else if u == 34 { inString = false }
                    } else if u == 34 { inString = true } else if u == 123 { depth += 1 } else if u == 125 {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    j += 1
                }
                out.append(NSRange(location: key.location + key.length + i, length: min(j, units.count - 1) - i + 1))
            }
        }
        return out
    }

    /// Whether `.gitattributes` gives `path` git-crypt's filter (git stores it encrypted).
    static func isGitCrypted(_ path: String, in snapshot: RepoSnapshot) -> Bool {
        var folders = [""]
        var folder = ""
        for part in path.split(separator: "/").dropLast() {
            folder = folder.isEmpty ? String(part) : folder + "/" + part
            folders.append(folder)
        }
        var crypted = false
        for folder in folders {
            let file = folder.isEmpty ? ".gitattributes" : folder + "/.gitattributes"
            guard let content = snapshot.text(file), ByteSearch.contains(content, "git-crypt") else { continue }
            let rel = folder.isEmpty ? path : String(path.dropFirst(folder.count + 1))
            for raw in content.split(separator: "\n") {
                let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
                guard let pattern = fields.first, !pattern.hasPrefix("#"), GitAttributes.matches(pattern, rel) else { continue }
                for attr in fields.dropFirst() {
                    if attr == "filter=git-crypt" { crypted = true } else if attr == "-filter" || attr == "!filter" || attr.hasPrefix("filter=") { crypted = false }
                }
            }
        }
        return crypted
    }
}
