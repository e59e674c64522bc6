import Synchronization

/// Soft wrapping by terminal columns. A wrapped line's first row holds `width` columns; each
/// continuation row starts with a `↪` mark and holds `width - 1`. Breaks fall between
/// characters (code has no word boundaries worth keeping), and a wide character that would
/// straddle a break moves to the next row, so no cell is ever half a character.
public enum Wrap {
    public static let continuationMark = "↪"

    /// Display width of `text` as the grid paints it (tabs and control characters take one
    /// column; see `TextWidth.printable`). ASCII is counted by bytes.
    public static func width(_ text: String) -> Int {
        if isASCII(text) { return text.utf8.count }
        return text.reduce(0) { $0 + TextWidth.of(TextWidth.printable($1)) }
    }

    static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var all: UInt8 = 0
            for b in bytes { all |= b }
            return all < 0x80
        } ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// How many rows `text` takes wrapped to `width` columns (at least 1); `words` breaks
    /// after a blank where the row has one (prose: the ops and info views).
    public static func rows(_ text: String, width: Int, words: Bool = false) -> Int {
        guard width > 1 else { return 1 }
        if words { return starts(text, width: width, words: true).count }
        if isASCII(text) {
            let n = text.utf8.count
            return n <= width ? 1 : 1 + (n - width + width - 2) / (width - 1)
        }
        return starts(text, width: width).count
    }

    /// The display column where each row of `text` wrapped to `width` starts (first is 0).
    public static func starts(_ text: String, width: Int, words: Bool = false) -> [Int] {
        guard width > 1 else { return [0] }
        if words { return wordStarts(text, width: width) }
        if isASCII(text) {
            let n = text.utf8.count
            var out = [0]
            var at = width
            while at < n { out.append(at); at += width - 1 }
            return out
        }
        var out = [0]
        var col = 0, used = 0, room = width
        for ch in text {
            let w = TextWidth.of(TextWidth.printable(ch))
            if used + w > room { out.append(col); used = 0; room = width - 1 }
            used += w
            col += w
        }
        return out
    }

    /// Row starts breaking after the last blank that fits, or inside a word longer than a row.
    static func wordStarts(_ text: String, width: Int) -> [Int] {
        var out = [0]
        var col = 0, rowStart = 0, room = width
        var afterBlank = -1  // the column after the last blank on this row
        for ch in text {
            let w = TextWidth.of(TextWidth.printable(ch))
            if col + w - rowStart > room {
                rowStart = afterBlank > rowStart ? afterBlank : col
                out.append(rowStart)
                room = width - 1
                afterBlank = -1
            }
            col += w
            if ch == " " { afterBlank = col }
        }
        return out
    }
}

/// Per-document caches that depend on the pane width or are only needed by some views:
/// where each line's wrapped rows start, and the side-by-side and word-pair indexes. Built on
/// first use and kept, so a frame looks at the visible lines only (O(screen), not O(diff)).
/// A class shared by copies of the document; guarded, as the key loop and a background
/// check may read the same document.
final class DiffCaches: Sendable {
    private let wrapped = Mutex<[Int: [Int32]]>([:])
    private let sideBySide = Mutex<SideBySideIndex?>(nil)
    private let partners = Mutex<[Int32]?>(nil)
    /// Word runs of the lines drawn so far (`WordDiff.runs`; empty: not worth marking), so a
    /// frame that scrolls by a line compares one new pair, not a screenful.
    private let words = Mutex<[Int: [(String, Bool)]]>([:])
    static let wordRunsKept = 4096

    func wordRuns(_ line: Int, _ make: () -> [(String, Bool)]?) -> [(String, Bool)]? {
        if let known = words.withLock({ $0[line] }) { return known.isEmpty ? nil : known }
        let runs = make()
        words.withLock {
            if $0.count >= Self.wordRunsKept { $0 = [:] }
            $0[line] = runs ?? []
        }
        return runs
    }

    /// `starts[i]` is the first row of line `i` wrapped to `width`; `starts[count]` the total.
    func rowStarts(_ lines: [DiffDocument.Line], width: Int) -> [Int32] {
        if let known = wrapped.withLock({ $0[width] }) { return known }
        var starts = [Int32](repeating: 0, count: lines.count + 1)
        var total: Int32 = 0
        for (i, line) in lines.enumerated() {
            starts[i] = total
            total += Int32(Wrap.rows(line.text, width: width))
        }
        starts[lines.count] = total
        // Two widths at most (a resize back and forth); a third replaces them.
        wrapped.withLock { if $0.count >= 2 { $0 = [:] }; $0[width] = starts }
        return starts
    }

    func sideBySideIndex(_ doc: DiffDocument) -> SideBySideIndex {
        if let known = sideBySide.withLock({ $0 }) { return known }
        let index = SideBySideIndex(doc)
        sideBySide.withLock { $0 = index }
        return index
    }

    /// For each line, the line it pairs with for word highlighting (a removed line with the
    /// added line in the same position of the run that follows it, and back), or -1.
    func pairs(_ doc: DiffDocument) -> [Int32] {
        if let known = partners.withLock({ $0 }) { return known }
        var out = [Int32](repeating: -1, count: doc.count)
        var i = 0
        let lines = doc.lines
        while i < lines.count {
            guard lines[i].kind == .removed else { i += 1; continue }
            let removedStart = i
            while i < lines.count, lines[i].kind == .removed { i += 1 }
            let addedStart = i
            while i < lines.count, lines[i].kind == .added { i += 1 }
            for k in 0..<min(addedStart - removedStart, i - addedStart) {
                out[removedStart + k] = Int32(addedStart + k)
                out[addedStart + k] = Int32(removedStart + k)
            }
        }
        partners.withLock { $0 = out }
        return out
    }
}

/// Which line (and which wrapped row of it) each row of the detail pane shows.
/// `plain`: one row a line; `wrapped`: prefix sums of rows per line; `sideBySide`: the rows
/// of `SideBySideIndex`.
public struct DetailRows: Sendable {
    enum Kind: Sendable { case plain(Int), wrapped([Int32], width: Int), sideBySide(SideBySideIndex) }
    let kind: Kind

    public var count: Int {
        switch kind {
        case .plain(let n): n
        case .wrapped(let starts, _): Int(starts.last ?? 0)
        case .sideBySide(let index): index.rows.count
        }
    }

    /// The first row showing `line`.
    public func row(ofLine line: Int) -> Int {
        switch kind {
        case .plain: line
        case .wrapped(let starts, _): Int(starts[min(max(line, 0), starts.count - 1)])
        case .sideBySide(let index): Int(index.rowOfLine[min(max(line, 0), index.rowOfLine.count - 1)])
        }
    }

    /// The line shown at `row` and which of its wrapped rows it is (0 unless wrapped). In
    /// side-by-side, the line on the right (new) side, else the left.
    public func line(atRow row: Int) -> (line: Int, segment: Int) {
        switch kind {
        case .plain: return (row, 0)
        case .wrapped(let starts, _):
            // The last line whose first row is at or before `row` (binary search).
            var lo = 0, hi = starts.count - 2
            guard hi >= 0 else { return (0, 0) }
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if Int(starts[mid]) <= row { lo = mid } else { hi = mid - 1 }
            }
            return (lo, row - Int(starts[lo]))
        case .sideBySide(let index):
            guard index.rows.indices.contains(row) else { return (row, 0) }
            let r = index.rows[row]
            return (Int(r.right >= 0 ? r.right : r.left), 0)
        }
    }
}

extension AppState {
    /// Whether the selected view wraps long lines (`z` toggles it per view).
    public var wrapsDetail: Bool { wrapped.contains(view) && !showsSideBySide }

    /// Side by side is shown only where each half still has room for code.
    public var showsSideBySide: Bool { sideBySide && view == .diff && width >= SideBySideIndex.minWidth && current != nil }

    /// Columns of text in the detail pane (after its one-column margin).
    public var detailTextWidth: Int { max(rightWidth - 1, 1) }

    /// The rows of the selected view. `content` is the ops or info text when the caller built
    /// it already (render does, once per frame); the diff is read from its cached document.
    public func detailRows(content: [StyledLine]? = nil) -> DetailRows {
        let width = detailTextWidth
        if view == .diff, let op = current {
            let doc = document(op.id)
            if showsSideBySide { return DetailRows(kind: .sideBySide(doc.caches.sideBySideIndex(doc))) }
            if wrapsDetail { return DetailRows(kind: .wrapped(doc.caches.rowStarts(doc.lines, width: width), width: width)) }
            return DetailRows(kind: .plain(doc.count))
        }
        let lines = content ?? DetailContent.lines(self, view: view, width: width)
        guard wrapsDetail else { return DetailRows(kind: .plain(lines.count)) }
        var starts = [Int32](repeating: 0, count: lines.count + 1)
        var total: Int32 = 0
        for (i, line) in lines.enumerated() {
            starts[i] = total
            total += Int32(Wrap.rows(line.text, width: width, words: true))
        }
        starts[lines.count] = total
        return DetailRows(kind: .wrapped(starts, width: width))
    }
}

extension StyledLine {
    /// The line's text without styles.
    public var text: String { spans.count == 1 ? spans[0].0 : spans.map(\.0).joined() }
}

extension TextWidth {
    /// `s` cut to `width` columns by dropping its middle (`head…tail`): ids and file names
    /// differ at both ends, so both are kept.
    public static func elideMiddle(_ s: String, _ width: Int) -> String {
        guard of(s) > width else { return s }
        guard width > 1 else { return width == 1 ? "…" : "" }
        let tailWidth = (width - 1) / 2
        let head = clip(s, width - 1 - tailWidth)
        let tail = String(clip(String(s.reversed()), tailWidth).reversed())
        return head + "…" + tail
    }
}
