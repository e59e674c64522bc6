/// Painting a window of a line: the columns `[from, from + count)` of a line made of styled
/// spans, for horizontal scrolling and for the rows of a wrapped line.
extension ScreenGrid {
    /// Paints the columns `[from, from + count)` of `spans` at (row, col). With `marks`, a line
    /// that goes on past the window ends in `…`, and one scrolled past its start begins with
    /// `…`, so hidden text is never mistaken for none. A wide character cut by the window's
    /// edge shows as a blank. Only the window is measured: the cost follows `count`, not the
    /// line. Returns whether the line goes on past the window.
    @discardableResult
    public mutating func putSlice(_ spans: [(String, Style)], row: Int, col: Int, from: Int, count: Int, marks: Bool) -> Bool {
        guard row >= 0, row < height, count > 0 else { return false }
        let end = from + count
        var at = 0  // display column within the line
        var more = false
        var firstStyle: Style?
        var lastStyle: Style = .normal
        outer: for (text, style) in spans {
            if at >= end { more = more || !text.isEmpty; if more { break } else { continue } }
            let utf8 = text.utf8
            let n = utf8.count
            // ASCII spans (most of a diff) map byte to cell; only the bytes up to the window's
            // end are looked at.
            let needed = min(n, end - at)
            let ascii = utf8.prefix(needed).allSatisfy { $0 < 0x80 }
                && (needed == n || utf8.dropFirst(needed).first.map { $0 < 0x80 } ?? true)
            if ascii {
                let a = max(at, from), b = min(at + n, end)
                if a < b {
                    var x = col + a - from
                    for byte in utf8.dropFirst(a - at).prefix(b - a) {
                        if x >= 0, x < width {
                            let v = Int(byte)
                            self[row, x] = Cell(v >= 0x20 && v < 0x7F ? Self.asciiCells[v] : "?", style)
                        }
                        x += 1
                    }
                    if firstStyle == nil { firstStyle = style }
                    lastStyle = style
                }
                at += n
                if at > end { more = true; break }
                continue
            }
            for ch in text {
                let p = TextWidth.printable(ch)
                let w = TextWidth.of(p)
                if w == 0 { continue }
                if at >= end { more = true; break outer }
                if at >= from, at + w <= end {
                    let x = col + at - from
                    if x < width {
                        self[row, x] = Cell(String(p), style)
                        if w == 2, x + 1 < width { self[row, x + 1] = Cell("", style) }
                    }
                    if firstStyle == nil { firstStyle = style }
                    lastStyle = style
                } else if at + w > from, at < end {
                    // Half of a wide character inside the window.
                    let x = col + max(at, from) - from
                    if x < width { self[row, x] = Cell(" ", style) }
                }
                at += w
            }
        }
        guard marks else { return more }
        if more, col + count - 1 < width {
            let x = col + count - 1
            if self[row, x].isContinuation, x > 0 { self[row, x - 1] = Cell(" ", lastStyle) }
            self[row, x] = Cell("…", lastStyle)
        }
        if from > 0, at > from, col < width {
            if col + 1 < width, self[row, col + 1].isContinuation { self[row, col + 1] = Cell(" ", firstStyle ?? lastStyle) }
            self[row, col] = Cell("…", firstStyle ?? lastStyle)
        }
        return more
    }
}
