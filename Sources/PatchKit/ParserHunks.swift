extension PatchReader {
    private struct HunkHeader {
        var oldStart = 0, oldCount = 1, newStart = 0, newCount = 1
        var section = ""
    }

    /// "@@ -a[,b] +c[,d] @@[ section]"
    private func hunkHeader(_ k: Int) -> HunkHeader? {
        let b = Array(line(k))
        var p = 4
        func number() -> Int? {
            var value = 0, digits = 0
            while p < b.count, (0x30 ... 0x39).contains(b[p]) {
                value = value * 10 + Int(b[p] - 0x30)
                digits += 1
                p += 1
                // Anything this large is garbage; stop before overflowing.
                if digits > 12 { return nil }
            }
            return digits > 0 ? value : nil
        }
        var h = HunkHeader()
        guard b.starts(with: "@@ -".utf8), let oldStart = number() else { return nil }
        h.oldStart = oldStart
        if p < b.count && b[p] == 0x2C {
            p += 1
            guard let count = number() else { return nil }
            h.oldCount = count
        }
        guard p + 1 < b.count, b[p] == 0x20, b[p + 1] == 0x2B else { return nil }
        p += 2
        guard let newStart = number() else { return nil }
        h.newStart = newStart
        if p < b.count && b[p] == 0x2C {
            p += 1
            guard let count = number() else { return nil }
            h.newCount = count
        }
        guard p + 2 < b.count, b[p] == 0x20, b[p + 1] == 0x40, b[p + 2] == 0x40 else { return nil }
        p += 3
        if p < b.count && b[p] == 0x20 { p += 1 }
        h.section = text(b[p...])
        return h
    }

    /// What a body line is, if it is one: an empty line counts as an empty
    /// context line (editors strip the lone space; git accepts that too).
    private func bodyKind(_ k: Int) -> HunkLine.Kind? {
        switch first(k) {
        case nil, 0x20: return .context
        case 0x2B: return .added
        case 0x2D: return .removed
        default: return nil
        }
    }

    mutating func hunk() throws(PatchError) -> Hunk {
        let headerLine = i + 1
        guard let h = hunkHeader(i) else {
            throw PatchError("malformed hunk header at line \(headerLine)", line: headerLine)
        }
        i += 1
        var lines: [HunkLine] = []
        var oldSeen = 0, newSeen = 0
        // After "\ No newline at end of file" that side of the file is over.
        var oldClosed = false, newClosed = false

        while (oldSeen < h.oldCount || newSeen < h.newCount) && i < ranges.count {
            if first(i) == 0x5C {
                try noNewlineMarker(&lines, &oldClosed, &newClosed)
                continue
            }
            guard let kind = bodyKind(i) else { break }
            let old = kind == .added ? 0 : 1, new = kind == .removed ? 0 : 1
            if oldSeen + old > h.oldCount || newSeen + new > h.newCount {
                throw countError(h, headerLine, oldSeen, newSeen)
            }
            if (old == 1 && oldClosed) || (new == 1 && newClosed) {
                throw PatchError(
                    "line \(i + 1) comes after '\\ No newline at end of file' for the same side of the file", line: i + 1)
            }
            lines.append(HunkLine(kind: kind, text: text(line(i).dropFirst())))
            oldSeen += old
            newSeen += new
            i += 1
        }
        if i < ranges.count && first(i) == 0x5C {
            try noNewlineMarker(&lines, &oldClosed, &newClosed)
        }
        if oldSeen < h.oldCount || newSeen < h.newCount {
            throw countError(h, headerLine, oldSeen, newSeen)
        }
        if lines.isEmpty {
            throw PatchError("hunk at line \(headerLine) is empty", line: headerLine)
        }
        // A body line right after a complete hunk means the header undercounts.
        if i < ranges.count, first(i) != nil, bodyKind(i) != nil, !isSignature(i), !isFileStart(i) {
            throw countError(h, headerLine, oldSeen, newSeen)
        }
        return Hunk(
            oldStart: h.oldStart, oldCount: h.oldCount, newStart: h.newStart, newCount: h.newCount,
            section: h.section, lines: lines)
    }

    private mutating func noNewlineMarker(
        _ lines: inout [HunkLine], _ oldClosed: inout Bool, _ newClosed: inout Bool
    ) throws(PatchError) {
        guard let last = lines.popLast(), !last.noNewlineAtEnd else {
            throw PatchError("'\\' line at line \(i + 1) does not follow a hunk line", line: i + 1)
        }
        lines.append(HunkLine(kind: last.kind, text: last.text, noNewlineAtEnd: true))
        if last.kind != .added { oldClosed = true }
        if last.kind != .removed { newClosed = true }
        i += 1
    }

    /// Counts the body lines actually there (from the current line on) to
    /// say which count is wrong and by how much.
    private func countError(_ h: HunkHeader, _ headerLine: Int, _ oldSeen: Int, _ newSeen: Int) -> PatchError {
        var old = oldSeen, new = newSeen
        var k = i
        while k < ranges.count, first(k) != nil, !isSignature(k), !isFileStart(k) {
            if first(k) != 0x5C {
                guard let kind = bodyKind(k) else { break }
                if kind != .added { old += 1 }
                if kind != .removed { new += 1 }
            }
            k += 1
        }
        let message = old != h.oldCount
            ? "hunk header at line \(headerLine) says \(h.oldCount) old \(h.oldCount == 1 ? "line" : "lines") but has \(old)"
            : "hunk header at line \(headerLine) says \(h.newCount) new \(h.newCount == 1 ? "line" : "lines") but has \(new)"
        return PatchError(message, line: headerLine)
    }
}

/// The two names on a `diff --git a/x b/x` line. Unquoted names may contain
/// spaces, so like git we look for the split where both halves name the same
/// path.
enum GitNames {
    static func parse(_ rest: ArraySlice<UInt8>) -> (old: String, new: String)? {
        let b = Array(rest)
        func text(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }
        func strip(_ name: String, _ prefix: String) -> String {
            name.utf8.starts(with: prefix.utf8) ? String(decoding: name.utf8.dropFirst(prefix.utf8.count), as: UTF8.self) : name
        }

        if b.first == 0x22 {
            guard let (old, length) = PathQuoting.unquotePrefix(b), length < b.count, b[length] == 0x20 else { return nil }
            let tail = b[(length + 1)...]
            if tail.first == 0x22 {
                guard let (new, tailLength) = PathQuoting.unquotePrefix(tail), tailLength == tail.count else { return nil }
                return (strip(old, "a/"), strip(new, "b/"))
            }
            return (strip(old, "a/"), strip(text(tail), "b/"))
        }

        let spaces = b.indices.filter { b[$0] == 0x20 }
        if b.last == 0x22 {
            for k in spaces where k + 1 < b.count && b[k + 1] == 0x22 {
                let tail = b[(k + 1)...]
                if let (new, length) = PathQuoting.unquotePrefix(tail), length == tail.count {
                    return (strip(text(b[..<k]), "a/"), strip(new, "b/"))
                }
            }
        }
        for k in spaces {
            let old = b[..<k], new = b[(k + 1)...]
            if old.starts(with: "a/".utf8) && new.starts(with: "b/".utf8) && old.dropFirst(2).elementsEqual(new.dropFirst(2)) {
                return (text(old.dropFirst(2)), text(new.dropFirst(2)))
            }
        }
        if spaces.count == 1, let k = spaces.first {
            return (strip(text(b[..<k]), "a/"), strip(text(b[(k + 1)...]), "b/"))
        }
        return nil
    }
}
