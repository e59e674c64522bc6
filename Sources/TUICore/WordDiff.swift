/// Word-level highlighting of a changed line against its partner (a removed line and the
/// added line that replaces it; `DiffCaches.pairs`). Lines are split into words (letters,
/// digits, `_`), runs of blanks and single other characters; the longest common subsequence
/// of those tokens is kept plain and the rest is marked. Only the visible lines are compared,
/// each once per frame, so the cost follows the screen.
public enum WordDiff {
    /// Tokens in the middle (after the common head and tail) beyond which the comparison is
    /// not attempted: the middle is marked whole (lines that different gain nothing from it).
    static let maxMiddle = 96
    /// Below this share of unchanged characters the lines are different, not edited, and
    /// marking words would paint nearly everything: the line keeps its plain colour.
    static let minUnchanged = 0.4

    /// The text of `line` (its diff marker excluded) as runs of (text, changed), or nil when
    /// the pair is too different to be worth marking.
    public static func runs(_ line: String, against other: String) -> [(String, Bool)]? {
        let a = tokens(line), b = tokens(other)
        let kept = common(a, b)
        var unchanged = 0
        var out: [(String, Bool)] = []
        for (i, token) in a.enumerated() {
            let changed = !kept[i]
            if !changed { unchanged += token.count }
            if let last = out.last, last.1 == changed { out[out.count - 1].0 += token } else { out.append((token, changed)) }
        }
        let total = max(line.count + other.count, 1)
        // Unchanged characters appear in both lines.
        guard Double(unchanged * 2) / Double(total) >= minUnchanged, out.contains(where: \.1) else { return nil }
        return out
    }

    static func tokens(_ s: String) -> [String] {
        if Wrap.isASCII(s) { return asciiTokens(s) }
        var out: [String] = []
        var current = ""
        var kind = 0  // 1 word, 2 blank
        for ch in s {
            let k = ch.isLetter || ch.isNumber || ch == "_" ? 1 : ch == " " || ch == "\t" ? 2 : 0
            if k != 0 && k == kind { current.append(ch); continue }
            if !current.isEmpty { out.append(current) }
            current = String(ch)
            kind = k
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// The same split on bytes, for ASCII lines (most of a diff): no Unicode property lookups.
    static func asciiTokens(_ s: String) -> [String] {
        var out: [String] = []
        let bytes = Array(s.utf8)
        var start = 0, kind = -1
        func kindOf(_ b: UInt8) -> Int {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 ? 1 : b == 32 || b == 9 ? 2 : 0
        }
        for (i, b) in bytes.enumerated() {
            let k = kindOf(b)
            if k != 0 && k == kind { continue }
            if i > start { out.append(String(decoding: bytes[start..<i], as: UTF8.self)) }
            start = i
            kind = k
        }
        if bytes.count > start { out.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return out
    }

    /// For each of `a`'s tokens, whether it is part of a longest common subsequence with `b`.
    static func common(_ a: [String], _ b: [String]) -> [Bool] {
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        var kept = [Bool](repeating: false, count: a.count)
        for i in 0..<head { kept[i] = true }
        for i in (a.count - tail)..<a.count { kept[i] = true }
        let midA = Array(a[head..<(a.count - tail)]), midB = Array(b[head..<(b.count - tail)])
        guard !midA.isEmpty, !midB.isEmpty, midA.count <= maxMiddle, midB.count <= maxMiddle else { return kept }
        // Classic LCS table over the middle, then a walk back from its end.
        let n = midA.count, m = midB.count
        var table = [Int16](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] = midA[i] == midB[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var i = 0, j = 0
        while i < n, j < m {
            if midA[i] == midB[j] { kept[head + i] = true; i += 1; j += 1 }
            else if table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] { i += 1 }
            else { j += 1 }
        }
        return kept
    }
}
