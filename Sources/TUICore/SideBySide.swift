/// The rows of a side-by-side diff: the old text on the left, the new on the right. Context
/// lines show on both sides; in a hunk, a run of removed lines and the run of added lines
/// after it share rows, one pair a row (the longer run goes on alone); file and hunk headers
/// and notes span both halves. Built once per document (`DiffCaches`), in one pass.
public struct SideBySideIndex: Sendable {
    /// Below this many terminal columns each half would be too narrow for code: the toggle
    /// is kept but the diff shows unified.
    public static let minWidth = 160

    /// One row: the line on the left and on the right (-1: none). A header, a note or a
    /// context line has the same line on both.
    public struct Row: Sendable, Equatable {
        public let left: Int32
        public let right: Int32
    }

    public let rows: [Row]
    /// The row each line is shown on.
    public let rowOfLine: [Int32]

    init(_ doc: DiffDocument) {
        var rows: [Row] = []
        rows.reserveCapacity(doc.count)
        var rowOfLine = [Int32](repeating: 0, count: doc.count)
        let lines = doc.lines
        var i = 0
        while i < lines.count {
            switch lines[i].kind {
            case .removed, .added:
                let removedStart = i
                while i < lines.count, lines[i].kind == .removed { i += 1 }
                let addedStart = i
                while i < lines.count, lines[i].kind == .added { i += 1 }
                let removed = addedStart - removedStart, added = i - addedStart
                for k in 0..<max(removed, added) {
                    let l = k < removed ? Int32(removedStart + k) : -1
                    let r = k < added ? Int32(addedStart + k) : -1
                    if l >= 0 { rowOfLine[Int(l)] = Int32(rows.count) }
                    if r >= 0 { rowOfLine[Int(r)] = Int32(rows.count) }
                    rows.append(Row(left: l, right: r))
                }
            default:
                rowOfLine[i] = Int32(rows.count)
                rows.append(Row(left: Int32(i), right: Int32(i)))
                i += 1
            }
        }
        self.rows = rows
        self.rowOfLine = rowOfLine
    }
}
