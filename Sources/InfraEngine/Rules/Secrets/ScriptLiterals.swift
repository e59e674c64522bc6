import Foundation

/// Credentials written into a script as literals: `--set *password*=...` (Helm),
/// `--from-literal=*password*=...` (kubectl), and `*_PASSWORD=...`, `*_TOKEN=...`
/// assignments. Each keeps where it is, so the fix can put the environment in its place.
enum ScriptLiterals {
    struct Literal: Equatable {
        enum Form: Equatable { case helmSet, fromLiteral, assignment }
        let form: Form
        /// 1-based line.
        let line: Int
        /// The key as written (`init.adminUser.password`, `SMTP_PASSWORD`).
        let key: String
        /// The value, unquoted.
        let value: String
        /// Where the value, as written (quotes included), sits in its line (UTF-16).
        let valueRange: NSRange
        /// The whole flag argument or assignment was inside double / single quotes.
        let insideDoubleQuotes: Bool
        let insideSingleQuotes: Bool
        /// `NAME=` opens its line (after `export`, at the top level of the script).
        let ownsLine: Bool
    }

    static let flag = try! NSRegularExpression(pattern: #"(--set(?:-string)?|--from-literal)(?:=|[ \t]+)("[^"\n]*"|'[^'\n]*'|[^\s;|&)]+)"#)
    static let assignment = try! NSRegularExpression(pattern:
        #"(^|[\s;(])(export[ \t]+|readonly[ \t]+|local[ \t]+|declare[ \t]+-[A-Za-z]+[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"\n]*"|'[^'\n]*'|[^\s;|&)]*)"#)

    static func hits(in text: String) -> [SecretScanner.Hit] {
        literals(in: text).map { .init(kind: SecretKind.scriptLiteral, line: $0.line, value: $0.value, key: $0.key) }
    }

    /// Every literal credential of a script, in line order.
    /// Text a line cannot hold a literal credential without (ignoring case): most lines of
    /// most scripts hold none, and a byte search is far cheaper than the two expressions.
    static let needles = ["pass", "pwd", "token", "secret", "key", "credential"]

    static func mayHold(_ text: some StringProtocol) -> Bool {
        needles.contains { ByteSearch.contains(String(text), $0, ignoringASCIICase: true) }
    }

    static func literals(in text: String) -> [Literal] {
        guard text.contains("="), mayHold(text) else { return [] }
        var out: [Literal] = []
        for (i, raw) in text.newlineSeparatedLines.enumerated() {
            let line = String(raw)
            let trimmed = line.trimmingWhitespace()
            if trimmed.hasPrefix("#") || !trimmed.contains("=") || !mayHold(trimmed) { continue }
            out += literals(inLine: line, number: i + 1)
        }
        return out
    }

    static func literals(inLine line: String, number: Int) -> [Literal] {
        let ns = line as NSString
        var out: [Literal] = []
        var covered: [NSRange] = []
        for m in flag.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
            covered.append(m.range)
            let form: Literal.Form = ns.substring(with: m.range(at: 1)) == "--from-literal" ? .fromLiteral : .helmSet
            let argRange = m.range(at: 2)
            let arg = ns.substring(with: argRange)
            let dq = arg.hasPrefix("\""), sq = arg.hasPrefix("'")
            let inner = dq || sq ? NSRange(location: argRange.location + 1, length: argRange.length - 2) : argRange
            // `--set a=1,b.password=x`: Helm splits on commas; kubectl takes one pair.
            for pair in pairs(ns, in: inner, splitOnCommas: form == .helmSet) {
                let key = ns.substring(with: pair.key)
                let value = ns.substring(with: pair.value)
                guard SecretPlaceholder.isCredentialName(key), SecretPlaceholder.isLiteralSecret(value) else { continue }
                out.append(Literal(form: form, line: number, key: key, value: SecretPlaceholder.unquoted(value), valueRange: pair.value,
                                   insideDoubleQuotes: dq, insideSingleQuotes: sq, ownsLine: false))
            }
        }
        for m in assignment.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
            if covered.contains(where: { NSIntersectionRange($0, m.range).length > 0 }) { continue }
            let key = ns.substring(with: m.range(at: 3))
            let valueRange = m.range(at: 4)
            let value = ns.substring(with: valueRange)
            guard SecretPlaceholder.isCredentialName(key), SecretPlaceholder.isLiteralSecret(value) else { continue }
            let keyword = m.range(at: 2).location == NSNotFound ? "" : ns.substring(with: m.range(at: 2)).trimmingWhitespace()
            let head = ns.substring(to: m.range(at: 3).location - (keyword.isEmpty ? 0 : m.range(at: 2).length))
            let rest = ns.substring(from: valueRange.location + valueRange.length).trimmingWhitespace()
            let owns = head.trimmingWhitespace().isEmpty && (keyword.isEmpty || keyword == "export")
                && (rest.isEmpty || rest.hasPrefix("#")) && !line.hasPrefix(" ") && !line.hasPrefix("\t")
            out.append(Literal(form: .assignment, line: number, key: key, value: SecretPlaceholder.unquoted(value), valueRange: valueRange,
                               insideDoubleQuotes: false, insideSingleQuotes: false, ownsLine: owns))
        }
        return out.sorted { $0.valueRange.location < $1.valueRange.location }
    }

    /// `k=v` pairs inside `range` (split on top-level commas for Helm; `{a,b}` lists stay whole).
    static func pairs(_ ns: NSString, in range: NSRange, splitOnCommas: Bool) -> [(key: NSRange, value: NSRange)] {
        var pieces: [NSRange] = []
        var start = range.location
        var depth = 0
        let end = range.location + range.length
        var i = range.location
        while i < end {
            let c = ns.character(at: i)
            if c == 0x7B { depth += 1 } else if c == 0x7D { depth -= 1 }
            if splitOnCommas, c == 0x2C, depth == 0 {
                pieces.append(NSRange(location: start, length: i - start))
                start = i + 1
            }
            i += 1
        }
        pieces.append(NSRange(location: start, length: end - start))
        return pieces.compactMap { piece in
            let eq = ns.range(of: "=", range: piece)
            guard eq.location != NSNotFound, eq.location > piece.location else { return nil }
            return (NSRange(location: piece.location, length: eq.location - piece.location),
                    NSRange(location: eq.location + 1, length: piece.location + piece.length - eq.location - 1))
        }
    }
}
