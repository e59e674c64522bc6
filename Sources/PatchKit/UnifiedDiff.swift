public enum UnifiedDiff: Sendable {
    /// Hunks turning `old` into `new` (nil = the file does not exist on that side).
    public static func hunks(old: String?, new: String?, context: Int = 3) -> [Hunk] {
        hunks(LineTable(old), LineTable(new), context: max(0, context))
    }

    /// A complete FilePatch for one file.
    public static func filePatch(
        path: String, old: String?, new: String?,
        oldMode: FileMode?, newMode: FileMode?,
        oldBlob: String? = nil, newBlob: String? = nil,
        context: Int = 3
    ) -> FilePatch {
        FilePatch(
            oldPath: old == nil ? nil : path,
            newPath: new == nil ? nil : path,
            oldMode: old == nil ? nil : oldMode,
            newMode: new == nil ? nil : newMode,
            oldBlob: old == nil ? nil : oldBlob,
            newBlob: new == nil ? nil : newBlob,
            isBinary: false,
            hunks: hunks(old: old, new: new, context: context)
        )
    }

    /// A deletion that carries no content (for secrets): `git apply` and
    /// `git am` check the pre-image against the full old blob id instead.
    public static func contentlessDeletion(path: String, oldMode: FileMode, oldBlob: String) -> FilePatch {
        FilePatch(oldPath: path, newPath: nil, oldMode: oldMode, oldBlob: oldBlob, isBinary: true)
    }

    // MARK: - hunks from the change marks

    /// One run of changed lines: `chg1` lines at `i1` in old replaced by
    /// `chg2` lines at `i2` in new (xdchange_t).
    struct Change: Equatable {
        let i1: Int, i2: Int, chg1: Int, chg2: Int
    }

    static func changes(_ a: LineTable, _ b: LineTable) -> [Change] {
        let classified = Classified(a, b)
        var marks = Myers.changes(classified)
        Compaction.compact(&marks, classified, old: a, new: b)
        return script(marks, a.count, b.count)
    }

    /// xdl_build_script, walking forwards: unchanged lines pair up in order,
    /// and whatever sits between two pairs is one change.
    static func script(_ marks: ChangeMarks, _ n1: Int, _ n2: Int) -> [Change] {
        var result: [Change] = []
        var i1 = 0, i2 = 0
        while true {
            let changed1 = i1 < n1 && marks.old[i1 + 1]
            let changed2 = i2 < n2 && marks.new[i2 + 1]
            if changed1 || changed2 {
                let s1 = i1, s2 = i2
                while i1 < n1 && marks.old[i1 + 1] { i1 += 1 }
                while i2 < n2 && marks.new[i2 + 1] { i2 += 1 }
                result.append(Change(i1: s1, i2: s2, chg1: i1 - s1, chg2: i2 - s2))
            } else if i1 < n1 && i2 < n2 {
                i1 += 1
                i2 += 1
            } else {
                break
            }
        }
        return result
    }

    /// xdl_emit_diff: group changes whose contexts touch (gap <= 2 * context)
    /// into hunks and name each hunk after the nearest "function" line above.
    static func hunks(_ a: LineTable, _ b: LineTable, context: Int) -> [Hunk] {
        let all = changes(a, b)
        var result: [Hunk] = []
        // Like xdiff, the heading sticks until a newer one is found, and the
        // search never goes back past where the previous search started.
        var heading = ""
        var searchedDownTo = -1
        var first = 0
        while first < all.count {
            var last = first
            while last + 1 < all.count
                && all[last + 1].i1 - (all[last].i1 + all[last].chg1) <= 2 * context {
                last += 1
            }
            let head = all[first], tail = all[last]
            let s1 = max(head.i1 - context, 0), s2 = max(head.i2 - context, 0)
            let post = min(context, a.count - (tail.i1 + tail.chg1), b.count - (tail.i2 + tail.chg2))
            let e1 = tail.i1 + tail.chg1 + post, e2 = tail.i2 + tail.chg2 + post

            var l = s1 - 1
            while l > searchedDownTo && l >= 0 {
                if let found = functionName(a, l) { heading = found; break }
                l -= 1
            }
            searchedDownTo = s1 - 1

            var lines: [HunkLine] = []
            lines.reserveCapacity((e1 - s1) + (e2 - s2))
            var p2 = s2
            while p2 < head.i2 { lines.append(b.hunkLine(p2, .context)); p2 += 1 }
            var p1 = head.i1
            p2 = head.i2
            for change in all[first ... last] {
                while p1 < change.i1 && p2 < change.i2 {
                    lines.append(b.hunkLine(p2, .context))
                    p1 += 1
                    p2 += 1
                }
                for i in change.i1 ..< change.i1 + change.chg1 { lines.append(a.hunkLine(i, .removed)) }
                for i in change.i2 ..< change.i2 + change.chg2 { lines.append(b.hunkLine(i, .added)) }
                p1 = change.i1 + change.chg1
                p2 = change.i2 + change.chg2
            }
            while p2 < e2 { lines.append(b.hunkLine(p2, .context)); p2 += 1 }

            result.append(Hunk(
                oldStart: e1 > s1 ? s1 + 1 : s1, oldCount: e1 - s1,
                newStart: e2 > s2 ? s2 + 1 : s2, newCount: e2 - s2,
                section: heading, lines: lines
            ))
            first = last + 1
        }
        return result
    }

    /// git's default funcname rule (def_ff): a line starting with a letter,
    /// "_" or "$", cut to 80 bytes, without trailing whitespace.
    static func functionName(_ table: LineTable, _ i: Int) -> String? {
        let record = table.record(i)
        guard let first = record.first,
              (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) || first == 0x5F || first == 0x24
        else { return nil }
        var end = min(record.count, 80)
        // git cuts bytes; we back off to a character boundary so the
        // heading stays valid UTF-8 (only differs for long non-ASCII lines).
        if end < record.count {
            while end > 1 && record[record.startIndex + end] & 0xC0 == 0x80 { end -= 1 }
        }
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(record[record.startIndex + end - 1]) { end -= 1 }
        return String(decoding: record.prefix(end), as: UTF8.self)
    }
}
