extension String {
    /// The text split on "\n" bytes only. Unlike `split(separator: "\n")`, which works on
    /// grapheme clusters, a CRLF pair still splits (its "\r" stays on the line).
    public var newlineSeparatedLines: [Substring] {
        var out: [Substring] = []
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex {
            if utf8[i] == 0x0A {
                out.append(self[start..<i])
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out.append(self[start..<utf8.endIndex])
        return out
    }
}

// Byte-level checks: `hasSuffix("\n")` compares grapheme clusters, so it is false for a
// text ending in "\r\n". Only where the UTF-8 view is bidirectional (String, Substring): on a
// plain Collection, `reversed()` copied the whole text to find its last byte.
extension StringProtocol where UTF8View: BidirectionalCollection {
    public var endsWithLineFeed: Bool { utf8.last == 0x0A }
    public var endsWithCarriageReturn: Bool { utf8.last == 0x0D }
    /// The line without a trailing "\r".
    public var withoutCarriageReturn: String {
        endsWithCarriageReturn ? String(decoding: utf8.dropLast(), as: UTF8.self) : String(self)
    }
}
