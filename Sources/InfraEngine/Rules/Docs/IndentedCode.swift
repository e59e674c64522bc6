/// CommonMark's indented code blocks, read line by line (issue 13, item 5: a runbook whose
/// commands sit in a 4-space-indented block names them as surely as a fenced one).
///
/// The rules followed (CommonMark 0.31, "Indented code blocks" and "List items"):
/// - a block is lines indented by 4 or more columns (a tab goes to the next multiple of 4),
///   and goes on across blank lines while the next non-blank line is indented as far;
/// - it cannot interrupt a paragraph: a line indented 4 right under paragraph text is a lazy
///   continuation of that paragraph, not code;
/// - inside a list item, indentation counts from the item's content column (the marker and
///   the 1-4 spaces after it), so an item's indented continuation is text, and its code
///   needs 4 more columns.
/// Fenced blocks are the caller's: it calls `sawFence()` on each fence line and skips what
/// is inside.
struct IndentedCode {
    enum Line: Equatable {
        /// A line of an indented code block, its indentation removed; `starts` on the first.
        case code(String, starts: Bool)
        case blank
        case text
    }

    private enum Previous { case blank, paragraph, other }

    /// Content columns of the open list items, innermost last.
    private var lists: [Int] = []
    /// Indentation of the open code block's lines.
    private var codeColumn: Int?
    /// The start of a document counts as a blank line.
    private var previous = Previous.blank

    mutating func read(_ line: Substring) -> Line {
        let (indent, rest) = Self.indentation(line)
        if rest.isEmpty {
            previous = .blank
            return codeColumn == nil ? .blank : .code("", starts: false)
        }
        if let column = codeColumn {
            if indent >= column {
                previous = .other
                return .code(Self.strip(line, columns: column), starts: false)
            }
            codeColumn = nil
        }
        let marker = Self.listMarkerWidth(rest)
        // Leaving list items: a line less indented than an item's content, after a blank
        // line or as a new item, ends it; right under its paragraph it is a lazy continuation.
        while let column = lists.last, indent < column {
            if previous == .paragraph && marker == nil { return .text }
            lists.removeLast()
        }
        let base = lists.last ?? 0
        if indent - base >= 4 {
            guard previous != .paragraph else { return .text }
            codeColumn = base + 4
            previous = .other
            return .code(Self.strip(line, columns: base + 4), starts: true)
        }
        if let marker {
            lists.append(indent + marker)
            previous = .paragraph
            return .text
        }
        previous = rest.hasPrefix("#") ? .other : .paragraph
        return .text
    }

    /// A fence line (opening or closing): no paragraph goes on across it.
    mutating func sawFence() {
        codeColumn = nil
        previous = .other
    }

    /// Columns of leading whitespace (tabs to the next multiple of 4) and what follows.
    static func indentation(_ line: Substring) -> (Int, Substring) {
        var columns = 0
        var rest = line
        while let c = rest.first, c == " " || c == "\t" {
            columns = c == "\t" ? (columns / 4 + 1) * 4 : columns + 1
            rest = rest.dropFirst()
        }
        if rest.last == "\r" { rest = rest.dropLast() }
        return (columns, rest)
    }

    /// `line` without its first `columns` columns of indentation (a tab that goes past them
    /// leaves the rest as spaces).
    static func strip(_ line: Substring, columns: Int) -> String {
        var seen = 0
        var rest = line
        while seen < columns, let c = rest.first, c == " " || c == "\t" {
            let next = c == "\t" ? (seen / 4 + 1) * 4 : seen + 1
            rest = rest.dropFirst()
            if next > columns { return String(repeating: " ", count: next - columns) + rest }
            seen = next
        }
        return String(rest)
    }

    /// Width of a list item's marker and the spaces after it (`- `, `10. `, `3) `): the
    /// item's content column relative to the marker; nil when `text` starts no list item.
    static func listMarkerWidth(_ text: Substring) -> Int? {
        var marker = 0
        if let c = text.first, "-*+".contains(c) {
            marker = 1
        } else {
            let digits = text.prefix { $0.isASCII && $0.isNumber }.count
            guard (1...9).contains(digits), let after = text.dropFirst(digits).first, after == "." || after == ")" else { return nil }
            marker = digits + 1
        }
        let after = text.dropFirst(marker)
        if after.isEmpty { return marker + 1 }
        let spaces = after.prefix { $0 == " " }.count
        guard spaces > 0 else { return nil }
        // Five or more spaces: the content is itself indented code; the column is one past the marker.
        return marker + (spaces <= 4 && spaces < after.count ? spaces : 1)
    }
}
