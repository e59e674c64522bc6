/// What a cell means, not how it looks: the theme turns a style into colours (or, on a
/// monochrome terminal or under NO_COLOR, into bold/reverse/underline), so screens can be
/// compared in tests without caring about the terminal.
public enum Style: Character, Sendable, Equatable, CaseIterable {
    case normal = "."
    case title = "T"
    case selected = "S"
    case selectedDim = "s"
    case added = "+"
    case removed = "-"
    /// The changed words of a paired added / removed line (`WordDiff`).
    case addedWord = "a"
    case removedWord = "r"
    case hunk = "@"
    case fileHeader = "F"
    case meta = "m"
    case status = "B"
    case hint = "h"
    case error = "E"
    case success = "O"
    case warning = "W"
    case riskHigh = "H"
    case riskMed = "M"
    case riskLow = "L"
    case match = "*"
    case border = "|"
    case dim = "d"
    case modal = "P"
    case key = "K"
}

/// One terminal cell. A wide character occupies its cell and the next one; the next one is a
/// continuation (`text` empty) that painters skip.
public struct Cell: Sendable, Equatable {
    public var text: String
    public var style: Style
    public init(_ text: String = " ", _ style: Style = .normal) { self.text = text; self.style = style }
    public var isContinuation: Bool { text.isEmpty }
}

/// What `render` returns: a full screen of cells, row-major.
public struct ScreenGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(row: Int, col: Int) -> Cell {
        get { cells[row * width + col] }
        set { cells[row * width + col] = newValue }
    }

    /// Writes `text` at (row, col), clipped to `maxWidth` columns (to the screen edge by
    /// default). A line that does not fit ends in an ellipsis so clipping is visible. Returns
    /// the column after the last cell written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, style: Style, maxWidth: Int? = nil, ellipsis: Bool = true) -> Int {
        guard row >= 0, row < height, col < width else { return col }
        let limit = min(col + (maxWidth ?? width - col), width)
        var x = max(col, 0)
        let room = limit - x
        guard room > 0 else { return x }
        if let end = putASCII(text, row: row, col: x, style: style, room: room, ellipsis: ellipsis) { return end }
        // Only the visible part is measured, so a very long line costs no more than a short one.
        var shown = ""
        var used = 0
        var clipped = false
        for ch in text {
            let p = TextWidth.printable(ch)
            let w = TextWidth.of(p)
            if used + w > room { clipped = true; break }
            shown.append(p)
            used += w
        }
        if clipped && ellipsis {
            while used > room - 1, let last = shown.popLast() { used -= TextWidth.of(last) }
            shown.append("…")
        }
        for ch in shown {
            let w = TextWidth.of(ch)
            if w == 0 { continue }
            self[row, x] = Cell(String(ch), style)
            if w == 2 { self[row, x + 1] = Cell("", style) }
            x += w
        }
        return x
    }

    /// One cell's text for each printable ASCII byte, shared (no string is made per cell).
    static let asciiCells: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    /// The common case, most diff and queue lines: when the visible part of `text` (and, when
    /// it does not fit, the byte after the room) is printable ASCII, one byte is one character
    /// and one cell, and nothing needs measuring.
    /// Returns nil, having written nothing, when the text needs the general path.
    private mutating func putASCII(_ text: String, row: Int, col: Int, style: Style, room: Int, ellipsis: Bool) -> Int? {
        let utf8 = text.utf8
        let count = utf8.count
        let clipped = count > room
        let shown = clipped ? (ellipsis ? room - 1 : room) : count
        // A clipped text must really hold more characters than the room: room + 1 ASCII bytes.
        var toCheck = clipped ? room + 1 : count
        for byte in utf8 {
            guard byte >= 0x20, byte < 0x7F else { return nil }
            toCheck -= 1
            if toCheck == 0 { break }
        }
        var x = col
        var index = row * width + col
        for byte in utf8.prefix(shown) {
            cells[index] = Cell(Self.asciiCells[Int(byte)], style)
            index += 1
            x += 1
        }
        if clipped && ellipsis {
            cells[index] = Cell("…", style)
            x += 1
        }
        return x
    }

    /// Paints `count` cells of a row with blanks in `style` (backgrounds, selection bars).
    public mutating func fill(row: Int, col: Int, count: Int, style: Style) {
        guard row >= 0, row < height else { return }
        var x = max(col, 0)
        while x < min(col + count, width) {
            self[row, x] = Cell(" ", style)
            x += 1
        }
    }

    /// The rows as text, trailing blanks trimmed (for tests and screenshots).
    public var textLines: [String] {
        (0..<height).map { r in
            var line = ""
            for c in 0..<width where !self[r, c].isContinuation { line += self[r, c].text }
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    /// The rows as one style character per cell (continuations repeat their character's
    /// style), trailing normal cells trimmed.
    public var styleLines: [String] {
        (0..<height).map { r in
            let line = String((0..<width).map { self[r, $0].style.rawValue })
            return String(line.reversed().drop(while: { $0 == Style.normal.rawValue }).reversed())
        }
    }

    /// Text then styles: a whole screen as one comparable string.
    public var dump: String {
        (textLines + ["-- styles --"] + styleLines).joined(separator: "\n")
    }
}

/// Terminal column widths, close to what glibc's wcwidth says for the characters we show:
/// East Asian wide and emoji take two columns, combining marks none.
public enum TextWidth {
    public static func of(_ ch: Character) -> Int {
        // ASCII, by far the most common, without a look at the Unicode tables.
        if let byte = ch.utf8.first, byte < 0x80 { return byte >= 0x20 && byte != 0x7F ? 1 : 0 }
        guard let first = ch.unicodeScalars.first else { return 0 }
        let v = first.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(v) || first.properties.isEmojiPresentation { return 2 }
        return 1
    }

    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    /// Control characters would move the terminal's cursor; show them as a visible mark.
    static func printable(_ ch: Character) -> Character {
        if ch == "\t" { return " " }
        if let v = ch.unicodeScalars.first?.value, v < 0x20 || v == 0x7F { return "?" }
        return ch
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// Cuts `s` to at most `width` columns.
    public static func clip(_ s: String, _ width: Int) -> String {
        var out = ""
        var w = 0
        for ch in s {
            let cw = of(ch)
            if w + cw > width { break }
            out.append(ch)
            w += cw
        }
        return out
    }

    /// `s` padded with spaces (or clipped) to exactly `width` columns.
    public static func pad(_ s: String, _ width: Int) -> String {
        let clipped = clip(s, width)
        return clipped + String(repeating: " ", count: max(0, width - of(clipped)))
    }

    /// Greedy word wrap to `width` columns; words longer than a line are cut.
    public static func wrap(_ s: String, _ width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            while of(word) > width {
                if !line.isEmpty { lines.append(line); line = "" }
                let head = clip(word, width)
                lines.append(head)
                word = String(word.dropFirst(head.count))
            }
            if line.isEmpty { line = word }
            else if of(line) + 1 + of(word) <= width { line += " " + word }
            else { lines.append(line); line = word }
        }
        lines.append(line)
        return lines
    }
}
