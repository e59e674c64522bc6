/// Hunk header counts recomputed from the lines a hunk holds, as `git add -p` does after a
/// person edits a hunk (and `git apply --recount`): adding or removing a line in an editor
/// must not make the patch "malformed" over a number nobody should have to fix by hand.
public enum PatchRecount {
    /// Rewrites every `@@ -a,b +c,d @@` header whose counts disagree with its body. A body
    /// runs to the next `@@`, `diff --git` or the end; its lines are ` ` context (an empty
    /// line too: editors strip the lone space), `-` removed, `+` added and `\` notes. Empty
    /// lines at the very end of a hunk are left out (an editor's trailing newline). When a
    /// file's counts change, its new-side starts are recomputed from the old-side ones and
    /// the lines added or removed by the hunks before. Headers already right are untouched,
    /// so an unedited patch comes back byte for byte.
    ///
    /// - Parameter text: a unified diff (git form), as the person saved it.
    /// - Returns: the same text with corrected headers.
    public static func recount(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        var delta = 0  // lines added minus removed by the earlier hunks of the current file
        var fileChanged = false
        while i < lines.count {
            if lines[i].hasPrefix("diff --git ") { delta = 0; fileChanged = false; i += 1; continue }
            guard lines[i].hasPrefix("@@ -"), let header = Header(lines[i]) else { i += 1; continue }
            var end = i + 1
            var lastBody = i  // the last non-empty body line
            while end < lines.count {
                let line = lines[end]
                if line.hasPrefix("@@ ") || line.hasPrefix("diff --git ") || line == "-- " { break }
                if let first = line.first {
                    guard first == " " || first == "-" || first == "+" || first == "\\" else { break }
                    lastBody = end
                }
                end += 1
            }
            var old = 0, new = 0
            if lastBody > i {
                for line in lines[(i + 1)...lastBody] {
                    switch line.first {
                    case nil, " ": old += 1; new += 1
                    case "-": old += 1
                    case "+": new += 1
                    default: break
                    }
                }
            }
            if old != header.oldCount || new != header.newCount { fileChanged = true }
            if fileChanged {
                let oldFirst = old == 0 ? header.oldStart + 1 : header.oldStart
                let newFirst = oldFirst + delta
                let newStart = new == 0 ? newFirst - 1 : newFirst
                lines[i] = "@@ -\(Header.range(header.oldStart, old)) +\(Header.range(newStart, new)) @@\(header.rest)"
            }
            delta += new - old
            i = max(lastBody + 1, i + 1)
        }
        return lines.joined(separator: "\n")
    }

    struct Header {
        let oldStart: Int, oldCount: Int, newStart: Int, newCount: Int
        /// Everything after the closing "@@" (a section heading), as it was.
        let rest: Substring

        init?(_ line: String) {
            let body = line.dropFirst(3)  // "@@ "
            guard let close = body.range(of: " @@") else { return nil }
            let parts = body[..<close.lowerBound].split(separator: " ")
            guard parts.count == 2, parts[0].hasPrefix("-"), parts[1].hasPrefix("+"),
                  let old = Self.parse(parts[0].dropFirst()), let new = Self.parse(parts[1].dropFirst()) else { return nil }
            (oldStart, oldCount, newStart, newCount) = (old.0, old.1, new.0, new.1)
            rest = body[close.upperBound...]
        }

        static func parse(_ s: Substring) -> (Int, Int)? {
            let bits = s.split(separator: ",", omittingEmptySubsequences: false)
            guard let start = Int(bits[0]) else { return nil }
            if bits.count == 1 { return (start, 1) }
            guard bits.count == 2, let count = Int(bits[1]) else { return nil }
            return (start, count)
        }

        /// "a" when the count is 1 (as git writes it), else "a,b".
        static func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
    }
}
