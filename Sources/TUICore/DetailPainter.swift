import InfraEngine

/// The detail pane's rows: unified, wrapped or side-by-side diffs with word highlighting and
/// the search match, and the ops and info texts, each a window of the visible rows only.
extension Painter {
    func paintRows(_ g: inout ScreenGrid, _ rows: DetailRows, x0: Int, width: Int, op: InfraEngine.Operation?) {
        let doc = op.map { state.document($0.id) }
        if let doc, state.view == .diff, doc.count == 0 { g.put(" (empty patch)", row: 2, col: x0, style: .dim); return }
        let text = max(width - 1, 1)
        let isDiff = state.view == .diff && doc != nil
        let pairs = isDiff ? doc!.caches.pairs(doc!) : []
        if case .sideBySide(let index) = rows.kind, let doc {
            for row in 0..<state.detailHeight where state.top + row < index.rows.count {
                sideBySideRow(&g, doc, pairs, index.rows[state.top + row], y: row + 2, x0: x0 + 1, width: text)
            }
            return
        }
        var starts: (line: Int, starts: [Int])? = nil
        for row in 0..<state.detailHeight {
            let absolute = state.top + row
            guard absolute < rows.count else { break }
            let (index, segment) = rows.line(atRow: absolute)
            let y = row + 2
            let spans: [(String, Style)]
            if isDiff, let doc {
                spans = diffSpans(doc, pairs, index)
                if doc.lines[index].kind == .fileHeader { g.fill(row: y, col: x0 + 1, count: width - 1, style: .fileHeader) }
            } else {
                guard let content, index < content.count else { break }
                spans = content[index].spans
            }
            let lineText = isDiff ? doc!.lines[index].text : content![index].text
            if case .wrapped = rows.kind {
                if starts?.line != index { starts = (index, Wrap.starts(lineText, width: text, words: !isDiff)) }
                let s = starts!.starts
                let from = s[min(segment, s.count - 1)]
                let to = segment + 1 < s.count ? s[segment + 1] : Int.max / 2
                var col = x0 + 1
                if segment > 0 { g.put(Wrap.continuationMark, row: y, col: col, style: .dim); col += 1 }
                g.putSlice(spans, row: y, col: col, from: from, count: min(to - from, text - (col - x0 - 1)), marks: false)
                if isDiff { highlightMatch(&g, lineText, index, y: y, col: col, from: from, count: to - from) }
            } else {
                g.putSlice(spans, row: y, col: x0 + 1, from: state.left, count: text, marks: true)
                if isDiff { highlightMatch(&g, lineText, index, y: y, col: x0 + 1, from: state.left, count: text) }
            }
        }
    }

    static func style(_ kind: DiffDocument.Kind) -> Style {
        switch kind {
        case .fileHeader: .fileHeader
        case .meta, .note: .meta
        case .hunk: .hunk
        case .added: .added
        case .removed: .removed
        case .context: .normal
        }
    }

    /// A diff line as spans: its colour, and the changed words of a paired `-`/`+` line in
    /// the emphasised colour.
    func diffSpans(_ doc: DiffDocument, _ pairs: [Int32], _ index: Int) -> [(String, Style)] {
        let line = doc.lines[index]
        let base = Self.style(line.kind)
        guard pairs.indices.contains(index), pairs[index] >= 0, !line.text.isEmpty else { return [(line.text, base)] }
        let other = doc.lines[Int(pairs[index])].text
        let runs = doc.caches.wordRuns(index) { WordDiff.runs(String(line.text.dropFirst()), against: String(other.dropFirst())) }
        guard let runs else { return [(line.text, base)] }
        let emphasis: Style = line.kind == .added ? .addedWord : .removedWord
        return [(String(line.text.prefix(1)), base)] + runs.map { ($0.0, $0.1 ? emphasis : base) }
    }

    /// Marks the search query in a painted window of a diff line (the current match in its
    /// own colour).
    func highlightMatch(_ g: inout ScreenGrid, _ text: String, _ index: Int, y: Int, col: Int, from: Int, count: Int) {
        guard let query = state.lastSearch, !query.isEmpty, let range = text.range(of: query, options: .caseInsensitive) else { return }
        let start = Wrap.width(String(text[..<range.lowerBound]))
        let match = String(text[range])
        let end = start + Wrap.width(match)
        let a = max(start, from), b = min(end, from + count)
        guard a < b else { return }
        g.putSlice([(match, index == state.matchLine ? .match : .warning)], row: y, col: col + a - from, from: a - start, count: b - a, marks: false)
    }

    /// One side-by-side row: old on the left, new on the right, a rule between; headers and
    /// notes across both.
    func sideBySideRow(_ g: inout ScreenGrid, _ doc: DiffDocument, _ pairs: [Int32], _ row: SideBySideIndex.Row, y: Int, x0: Int, width: Int) {
        if row.left == row.right, doc.lines[Int(row.left)].kind != .context {
            let index = Int(row.left)
            if doc.lines[index].kind == .fileHeader { g.fill(row: y, col: x0, count: width, style: .fileHeader) }
            g.putSlice(diffSpans(doc, pairs, index), row: y, col: x0, from: state.left, count: width, marks: true)
            return
        }
        // Left half, a rule, a blank, right half.
        let half = (width - 1) / 2
        for (line, col, count) in [(row.left, x0, half), (row.right, x0 + half + 2, width - half - 2)] where line >= 0 {
            let index = Int(line)
            g.putSlice(diffSpans(doc, pairs, index), row: y, col: col, from: state.left, count: count, marks: true)
            highlightMatch(&g, doc.lines[index].text, index, y: y, col: col, from: state.left, count: count)
        }
        g.put("│", row: y, col: x0 + half, style: .border)
    }
}
