/// xdl_change_compact from git's xdiffi.c, with the indent heuristic that
/// `git diff` enables by default. A block of added or removed lines can often
/// slide up or down over identical lines; git merges blocks that touch, lines
/// them up with changes on the other side, and otherwise picks the position
/// whose boundaries look most like code structure (blank lines, indentation).
/// Without this step our hunks would be valid but differ from git's.
enum Compaction {
    private struct Group { var start = 0, end = 0 }

    /// One side's marks with the sentinel layout of `ChangeMarks`
    /// (line i at index i + 1).
    private struct Side {
        var marks: [Bool]
        let ids: [Int]
        var count: Int { ids.count }

        func changed(_ i: Int) -> Bool { marks[i + 1] }

        func first() -> Group {
            var g = Group()
            while changed(g.end) { g.end += 1 }
            return g
        }

        func next(_ g: inout Group) -> Bool {
            if g.end == count { return false }
            g.start = g.end + 1
            g.end = g.start
            while changed(g.end) { g.end += 1 }
            return true
        }

        func previous(_ g: inout Group) -> Bool {
            if g.start == 0 { return false }
            g.end = g.start - 1
            g.start = g.end
            while changed(g.start - 1) { g.start -= 1 }
            return true
        }

        mutating func slideDown(_ g: inout Group) -> Bool {
            guard g.end < count && ids[g.start] == ids[g.end] else { return false }
            marks[g.start + 1] = false
            g.start += 1
            marks[g.end + 1] = true
            g.end += 1
            while changed(g.end) { g.end += 1 }
            return true
        }

        mutating func slideUp(_ g: inout Group) -> Bool {
            guard g.start > 0 && ids[g.start - 1] == ids[g.end - 1] else { return false }
            g.start -= 1
            marks[g.start + 1] = true
            g.end -= 1
            marks[g.end + 1] = false
            while changed(g.start - 1) { g.start -= 1 }
            return true
        }
    }

    static func compact(_ marks: inout ChangeMarks, _ c: Classified, old: LineTable, new: LineTable) {
        var a = Side(marks: marks.old, ids: c.ids1)
        var b = Side(marks: marks.new, ids: c.ids2)
        compact(&a, against: b, table: old)
        compact(&b, against: a, table: new)
        marks.old = a.marks
        marks.new = b.marks
    }

    private static func compact(_ side: inout Side, against other: Side, table: LineTable) {
        var g = side.first()
        var go = other.first()
        while true {
            if g.end != g.start {
                var groupSize = 0, earliestEnd = 0, endMatchingOther = -1
                // Slide up then down as far as possible, absorbing neighbours,
                // until the group stops growing.
                repeat {
                    groupSize = g.end - g.start
                    endMatchingOther = -1
                    while side.slideUp(&g) { _ = other.previous(&go) }
                    earliestEnd = g.end
                    if go.end > go.start { endMatchingOther = g.end }
                    while side.slideDown(&g) {
                        _ = other.next(&go)
                        if go.end > go.start { endMatchingOther = g.end }
                    }
                } while groupSize != g.end - g.start

                if g.end == earliestEnd {
                    // Could not move at all.
                } else if endMatchingOther != -1 {
                    // Back up to the last position that lines up with a change
                    // on the other side. (xdiff treats a failed slide here as
                    // a bug; we stop rather than loop.)
                    while go.end == go.start {
                        guard side.slideUp(&g), other.previous(&go) else { break }
                    }
                } else {
                    let best = bestShift(table, earliestEnd: earliestEnd, end: g.end, size: groupSize)
                    while g.end > best {
                        guard side.slideUp(&g), other.previous(&go) else { break }
                    }
                }
            }
            if !side.next(&g) { break }
            _ = other.next(&go)
        }
    }

    // MARK: indent heuristic

    private static let maxIndent = 200
    private static let maxBlanks = 20
    private static let maxSliding = 100

    private struct Score {
        var effectiveIndent = 0
        var penalty = 0

        static func compare(_ s1: Score, _ s2: Score) -> Int {
            let indents = (s1.effectiveIndent > s2.effectiveIndent ? 1 : 0) - (s1.effectiveIndent < s2.effectiveIndent ? 1 : 0)
            return 60 * indents + (s1.penalty - s2.penalty)
        }
    }

    private static func bestShift(_ table: LineTable, earliestEnd: Int, end: Int, size: Int) -> Int {
        var shift = max(earliestEnd, end - size - 1, end - maxSliding)
        var best = -1
        var bestScore = Score()
        while shift <= end {
            var score = Score()
            addSplit(table, at: shift, to: &score)
            addSplit(table, at: shift - size, to: &score)
            if best == -1 || Score.compare(score, bestScore) <= 0 {
                bestScore = score
                best = shift
            }
            shift += 1
        }
        return best
    }

    /// Columns of leading whitespace (tabs to multiples of 8), or -1 for a
    /// blank line.
    private static func indent(_ table: LineTable, _ i: Int) -> Int {
        var result = 0
        for byte in table.record(i) {
            switch byte {
            case 0x20: result += 1
            case 0x09: result += 8 - result % 8
            case 0x0A, 0x0D: break
            default: return result
            }
            if result >= maxIndent { return maxIndent }
        }
        return -1
    }

    /// measure_split + score_add_split: how bad is a boundary just before
    /// line `split`.
    private static func addSplit(_ table: LineTable, at split: Int, to s: inout Score) {
        let endOfFile = split >= table.count
        let lineIndent = endOfFile ? -1 : indent(table, split)

        var preBlank = 0, preIndent = -1
        var i = split - 1
        while i >= 0 {
            preIndent = indent(table, i)
            if preIndent != -1 { break }
            preBlank += 1
            if preBlank == maxBlanks { preIndent = 0; break }
            i -= 1
        }

        var postBlankRun = 0, postIndent = -1
        i = split + 1
        while i < table.count {
            postIndent = indent(table, i)
            if postIndent != -1 { break }
            postBlankRun += 1
            if postBlankRun == maxBlanks { postIndent = 0; break }
            i += 1
        }

        if preIndent == -1 && preBlank == 0 { s.penalty += 1 }
        if endOfFile { s.penalty += 21 }

        let postBlank = lineIndent == -1 ? 1 + postBlankRun : 0
        let totalBlank = preBlank + postBlank
        s.penalty += -30 * totalBlank
        s.penalty += 6 * postBlank

        let effective = lineIndent != -1 ? lineIndent : postIndent
        let anyBlanks = totalBlank != 0
        s.effectiveIndent += effective

        if effective == -1 || preIndent == -1 {
            // Nothing to compare against.
        } else if effective > preIndent {
            s.penalty += anyBlanks ? 10 : -4
        } else if effective == preIndent {
            // Same level: neutral.
        } else if postIndent != -1 && postIndent > effective {
            s.penalty += anyBlanks ? 17 : 24
        } else {
            s.penalty += anyBlanks ? 17 : 23
        }
    }
}
