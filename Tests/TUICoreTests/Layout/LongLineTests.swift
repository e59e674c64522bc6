import Testing
@testable import TUICore

/// Issue 16, item 4: long lines were cut at the pane's edge, with no wrap and no sideways
/// scroll, a search match in the hidden part was not shown, and long ops-block titles and
/// commands could not be read anywhere.
@Suite struct LongLineTests {
    /// The screen's rows of the detail pane (right of the queue), as text.
    func pane(_ s: AppState) -> [String] {
        render(s, width: s.width, height: s.height).textLines.dropFirst(2).prefix(s.detailHeight).map {
            String($0.dropFirst(s.leftWidth + 2))
        }
    }

    @Test func aLongDiffLineIsCutVisiblyThenScrolledSideways() {
        var (s, _) = press(LayoutPlan.longLineState(), .enter)
        let row = pane(s).first { $0.hasPrefix("+gcloud compute instances create edge-vm") }
        #expect(row?.hasSuffix("…") == true, "a cut line ends in …: \(row ?? "none")")
        #expect(!pane(s).joined().contains(LayoutPlan.needle))
        (s, _) = press(s, .char(">"))
        #expect(s.left > 0)
        #expect(pane(s).contains { $0.hasPrefix("…") }, "a line scrolled past its start begins with …")
        var steps = 1
        while steps < 100 {
            let before = s.left
            (s, _) = press(s, .char(">"))
            if s.left == before { break }
            steps += 1
        }
        #expect(pane(s).joined().contains(LayoutPlan.needle), "scrolled to the end of the line")
        #expect(steps > 3 && steps < 100, "sideways scrolling stops at the end of the widest line")
        (s, _) = press(s, .char("0"))
        #expect(s.left == 0)
        (s, _) = press(s, .char("<"))
        #expect(s.left == 0)
    }

    @Test func searchRevealsAMatchInTheHiddenPart() {
        var (s, _) = press(LayoutPlan.longLineState(), [.enter, .char("/")] + typed("needle_at") + [.enter])
        #expect(s.matchLine != nil)
        #expect(pane(s).joined().contains(LayoutPlan.needle), "the match is scrolled into view sideways")
        let grid = render(s, width: 80, height: 24)
        #expect(grid.styleLines.contains { $0.contains("*********") }, "and marked as the current match")
        // Wrapped, the match's own row is on screen.
        (s, _) = press(LayoutPlan.longLineState(extra: 60), .enter, .char("z"), .end, .home)
        (s, _) = press(s, [.char("/")] + typed("needle_at") + [.enter])
        #expect(pane(s).contains { $0.contains("NEEDLE") })
    }

    @Test func wrapShowsTheWholeLineAndKeepsScrollInside() {
        var (s, _) = press(LayoutPlan.longLineState(extra: 40), .enter, .char("z"))
        #expect(s.wrapsDetail)
        let rows = pane(s)
        #expect(rows.contains { $0.hasPrefix(Wrap.continuationMark) })
        // Every character of the line is on screen, in order, across its rows.
        let start = rows.firstIndex { $0.hasPrefix("+gcloud compute instances create") }!
        // (textLines trims trailing blanks: a row that ends in a blank is padded back.)
        func padded(_ row: String, _ width: Int) -> String { row + String(repeating: " ", count: max(width - row.count, 0)) }
        var joined = padded(rows[start], s.detailTextWidth)
        for row in rows[(start + 1)...] where row.hasPrefix(Wrap.continuationMark) { joined += padded(String(row.dropFirst()), s.detailTextWidth - 1) }
        #expect(joined.trimmingCharacters(in: .whitespaces) == LayoutPlan.longLine)
        // The text now has more rows than lines; End shows the last line at the bottom.
        let doc = s.document(s.current!.id)
        #expect(s.detailRows().count > doc.count)
        (s, _) = press(s, .end)
        #expect(s.top == s.detailRows().count - s.detailHeight)
        #expect(pane(s).last == " # context line 39")
        // Sideways keys say why they do nothing while wrapped; z again unwraps and keeps the top line.
        (s, _) = press(s, .char(">"))
        #expect(s.left == 0 && s.message?.text.contains("wrap") == true)
        let topLine = s.detailRows().line(atRow: s.top).line
        (s, _) = press(s, .char("z"))
        #expect(!s.wrapsDetail && s.top == topLine)
    }

    @Test func searchStartsFromTheLineAtTheTopWhenWrapped() {
        // Wrapped, rows outnumber lines: a search starts at the top row's line, not at the
        // line whose number is the row's.
        var (s, _) = press(LayoutPlan.longLineState(extra: 60), .enter, .char("z"), .end)
        let topLine = s.detailRows().line(atRow: s.top).line
        #expect(s.top > topLine)
        (s, _) = press(s, [.char("/")] + typed("# context") + [.enter])
        #expect(s.matchLine == topLine)
    }

    @Test func wrapIndexIsBuiltOncePerWidthAndFollowsResizes() {
        var (s, _) = press(LayoutPlan.longLineState(extra: 10), .enter, .char("z"))
        let narrow = s.detailRows().count
        s = update(s, .resize(width: 200, height: 60)).0
        #expect(s.detailRows().count < narrow, "a wider pane needs fewer rows")
        #expect(Wrap.rows(LayoutPlan.longLine, width: 40) == Wrap.starts(LayoutPlan.longLine, width: 40).count)
        #expect(Wrap.rows("abc", width: 40) == 1)
        // Wide characters never straddle a row break.
        let wide = String(repeating: "説明", count: 30)
        for start in Wrap.starts(wide, width: 41).dropFirst() { #expect(start % 2 == 0) }
    }

    @Test func opsViewWrapsLongTitlesAndCommands() {
        let title = "Check the environment 040-artifact-registry reads and validate every variable it needs before anything runs"
        let command = "./ai/infra/init.sh --only 040-artifact-registry --dry-run --log-dir ai/infra/logs/artifact-registry-first-run"
        let s0 = LayoutPlan.state([LayoutPlan.op("variables-env-040-artifact-registry", title, commands: [command])])
        let (s, _) = press(s0, .char("2"))
        let text = pane(s).map { $0.hasPrefix(Wrap.continuationMark) ? String($0.dropFirst()) : $0 }.joined(separator: " ")
        for word in (title + " " + command).split(separator: " ") { #expect(text.contains(word), "\(word) is on screen") }
        #expect(!pane(s).contains { $0.hasSuffix("…") })
    }
}
