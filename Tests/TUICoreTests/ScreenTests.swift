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
        (s, _) = press(s, .char("y"), .char("k"), .char("r"))
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

    @Test func renderCostDoesNotGrowWithTheDiff() {
        let small = SamplePlan.state(longDiff: 10)
        let huge = SamplePlan.state(longDiff: 100_000)
        let clock = ContinuousClock()
        func time(_ s: AppState) -> Duration {
            let (s2, _) = press(s, .char("j"), .enter, .pageDown, .pageDown)
            return clock.measure { for _ in 0..<20 { _ = render(s2, width: 200, height: 60) } }
        }
        _ = time(small)
        let a = time(small), b = time(huge)
        #expect(b < a * 5 + .milliseconds(50), "render of a 100k-line diff took \(b) vs \(a)")
    }
}
