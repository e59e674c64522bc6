/// One inconsistency in the manifests layer, where it is, and the fix the rule can make
/// (nil when only a person can decide).
struct ManifestProblem {
    let key: String
    let file: String
    let line: Int
    let message: String
    var severity: Finding.Severity = .warning
    var fix: ManifestFix?
}

/// What a fix changes. Edits address nodes of the tree the problem was found on; the rule
/// recomputes problems on the virtual tree before editing, so the marks are current.
enum ManifestFix {
    /// Replace the scalar `old` on `line` of `path` with `new` (a name or a port).
    case scalar(path: String, line: Int, old: String, new: String)
    /// Rename the mapping key `old` on `line` of `path` to `new` (an annotation's key).
    case key(path: String, line: Int, old: String, new: String)
    /// Make a Service select what the workload's (immutable) selector selects.
    case selector(service: ManifestObject, labels: [(String, String)])
    /// Give an object the namespace it must share with the Gateway.
    case namespace(object: ManifestObject, namespace: String)
    /// Add an HTTP listener on port 80 (the ACME HTTP-01 challenge arrives there).
    case httpListener(gateway: ManifestObject, hostnames: [String])
    case createFile(path: String, text: String, nextTo: String?, before: Bool)
    /// Insert `lines` after line `after` of `path` (a key a reference left to its default).
    case lines(path: String, after: Int, lines: [String])
    /// Replace text in a task script: each `old` occurs exactly once on its line (else no
    /// change at all). Goes into its own operation, after whatever else edits the task.
    case taskText(path: String, edits: [TextReplacement])
    /// Replace a hand-edited placeholder with `${VARIABLE}`, filled by envsubst at apply time.
    case placeholder(path: String, token: String, variable: String)
    case kustomization
}

/// `old` -> `new` on a 1-based line.
struct TextReplacement: Equatable {
    let line: Int
    let old: String
    let new: String
}

/// Placeholders people were meant to edit by hand, and the variable each becomes.
enum Placeholders {
    /// `REPLACE_ME`, `REPLACE_ME_GATEWAY_IP`, ... with the 1-based lines they appear on.
    static func tokens(in text: String) -> [(token: String, lines: [Int])] {
        // Most files have none: one byte search instead of a Foundation search per line.
        guard ByteSearch.contains(text, "REPLACE_ME") else { return [] }
        var found: [String: [Int]] = [:]
        var order: [String] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("#") { continue }
            var rest = Substring(line)
            while let r = rest.firstRange(of: "REPLACE_ME") {
                let tail = rest[r.upperBound...].prefix { $0 == "_" || ($0.isASCII && ($0.isUppercase || $0.isNumber)) }
                let token = "REPLACE_ME" + tail
                if found[token] == nil { order.append(token) }
                if found[token]?.last != i + 1 { found[token, default: []].append(i + 1) }
                rest = rest[tail.endIndex...]
            }
        }
        return order.map { ($0, found[$0]!) }
    }

    /// `REPLACE_ME_GATEWAY_IP` -> `GATEWAY_IP`; an ACME account email -> `ACME_EMAIL`;
    /// a bare `REPLACE_ME` is named after the key it fills.
    static func variable(for token: String, key: String?, fileText: String) -> String {
        var name = String(token.dropFirst("REPLACE_ME".count).drop { $0 == "_" })
        while name.hasSuffix("_") { name.removeLast() }
        if name.isEmpty { name = (key ?? "value").uppercased().filter { $0.isLetter || $0.isNumber || $0 == "_" } }
        if name == "EMAIL", fileText.contains("acme:") { return "ACME_EMAIL" }
        if name == "IP" || name == "VALUE" { return "GATEWAY_IP" }
        if let first = name.first, first.isNumber { name = "V_" + name }
        return name
    }
}

/// YAML text for values the rule writes.
enum YAMLText {
    /// Plain when YAML reads it back as the same string, double-quoted otherwise.
    static func scalar(_ s: String) -> String {
        let plain = !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || "._/-".contains($0) }
            && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(s.lowercased())
            && Int(s) == nil && Double(s) == nil && !s.hasPrefix("-")
        if plain { return s }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
