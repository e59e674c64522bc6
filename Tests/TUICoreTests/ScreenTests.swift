import Testing
@testable import TUICore

/// Whole screens, text and styles, at the sizes that matter: 80x24 (the smallest the UI is
/// designed for) and 200x60, plus a terminal too small to use.
@Suite struct ScreenTests {
    @Test func queueAndDiffAt80x24() {
        let s = SamplePlan.state()
        expectScreen(render(s, width: 80, height: 24), "queue80x24", Goldens.queue80x24)
    }

    @Test func longDiffScrolledAt80x24() {
        // The entrypoint's diff is 200+ lines: page down twice, then jump to its last file.
        var (s, _) = press(SamplePlan.state(longDiff: 200), .char("j"), .enter, .pageDown, .pageDown)
        expectScreen(render(s, width: 80, height: 24), "longDiffPaged80x24", Goldens.longDiffPaged80x24)
        (s, _) = press(s, .char("}"))
        expectScreen(render(s, width: 80, height: 24), "longDiffLastFile80x24", Goldens.longDiffLastFile80x24)
    }

    @Test func wideCharacterFileNameAt80x24() {
        let (s, _) = press(SamplePlan.state(), .char("G"))
        let grid = render(s, width: 80, height: 24)
        expectScreen(grid, "wideName80x24", Goldens.wideName80x24)
        // Each wide character takes two cells, so the line is shorter in characters than in columns.
        let header = grid.textLines[2]
        #expect(header.contains("説明-café.md"))
    }

    @Test func infoViewAt200x60() {
        let (s, _) = press(SamplePlan.state(width: 200, height: 60), .char("G"), .char("3"), .tab)
        expectScreen(render(s, width: 200, height: 60), "info200x60", Goldens.info200x60)
    }

    @Test func decisionsAt200x60() {
        var (s, _) = press(SamplePlan.state(width: 200, height: 60), .char("j"), .char("a"))
        expectScreen(render(s, width: 200, height: 60), "acceptDeps200x60", Goldens.acceptDeps200x60)
        (s, _) = press(s, .char("y"), .char("g"), .char("r"))
        expectScreen(render(s, width: 200, height: 60), "blocked200x60", Goldens.blocked200x60)
    }

    @Test func opsViewAndHelpAt80x24() {
        var (s, _) = press(SamplePlan.state(), .char("2"))
        expectScreen(render(s, width: 80, height: 24), "ops80x24", Goldens.ops80x24)
        (s, _) = press(s, .char("?"))
        expectScreen(render(s, width: 80, height: 24), "help80x24", Goldens.help80x24)
    }

    @Test func writeConfirmationAt80x24() {
        let (s, _) = press(SamplePlan.state(), .char("a"), .char("G"), .char("a"), .char("w"))
        expectScreen(render(s, width: 80, height: 24), "confirmWrite80x24", Goldens.confirmWrite80x24)
    }

    @Test func tooSmallTerminalSaysSo() {
        let s = SamplePlan.state()
        expectScreen(render(s, width: 40, height: 8), "tooSmall40x8", Goldens.tooSmall40x8)
        // And a degenerate size never traps.
        _ = render(s, width: 1, height: 1)
        _ = render(s, width: 0, height: 0)
        let (after, effects) = press(update(s, .resize(width: 40, height: 8)).0, .char("a"), .char("q"))
        #expect(after.gate.counts.accepted == 0)
        #expect(effects == [.quit])
    }

    @Test func bottomOfAHugeDiffDrawsItsLastLines() {
        // Timings live in the benchmark (infra-tui-bench); here, that the window is the right one.
        let id = "entrypoint-canonical-init"
        var (s, _) = press(SamplePlan.state(longDiff: 100_000, width: 200, height: 60), .char("j"), .enter, .end)
        let doc = s.document(id)
        #expect(doc.count == 6 + 100_000 + 8)
        #expect(s.top == doc.count - s.detailHeight)
        func expectWindow(_ s: AppState, _ label: String) {
            let rows = render(s, width: 200, height: 60).textLines
            let x0 = s.leftWidth + 2
            for row in 0..<s.detailHeight {
                let shown = String(rows[row + 2].dropFirst(x0 - 1)).drop { $0 == " " || $0 == "│" }
                let expected = doc.lines[s.top + row].text.drop { $0 == " " }
                #expect(shown == expected, "\(label): row \(row) shows \(shown), not line \(s.top + row)")
            }
            #expect(rows[1].hasSuffix("\(s.top + 1)-\(s.top + s.detailHeight)/\(doc.count)"), "\(label): \(rows[1])")
        }
        expectWindow(s, "end")
        #expect(render(s, width: 200, height: 60).textLines[57].hasSuffix("+exec \"$(dirname \"$0\")/../init.sh\" \"$@\""))
        (s, _) = press(s, .up)
        expectWindow(s, "one line up")
        #expect(render(s, width: 200, height: 60).textLines[2].hasSuffix("+# step 99952: run the numbered task 99952 and log it"))
        (s, _) = press(s, .pageUp)
        expectWindow(s, "a page up")
    }

    @Test func asciiFastPathClipsLikeTheGeneralPath() {
        // The same text through put's ASCII shortcut and through the general path must agree:
        // a combining mark after the room, a tab, wide characters, exact fits and clipping.
        for (text, room) in [("abe\u{301}", 3), ("abcd", 3), ("abc", 3), ("ab\tc", 4), ("ab説明", 4), ("abcdef", 1), ("abcdef", 0)] {
            var grid = ScreenGrid(width: 10, height: 1)
            let end = grid.put(text, row: 0, col: 2, style: .normal, maxWidth: room)
            let slow = TextWidth.clip(text.map { TextWidth.printable($0) }.reduce("") { $0 + String($1) }, room)
            let fits = TextWidth.of(text.map { TextWidth.printable($0) }.reduce("") { $0 + String($1) }) <= room
            let expected = fits ? slow : TextWidth.clip(slow, max(room - 1, 0)) + (room > 0 ? "…" : "")
            let line = ("  " + expected).reversed().drop { $0 == " " }.reversed()
            #expect(grid.textLines[0] == String(line), "\(text) in \(room): \(grid.textLines[0])")
            #expect(end == 2 + TextWidth.of(expected))
        }
    }
}
