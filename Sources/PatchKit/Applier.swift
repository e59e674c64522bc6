public enum PatchApplier: Sendable {
    /// Applies `patch` to `old` (nil = the file does not exist) and returns
    /// the new content (nil = the file is deleted). Strict like `patch -F0`:
    /// every context and removed line must match exactly; a hunk is looked
    /// for where it says it is (shifted by the offset the previous hunk was
    /// found at), then at growing distances from there, never before the
    /// previous hunk. Throws `PatchError` naming the file and the hunk.
    public static func apply(_ patch: FilePatch, to old: String?) throws -> String? {
        let path = patch.path
        switch patch.change {
        case .create:
            if old != nil { throw PatchError("\(path): cannot create the file, it already exists") }
            if patch.isBinary { throw PatchError("\(path): a binary patch without data cannot create a file") }
            return try applyHunks(patch, to: LineTable(nil))
        case .delete:
            guard let old else { throw PatchError("\(path): cannot delete the file, it does not exist") }
            // The pre-image is identified by its blob id, which the caller checks.
            if patch.isBinary { return nil }
            let rest = try applyHunks(patch, to: LineTable(old))
            guard rest.isEmpty else {
                throw PatchError("\(path): the file has content that the deletion does not remove")
            }
            return nil
        case .modify:
            guard let old else { throw PatchError("\(path): cannot patch the file, it does not exist") }
            if patch.isBinary { throw PatchError("\(path): a binary patch without data cannot be applied") }
            if patch.hunks.isEmpty { return old }
            return try applyHunks(patch, to: LineTable(old))
        }
    }

    private static func applyHunks(_ patch: FilePatch, to table: LineTable) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(table.bytes.count + 64)
        var cursor = 0
        var lastOffset = 0

        for (n, hunk) in patch.hunks.enumerated() {
            func failure(_ reason: String) -> PatchError {
                PatchError("\(patch.path): hunk \(n + 1) of \(patch.hunks.count) (\(hunk.header)) does not apply: \(reason)")
            }
            // The lines themselves, compared and copied byte for byte: a record array per line
            // was most of applying a patch (every operation's patch is applied when checked).
            let pre = hunk.lines.filter { $0.kind != .added }
            let post = hunk.lines.filter { $0.kind != .removed }
            if post.dropLast().contains(where: \.noNewlineAtEnd) || pre.dropLast().contains(where: { $0.noNewlineAtEnd && $0.text.utf8.last != 0x0A }) {
                throw failure("'\\ No newline at end of file' is only possible after the last line")
            }

            let leading = hunk.lines.prefix { $0.kind == .context }.count
            let trailing = hunk.lines.reversed().prefix { $0.kind == .context }.count
            let hasChange = leading < hunk.lines.count
            let stated = max(0, pre.isEmpty || hunk.oldStart <= 0 ? hunk.oldStart : hunk.oldStart - 1)
            // Less context on one side than the other means the hunk was cut
            // by the file's edge, so it must sit at that edge (GNU patch rule).
            let atStart = hasChange && leading < trailing && stated == 0
            let atEnd = hasChange && trailing < leading
            let lastPosition = table.count - pre.count
            let (sum, overflow) = stated.addingReportingOverflow(lastOffset)
            let wanted = overflow ? Int.max : sum
            let guess = min(max(wanted, cursor), max(cursor, lastPosition))

            func matches(_ p: Int) -> Bool {
                guard p >= cursor && p <= lastPosition else { return false }
                for k in pre.indices where !pre[k].isRecord(table.record(p + k)) { return false }
                return true
            }

            var found: Int?
            if pre.isEmpty {
                if wanted >= cursor && wanted <= table.count { found = wanted }
            } else if atStart {
                found = matches(0) ? 0 : nil
            } else if atEnd {
                found = matches(lastPosition) ? lastPosition : nil
            } else {
                var delta = 0
                while guess + delta <= lastPosition || guess - delta >= cursor {
                    if matches(guess + delta) { found = guess + delta; break }
                    if delta > 0 && matches(guess - delta) { found = guess - delta; break }
                    delta += 1
                }
            }

            guard let position = found else {
                if pre.isEmpty {
                    throw failure("it inserts after line \(wanted) but the file has \(table.count) lines")
                }
                let probe = atStart ? 0 : atEnd ? max(lastPosition, 0) : guess
                var reason = mismatch(pre.map(\.record), at: probe, in: table)
                if atStart { reason += " (the hunk must match at the start of the file)" }
                if atEnd { reason += " (the hunk must match at the end of the file)" }
                throw failure(reason)
            }

            if position > cursor {
                out.append(contentsOf: table.bytes[table.starts[cursor] ..< table.starts[position]])
            }
            for line in post {
                out.append(contentsOf: line.text.utf8)
                if !line.noNewlineAtEnd { out.append(0x0A) }
            }
            cursor = position + pre.count
            lastOffset = position - stated
            if post.last?.noNewlineAtEnd == true && cursor < table.count {
                throw failure("it leaves a line without newline before line \(cursor + 1) of the file")
            }
        }
        if cursor < table.count {
            out.append(contentsOf: table.bytes[table.starts[cursor]...])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Why `pre` does not match at `position`: the first differing line.
    private static func mismatch(_ pre: [[UInt8]], at position: Int, in table: LineTable) -> String {
        for (k, expected) in pre.enumerated() {
            let lineNo = position + k + 1
            guard position + k < table.count else {
                return "the patch expects line \(lineNo) to be \(show(expected)) but the file has only \(table.count) lines"
            }
            let actual = table.record(position + k)
            if !actual.elementsEqual(expected) {
                return "line \(lineNo) is \(show(actual)), the patch expects \(show(expected))"
            }
        }
        return "its lines appear only before an earlier hunk"
    }

    /// A line for an error message: quoted, escaped, shortened.
    private static func show<C: Collection>(_ record: C) -> String where C.Element == UInt8 {
        var bytes = Array(record)
        let newline = bytes.last == 0x0A
        if newline { bytes.removeLast() }
        var text = ""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            default: text.unicodeScalars.append(scalar)
            }
        }
        if text.unicodeScalars.count > 60 {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(57))) + "..."
        }
        return "\"\(text)\"" + (newline ? "" : " (no newline at end)")
    }
}
