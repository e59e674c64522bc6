/// Queue titles that fit their room and still tell the rows apart. Operations of one rule
/// share a title's beginning ("Check the environment 020-network reads", "... 030-gke ..."),
/// so cutting every title at the room's end can leave rows that read the same. A title whose
/// cut form is shared by another visible row keeps its first word and the part after the
/// words they have in common: "Check…020-network r…".
enum QueueTitles {
    /// The text to show for each title in `room` columns, in order.
    static func fit(_ titles: [String], room: Int) -> [String] {
        guard room > 1 else { return titles.map { TextWidth.clip($0, max(room, 0)) } }
        let cut = titles.map { cutToFit($0, room) }
        var groups: [String: [Int]] = [:]
        for (i, c) in cut.enumerated() where c.hasSuffix("…") { groups[c, default: []].append(i) }
        var out = cut
        for members in groups.values where members.count > 1 {
            for i in members {
                let title = Array(titles[i])
                // The longest beginning shared with another member, back to a word's end.
                var shared = 0
                for j in members where j != i { shared = max(shared, commonPrefix(title, Array(titles[j]))) }
                let boundary = title[..<shared].lastIndex(of: " ").map { $0 + 1 } ?? 0
                let rest = String(title[boundary...])
                let head = title.firstIndex(of: " ").map { String(title[..<$0]) } ?? ""
                let withHead = head.isEmpty || boundary == 0 || TextWidth.of(head) + 1 + 8 > room ? "…" + rest : head + "…" + rest
                out[i] = cutToFit(boundary == 0 ? titles[i] : withHead, room)
            }
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
