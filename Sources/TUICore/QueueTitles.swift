/// Queue titles that fit their room and still tell the rows apart. Operations of one rule
/// share a title's beginning ("Check the environment 020-network reads", "... 030-gke ..."),
/// so cutting every title at the room's end can leave rows that read the same, or differ in a
/// character or two. A cut title that would show fewer than `minDistinct` columns after the
/// words it shares with another visible row keeps its first word and the rest after those
/// words: "Check…020-network r…".
enum QueueTitles {
    static let minDistinct = 12

    /// The text to show for each title in `room` columns, in order.
    static func fit(_ titles: [String], room: Int) -> [String] {
        guard room > 1 else { return titles.map { TextWidth.clip($0, max(room, 0)) } }
        var out = titles.map { cutToFit($0, room) }
        let cut = titles.indices.filter { TextWidth.of(titles[$0]) > room }
        guard !cut.isEmpty else { return out }
        let chars = titles.map(Array.init)
        for i in cut {
            let title = chars[i]
            // The longest beginning shared with another row, back to a word's end.
            var shared = 0
            for j in titles.indices where j != i { shared = max(shared, commonPrefix(title, chars[j])) }
            let boundary = title[..<shared].lastIndex(of: " ").map { $0 + 1 } ?? 0
            guard boundary > 0, room - 1 - TextWidth.of(String(title[..<boundary])) < minDistinct else { continue }
            let rest = String(title[boundary...])
            let head = title.firstIndex(of: " ").map { String(title[..<$0]) } ?? ""
            let shown = head.isEmpty || TextWidth.of(head) + 1 + 8 > room ? "…" + rest : head + "…" + rest
            out[i] = cutToFit(shown, room)
        }
        return out
    }

    static func cutToFit(_ s: String, _ room: Int) -> String {
        TextWidth.of(s) <= room ? s : TextWidth.clip(s, room - 1) + "…"
    }

    static func commonPrefix(_ a: [Character], _ b: [Character]) -> Int {
        var n = 0
        while n < a.count, n < b.count, a[n] == b[n] { n += 1 }
        return n
    }
}
