import InfraEngine
import Testing
@testable import TUICore

/// Issue 16, items 6 and 10: at 80x24 five queue rows read `Check the environm…`, the pane
/// header lost the operation's id, key hints vanished at 120-133 columns and while the
/// detail pane had focus, and the queue stayed 56 columns wide at 200.
@Suite struct ScreenLayoutTests {
    @Test func queueRowsThatShareTheirBeginningStayDistinguishable() {
        let s = LayoutPlan.similarTitles()
        let rows = render(s, width: 80, height: 24).textLines[2..<7].map { String($0.prefix(s.leftWidth)) }
        #expect(Set(rows).count == 5, "rows read the same: \(rows)")
        for (row, task) in zip(rows, ["020-network", "030-gke", "040-artifa", "050-dns", "080-ledger"]) {
            #expect(row.contains(task), "\(row) shows what tells it apart")
        }
        // At 100 columns the cut would leave "020-…" and "030-…": too little to tell apart.
        let wide = update(s, .resize(width: 100, height: 30)).0
        let wideRows = render(wide, width: 100, height: 30).textLines[2..<7].map { String($0.prefix(wide.leftWidth)) }
        for (row, task) in zip(wideRows, ["020-network reads", "030-gke reads", "040-artifact-re", "050-dns reads", "080-ledger-api"]) {
            #expect(row.contains(task), "\(row) shows what tells it apart")
        }
        // Titles that fit, or differ early enough before the cut, are shown as they are.
        #expect(QueueTitles.fit(["Short", "Make 020-network safe to run twice"], room: 19) == ["Short", "Make 020-network s…"])
    }

    @Test func paneHeaderKeepsTheOperationIdAt80x24() {
        for s0 in [SamplePlan.state(), LayoutPlan.similarTitles()] {
            for index in s0.operations.indices {
                for view in ["1", "2", "3"] {
                    for focus in [Key.escape, .enter] {
                        let (s, _) = press(s0, [.char("g")] + Array(repeating: Key.char("j"), count: index) + [focus, .char(Character(view))])
                        let header = render(s, width: 80, height: 24).textLines[1]
                        // Whole, or (beside the shown tab's name) cut in the middle keeping both ends.
                        let id = s.current!.id
                        #expect(header.contains(id) || (header.contains("\(view) \(s.view.title)") && header.contains(String(id.prefix(8)))
                                    && header.contains(String(id.suffix(6)))), "view \(view): \(header)")
                    }
                }
            }
        }
        // A long id is cut in the middle, keeping both ends.
        #expect(TextWidth.elideMiddle("variables-env-040-artifact-registry", 20) == "variables-…-registry")
    }

    @Test func keyHintsNeverVanishAtAnyWidth() {
        for width in 80...200 {
            for keys in [[Key.escape], [.enter], [.enter, .char("2")], [.char("F")], [.char("?")]] {
                for s0 in [SamplePlan.state(validating: true), SamplePlan.state()] {
                    let (s, _) = press(update(s0, .resize(width: width, height: 30)).0, keys)
                    let status = render(s, width: width, height: 30).textLines[29]
                    let hint = s.mode == .normal ? "? help" : (keys == [.char("?")] ? "any key closes help" : "esc close")
                    #expect(status.contains(hint), "\(width) columns after \(keys): \(status)")
                }
            }
        }
    }

    /// Once operations are written the counts grow: they are made compact before the useful
    /// hints (`a r u  e o  w x`) give way, at every width from 80; a written operation counts
    /// as written only.
    @Test func countsGiveWayBeforeTheKeyHintsWithWrittenOperations() {
        let helpers = "helpers-normalise-lib", entry = "entrypoint-canonical-init"
        for validating in [false, true] {
            var s0 = SamplePlan.state(validating: validating)
            (s0, _) = press(s0, .char("j"), .char("a"), .char("y"), .char("r"))
            s0.written = [helpers, entry]
            for width in 80...200 {
                let s = update(s0, .resize(width: width, height: 30)).0
                let status = render(s, width: width, height: 30).textLines[29]
                #expect((status.contains("a r u") && status.contains("w x")) || (status.contains("u undo") && status.contains("w write")), "\(width) columns: \(status)")
                #expect(status.contains("2 written") || status.contains("2W"), "\(width) columns: \(status)")
                #expect(!status.contains("accepted") || status.contains("0 accepted"), "\(width) columns: \(status)")
                #expect(!status.contains("✓"), "written operations are not also counted as accepted: \(status)")
            }
        }
    }

    /// A question's hints are its own answers, down to their keys: never another question's.
    @Test func resumeHintsMatchItsAnswers() {
        let (old, _) = press(SamplePlan.state(), .char("a"))
        for width in 50...200 {
            var s = AppState(plan: SamplePlan.plan(), root: SamplePlan.root, validating: false, defaultExportFolder: "/x",
                             resume: old.sessionRecord())
            s = update(s, .resize(width: width, height: 30)).0
            let status = render(s, width: width, height: 30).textLines[29]
            #expect(!status.contains("n no") && (status.contains("y f q") || status.contains("f start fresh")), "\(width) columns: \(status)")
        }
    }

    /// The view tabs keep their names at 80 columns, with an id of any length (cut in the
    /// middle, keeping both ends, when it must); only a pane too narrow even for a cut id
    /// beside the names gives them up.
    @Test func queueGrowsWithTheScreen() {
        var s = SamplePlan.state()
        #expect(s.leftWidth == 32)
        var last = 0
        for width in stride(from: 80, through: 400, by: 10) {
            s = update(s, .resize(width: width, height: 30)).0
            #expect(s.leftWidth >= last && s.leftWidth <= 100 && s.rightWidth >= width / 2)
            last = s.leftWidth
        }
        s = update(s, .resize(width: 200, height: 60)).0
        #expect(s.leftWidth > 56)
    }
}
