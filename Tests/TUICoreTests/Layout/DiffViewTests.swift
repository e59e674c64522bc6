import InfraEngine
import Testing
@testable import TUICore

/// Word-level highlighting of changed lines and the side-by-side diff.
@Suite struct DiffViewTests {
    @Test func changedWordsOfAPairedLineAreMarked() {
        let runs = WordDiff.runs("set -euo pipefail", against: "set -e")
        #expect(runs?.filter(\.1).map(\.0) == ["euo pipefail"])
        #expect(WordDiff.runs("set -e", against: "set -euo pipefail")?.filter(\.1).map(\.0) == ["e"])
        // Lines with nothing in common keep their plain colour.
        #expect(WordDiff.runs("completely different", against: "xyz 123 !") == nil)
        // In the sample's first hunk, `-set -e` pairs with `+set -euo pipefail`.
        let s = SamplePlan.state()
        let grid = render(s, width: 80, height: 24)
        let row = grid.textLines.firstIndex { $0.contains("│ +set -euo pipefail") }!
        let col = s.leftWidth + 1 + 1
        let styles = grid.styleLines[row]
        let marked = styles.dropFirst(col).prefix(18)
        #expect(String(marked) == "++++++aaaaaaaaaaaa", "\(styles)")
        let removed = grid.textLines.firstIndex { $0.contains("│ -set -e") }!
        #expect(String(grid.styleLines[removed].dropFirst(col).prefix(7)) == "------r")
        // Added lines with no removed partner stay plain added.
        let source = grid.textLines.firstIndex { $0.contains("│ +source") }!
        #expect(!grid.styleLines[source].contains("a"))
    }

    @Test func sideBySidePairsRemovedAndAddedLinesFrom160Columns() {
        var (s, _) = press(SamplePlan.state(width: 120, height: 30), .enter, .char("s"))
        #expect(s.sideBySide && !s.showsSideBySide)
        #expect(s.message?.text.contains("needs 160 columns") == true)
        s = update(s, .resize(width: 200, height: 60)).0
        #expect(s.showsSideBySide)
        let text = render(s, width: 200, height: 60).textLines
        let x0 = s.leftWidth + 2
        let half = (s.detailTextWidth - 1) / 2
        let row = text.first { $0.contains("-set -e") }!
        let left = String(row.dropFirst(x0).prefix(half)).trimmingCharacters(in: .whitespaces)
        let right = String(row.dropFirst(x0 + half + 2)).trimmingCharacters(in: .whitespaces)
        #expect(left == "-set -e" && right == "+set -euo pipefail", "\(row)")
        // A context line shows on both sides; a header spans the pane.
        #expect(text.contains { $0.components(separatedBy: " #!/usr/bin/env bash").count == 3 })
        #expect(text.contains { $0.contains("diff --git a/ai/infra/tasks/010-apis.sh b/ai/infra/tasks/010-apis.sh") })
        // The index: every line has a row, rows are in order, removed runs pair with added runs.
        let doc = s.document(s.current!.id)
        let index = SideBySideIndex(doc)
        #expect(index.rowOfLine.count == doc.count && index.rows.count < doc.count)
        for (line, row) in index.rowOfLine.enumerated() {
            #expect(index.rows[Int(row)].left == line || index.rows[Int(row)].right == line)
        }
        // Jumps and search still land on their lines.
        (s, _) = press(s, .char("}"))
        #expect(s.detailRows().line(atRow: s.top).line == doc.fileStarts[1] || s.top == max(s.detailRows().count - s.detailHeight, 0))
        (s, _) = press(s, .char("s"))
        #expect(!s.showsSideBySide && s.message?.text == "Unified diff")
    }

    @Test func sideBySideGolden200x60() {
        let (s, _) = press(SamplePlan.state(width: 200, height: 60), .enter, .char("s"))
        expectScreen(render(s, width: 200, height: 60), "sideBySide200x60", Goldens.sideBySide200x60)
    }

    @Test func wrapGolden80x24() {
        let (s, _) = press(LayoutPlan.longLineState(extra: 30), .enter, .char("z"))
        expectScreen(render(s, width: 80, height: 24), "wrap80x24", Goldens.wrap80x24)
    }

    @Test func findingsGolden80x24() {
        let s = LayoutPlan.state([LayoutPlan.op("rerun-guard-030-vm", "Make 030-vm safe to run twice")], findings: LayoutPlan.findings)
        let (f, _) = press(s, .char("F"), .char("j"))
        expectScreen(render(f, width: 80, height: 24), "findings80x24", Goldens.findings80x24)
    }

    @Test func similarTitlesGolden80x24() {
        expectScreen(render(LayoutPlan.similarTitles(), width: 80, height: 24), "similarTitles80x24", Goldens.similarTitles80x24)
    }
}
