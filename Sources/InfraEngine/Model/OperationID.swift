import Foundation

/// Operation ids are slugs derived from what an operation does and where, never from order
/// or time, so `--accept entrypoint-canonical-init` stays scriptable across runs.
public enum OperationID {
    public static func slug(_ parts: String...) -> String { slug(parts) }

    public static func slug(_ parts: [String]) -> String {
        var out = ""
        var lastDash = true
        for scalar in parts.joined(separator: "-").lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                out.unicodeScalars.append(scalar)
                lastDash = false
            } else if !lastDash {
                out.append("-")
                lastDash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "op" : out
    }

    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id == slug(id)
    }

    /// Parses `a,b , c` into ids; `all` is returned as is for the caller to expand.
    public static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
