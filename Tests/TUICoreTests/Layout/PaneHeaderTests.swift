import InfraEngine
import Testing
@testable import TUICore

/// Issue 16, item 6: the pane header lost the operation's id at 80x24; later tiers dropped
/// the position label ("19-38/50") that paging relies on, or the name of the tab the user is
/// on. The order decided: (a) the id, whole, else cut in the middle; (b) the position label;
/// (c) the shown tab's name; (d) every tab's name. Lower items give way first, and the shown
/// tab keeps its name whenever a cut id fits beside it.
@Suite struct PaneHeaderTests {
    /// The tab forms as the header paints them, fullest first.
    static func forms(_ shown: DetailView) -> (named: String, tight: String, compact: String) {
        let named = DetailView.allCases.map { " \($0.rawValue + 1) \($0.title)  " }.joined()
        let tight = DetailView.allCases.map { " \($0.rawValue + 1) \($0.title)" }.joined()
        let compact = DetailView.allCases.map { $0 == shown ? " \($0.rawValue + 1) \($0.title) " : " \($0.rawValue + 1) " }.joined()
        return (named, tight, compact)
    }

    /// Whether `tabs`, two columns, then `label` fit a pane `width` wide.
    static func fits(_ tabs: String, _ label: String, _ width: Int) -> Bool {
        TextWidth.of(tabs) + 2 + TextWidth.of(label) <= width
    }

    @Test func headerKeepsIDThenPositionThenShownTabThenTabNames() {
        let short = LayoutPlan.patch()
        let long = LayoutPlan.patch(extra: 100)
        // 23 and 50 characters.
        for id in ["rerun-guard-020-network", "variables-env-040-artifact-registry-and-some-other"] {
            for patch in [short, long] {
                for view in DetailView.allCases {
                    for width in 80...200 { check(id: id, patch: patch, view: view, width: width) }
                }
            }
        }
    }

    func check(id: String, patch: String, view: DetailView, width: Int) {
        var s = LayoutPlan.state([LayoutPlan.op(id, "A title", patch: patch)], width: width, height: 24)
        s.view = view
        let pane = s.rightWidth
        let position = s.positionLabel(total: s.detailRows().count)
        let line = render(s, width: width, height: 24).textLines[1]
        guard let border = line.firstIndex(of: "│") else { Issue.record("no pane border: \(line)"); return }
        let header = String(line[line.index(after: border)...])
        let at = "\(width) columns, \(view), \(id.count)-character id, position '\(position)': '\(header)'"
        let (named, tight, compact) = Self.forms(view)
        #expect(Self.fits(compact, String(id.prefix(PaneHeader.minIDRoom)), pane), "a cut id fits beside the shown tab: \(at)")

        // (c) The tab the user is on always shows its name here.
        guard let tabs = [named, tight, compact].first(where: { header.hasPrefix($0) }) else {
            Issue.record("the shown tab lost its name: \(at)")
            return
        }
        let label = String(header.dropFirst(tabs.count).drop { $0 == " " })
        #expect(TextWidth.of(header) == pane && !label.isEmpty, "the label ends at the pane's edge: \(at)")

        // (a) The id, whole when it fits beside the shown tab; cut, it keeps both ends and
        // takes all the room the names would have had.
        guard label.hasPrefix(id) else {
            let parts = label.split(separator: "…", omittingEmptySubsequences: false)
            #expect(parts.count == 2 && id.hasPrefix(parts[0]) && id.hasSuffix(parts[1]) && !parts[0].isEmpty && !parts[1].isEmpty,
                    "a cut id keeps both ends: \(at)")
            #expect(TextWidth.of(label) >= PaneHeader.minIDRoom, "never below minIDRoom: \(at)")
            #expect(!Self.fits(compact, id, pane), "the id is cut only when it does not fit whole: \(at)")
            #expect(tabs == compact, "a cut id comes before tab names: \(at)")
            return
        }
        // (b) The position when the text is longer than the pane, unless even beside the
        // shown tab alone it leaves no room for the whole id.
        let rest = String(label.dropFirst(id.count))
        #expect(rest == position || rest.isEmpty, "after the id only the position: \(at)")
        if rest.isEmpty, !position.isEmpty {
            #expect(!Self.fits(compact, id + position, pane), "the position gave way while it fitted: \(at)")
        }
        // (d) Every tab's name, spaced, then close, when it fits beside the same label.
        if tabs != named { #expect(!Self.fits(named, label, pane), "the spaced names gave way while they fitted: \(at)") }
        if tabs == compact { #expect(!Self.fits(tight, label, pane), "the names gave way while they fitted: \(at)") }
    }

    /// Below the cut id's room the digits alone stay, and the id keeps both ends.
    @Test func aNarrowPaneKeepsBothEndsOfTheID() {
        for id in ["rerun-guard-020-network", "variables-env-040-artifact-registry-and-some-other"] {
            let small = LayoutPlan.state([LayoutPlan.op(id, "A title")], width: 50, height: 10)
            let header = render(small, width: 50, height: 10).textLines[1]
            #expect(header.contains(String(id.prefix(5))) && header.contains(String(id.suffix(5))), "50 columns: \(header)")
        }
    }
}
