/// git's C-style path quoting (quote.c, with core.quotePath at its default):
/// a path containing `"`, `\`, a control character, DEL or any byte >= 0x80
/// is written inside double quotes with escapes; spaces alone are not quoted.
enum PathQuoting {
    static func needsQuoting(_ path: String) -> Bool {
        path.utf8.contains { byte in
            byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x7F
        }
    }

    static func escaped(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x20 ..< 0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let octal = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return out
    }

    /// quote_two: the prefix ("a/", "b/") goes inside the quotes with the path.
    static func quote(prefix: String, _ path: String) -> String {
        needsQuoting(path) ? "\"" + prefix + escaped(path) + "\"" : prefix + path
    }

    /// Reads a quoted name at the start of `bytes`. Returns the unquoted
    /// name and how many bytes the quoted form took, or nil if malformed.
    static func unquotePrefix<C: Collection>(_ bytes: C) -> (name: String, length: Int)? where C.Element == UInt8 {
        var iterator = bytes.makeIterator()
        guard iterator.next() == 0x22 else { return nil }
        var out: [UInt8] = []
        var length = 1
        while let byte = iterator.next() {
            length += 1
            switch byte {
            case 0x22:
                // Round-tripping rejects invalid UTF-8 (String(validating:)
                // needs macOS 15).
                let name = String(decoding: out, as: UTF8.self)
                guard name.utf8.elementsEqual(out) else { return nil }
                return (name, length)
            case 0x5C:
                guard let escape = iterator.next() else { return nil }
                length += 1
                switch escape {
                case UInt8(ascii: "a"): out.append(0x07)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "v"): out.append(0x0B)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "r"): out.append(0x0D)
                case 0x22, 0x5C: out.append(escape)
                case UInt8(ascii: "0") ... UInt8(ascii: "3"):
                    guard let d2 = iterator.next(), let d3 = iterator.next(),
                          (0x30 ... 0x37).contains(d2), (0x30 ... 0x37).contains(d3)
                    else { return nil }
                    length += 2
                    out.append((escape - 0x30) << 6 | (d2 - 0x30) << 3 | (d3 - 0x30))
                default:
                    return nil
                }
            default:
                out.append(byte)
            }
        }
        return nil
    }
}

extension UnifiedDiff {
    /// The path as git prints it: unchanged, or C-quoted (`"caf\303\251.sh"`).
    public static func quotePath(_ path: String) -> String {
        PathQuoting.needsQuoting(path) ? "\"" + PathQuoting.escaped(path) + "\"" : path
    }
}

extension PatchParser {
    /// The reverse of `UnifiedDiff.quotePath`: a quoted name is unquoted, an
    /// unquoted one returned as is; nil if the quoting is malformed or the
    /// bytes are not UTF-8.
    public static func unquotePath(_ text: String) -> String? {
        guard text.utf8.first == 0x22 else { return text }
        guard let (name, length) = PathQuoting.unquotePrefix(text.utf8), length == text.utf8.count else { return nil }
        return name
    }
}
