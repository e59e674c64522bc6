import Foundation

/// A JSON-shaped value for stored objects (manifests, secrets' data). Scalars are kept as text.
public indirect enum JSONValue: Codable, Equatable, Sendable {
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSONValue].self) { self = .array(a); return }
        if let o = try? c.decode([String: JSONValue].self) { self = .object(o); return }
        if let b = try? c.decode(Bool.self) { self = .string(b ? "true" : "false"); return }
        if let i = try? c.decode(Int.self) { self = .string(String(i)); return }
        if let d = try? c.decode(Double.self) { self = .string(String(d)); return }
        self = .null
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        case .null: try c.encodeNil()
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var object: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// Sets `value` at a dotted path of object keys, creating objects on the way.
    public mutating func set(_ path: [String], _ value: JSONValue) {
        guard let first = path.first else { self = value; return }
        var o = object ?? [:]
        var child = o[first] ?? .object([:])
        child.set(Array(path.dropFirst()), value)
        o[first] = child
        self = .object(o)
    }

    /// The value as kubectl prints a jsonpath result: text as is, others as compact JSON.
    public var printed: String {
        switch self {
        case .string(let s): return s
        case .null: return ""
        default:
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            return (try? String(decoding: enc.encode(self), as: UTF8.self)) ?? ""
        }
    }

    /// YAML the way kubectl prints `-o yaml`: keys sorted, two-space indent, `- ` items at the parent's indent.
    public func yaml() -> String {
        var out = ""
        emitYAML(self, indent: 0, into: &out, inline: false)
        return out
    }

    /// Pretty JSON with sorted keys (kubectl `-o json` style).
    public func json() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return ((try? String(decoding: enc.encode(self), as: UTF8.self)) ?? "{}") + "\n"
    }
}

private func yamlScalar(_ s: String) -> String {
    if s.isEmpty { return "\"\"" }
    let specials: Set<Character> = [":", "#", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
    let lower = s.lowercased()
    let reserved = ["true", "false", "yes", "no", "null", "~", "on", "off", "y", "n"]
    let numeric = Double(s) != nil || Int(s) != nil
    let needsQuote = s.first == " " || s.last == " " || s.first == "-" || s.first == "?" ||
        s.contains(where: { specials.contains($0) || $0 == "\n" || $0 == "\t" }) || reserved.contains(lower) || numeric
    if !needsQuote { return s }
    if s.contains("\n") || s.contains("\"") || s.contains("\\") {
        let esc = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
        return "\"\(esc)\""
    }
    return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
}

private func emitYAML(_ v: JSONValue, indent: Int, into out: inout String, inline: Bool) {
    let pad = String(repeating: " ", count: indent)
    switch v {
    case .string(let s): out += yamlScalar(s) + "\n"
    case .null: out += "null\n"
    case .object(let o):
        if o.isEmpty { out += "{}\n"; return }
        var first = true
        for key in o.keys.sorted() {
            let val = o[key]!
            let prefix = (inline && first) ? "" : pad
            first = false
            out += prefix + yamlScalar(key) + ":"
            switch val {
            case .object(let c) where !c.isEmpty:
                out += "\n"
                emitYAML(val, indent: indent + 2, into: &out, inline: false)
            case .array(let a) where !a.isEmpty:
                out += "\n"
                emitYAML(val, indent: indent, into: &out, inline: false)
            default:
                out += " "
                emitYAML(val, indent: indent + 2, into: &out, inline: true)
            }
        }
    case .array(let a):
        if a.isEmpty { out += "[]\n"; return }
        var first = true
        for item in a {
            out += ((inline && first) ? "" : pad) + "- "
            first = false
            emitYAML(item, indent: indent + 2, into: &out, inline: true)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}
