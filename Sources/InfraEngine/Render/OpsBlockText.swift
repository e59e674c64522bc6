import ShellReader
import Foundation

/// The fenced, human-readable form of an ops block. `render(parse(text)) == text` for every
/// text `render` produces, byte for byte, and `parse(render(block)) == block`.
public enum OpsBlockText {
    public static let fenceOpen = "```ops"
    public static let fence = "```"

    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public let line: Int
        public let message: String
        public var description: String { "ops block line \(line): \(message)" }
    }

    public static func render(_ block: OpsBlock) -> String {
        var out = fenceOpen + "\n"
        for field in block.fields {
            switch field.value {
            case .scalar(let s):
                out += s.isEmpty ? "\(field.key):\n" : "\(field.key): \(s)\n"
            case .list(let items):
                out += "\(field.key):\n"
                for item in items { out += "- \(item)\n" }
            case .block(let lines):
                out += "\(field.key): |\n"
                for line in lines { out += line.isEmpty ? "\n" : "  \(line)\n" }
            }
        }
        return out + fence + "\n"
    }

    /// Parses one block. The fences are optional so an editor buffer holding only the fields
    /// also parses.
    public static func parse(_ text: String) throws(ParseError) -> OpsBlock {
        var lines = text.newlineSeparatedLines.map(String.init)
        if lines.last == "" { lines.removeLast() }
        var start = 0
        var end = lines.count
        if let first = lines.firstIndex(where: { !$0.trimmingWhitespace().isEmpty }),
           lines[first].trimmingWhitespace() == fenceOpen {
            start = first + 1
            guard let close = lines[start...].firstIndex(where: { $0.trimmingWhitespace() == fence }) else {
                throw ParseError(line: first + 1, message: "the ```ops fence is never closed")
            }
            end = close
            if let extra = lines[(close + 1)...].firstIndex(where: { !$0.trimmingWhitespace().isEmpty }) {
                throw ParseError(line: extra + 1, message: "text after the closing fence")
            }
        }
        var fields: [OpsBlock.Field] = []
        var i = start
        while i < end {
            let raw = lines[i]
            let lineNo = i + 1
            if raw.trimmingWhitespace().isEmpty { i += 1; continue }
            if raw.hasPrefix("- ") || raw == "-" || raw.hasPrefix(" ") || raw.hasPrefix("\t") {
                throw ParseError(line: lineNo, message: "'\(raw.prefix(40))' does not belong to any field")
            }
            guard let colon = raw.firstIndex(of: ":") else {
                throw ParseError(line: lineNo, message: "expected 'Key: value', found '\(raw.prefix(40))'")
            }
            let key = String(raw[..<colon])
            guard isKey(key) else { throw ParseError(line: lineNo, message: "'\(key.prefix(40))' is not a field name") }
            if fields.contains(where: { $0.key == key }) {
                throw ParseError(line: lineNo, message: "field \(key) appears twice")
            }
            var rest = String(raw[raw.index(after: colon)...])
            if rest.hasPrefix(" ") { rest.removeFirst() }
            i += 1
            if rest == "|" {
                var body: [String] = []
                while i < end, lines[i].hasPrefix("  ") || lines[i].isEmpty {
                    body.append(lines[i].isEmpty ? "" : String(lines[i].dropFirst(2)))
                    i += 1
                }
                while body.last == "" { body.removeLast(); i -= 1 }
                fields.append(.init(key: key, value: .block(body)))
            } else if rest.isEmpty {
                var items: [String] = []
                while i < end, let item = listItem(lines[i]) {
                    items.append(item)
                    i += 1
                }
                let isList = !items.isEmpty || OpsBlock.listKeys.contains(key)
                fields.append(.init(key: key, value: isList ? .list(items) : .scalar("")))
            } else {
                fields.append(.init(key: key, value: .scalar(rest)))
            }
        }
        return OpsBlock(fields: fields)
    }

    /// Every ```ops block in a Markdown document, in order.
    public static func blocks(in markdown: String) throws(ParseError) -> [OpsBlock] {
        let lines = markdown.newlineSeparatedLines
        var out: [OpsBlock] = []
        var i = 0
        while i < lines.count {
            if lines[i].trimmingWhitespace() == fenceOpen {
                guard let close = lines[(i + 1)...].firstIndex(where: { $0.trimmingWhitespace() == fence }) else {
                    throw ParseError(line: i + 1, message: "the ```ops fence is never closed")
                }
                do {
                    out.append(try parse(lines[i...close].joined(separator: "\n")))
                } catch {
                    throw ParseError(line: error.line + i, message: error.message)
                }
                i = close + 1
            } else {
                i += 1
            }
        }
        return out
    }

    private static func listItem(_ line: String) -> String? {
        if line == "-" { return "" }
        guard line.hasPrefix("- ") else { return nil }
        return String(line.dropFirst(2))
    }

    private static func isKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, CharacterSet.letters.contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
    }
}
