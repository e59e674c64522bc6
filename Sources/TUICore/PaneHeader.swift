/// The detail pane's header row: the view tabs on the left, the operation's id and the
/// position in the text on the right (` 1 Diff 2 Ops 3 Info   rerun-guard-020-network 19-38/50`).
///
/// What gives way when the pane is narrow (the lead's decision for issue 16), highest first:
/// 1. the operation's id: whole when it fits, else cut in the middle keeping both ends
///    (`rerun-gu…-network`), never below `minIDRoom` columns while the pane allows them;
/// 2. the position label (` 19-38/50`), only present when the text is longer than the pane;
/// 3. the shown tab with its name, the others as their digit (` 1 Diff  2  3 `);
/// 4. every tab with its name (spaced, then close together).
/// The header shows the best of these that fits, lower items giving way first. The shown
/// tab keeps its name whenever a cut id fits beside it: the position gives way before the
/// name of the tab the user is on, so that name only goes in panes too narrow for a cut id.
struct PaneHeader: Equatable {
    /// The tabs' labels in `DetailView` order, gaps included (a named tab's gap is not
    /// painted in the tab's style).
    let tabs: [String]
    /// The right-aligned text: the id (cut or whole, `" (edited)"` when there is room) and
    /// the position when kept; empty without an operation.
    let label: String

    /// The fewest columns of the operation's id the header keeps beside the shown tab's name.
    static let minIDRoom = 16

    /// The header for a pane `paneWidth` columns wide showing `shown` for operation `id`
    /// (nil: no operation), `position` the label for the rows in view (`" 19-38/50"`, empty
    /// when the text fits the pane). Tabs and label are kept at least two columns apart (one would run
    /// the last tab's name into the id, both dim).
    static func layout(paneWidth: Int, shown: DetailView, id: String?, edited: Bool = false, position: String = "") -> PaneHeader {
        let named = DetailView.allCases.map { " \($0.rawValue + 1) \($0.title)  " }
        let tight = DetailView.allCases.map { " \($0.rawValue + 1) \($0.title)" }
        let compact = DetailView.allCases.map { $0 == shown ? " \($0.rawValue + 1) \($0.title) " : " \($0.rawValue + 1) " }
        let digits = DetailView.allCases.map { " \($0.rawValue + 1) " }
        guard let id else { return PaneHeader(tabs: named, label: "") }
        func fits(_ tabs: [String], _ label: String) -> Bool {
            TextWidth.of(tabs.joined()) + 2 + TextWidth.of(label) <= paneWidth
        }
        // With the whole id: keep the position before any tab name, then the names.
        for tail in [position, ""] {
            if let tabs = [named, tight, compact].first(where: { fits($0, id + tail) }) {
                let adorned = id + " (edited)" + tail
                return PaneHeader(tabs: tabs, label: edited && fits(tabs, adorned) ? adorned : id + tail)
            }
        }
        // A cut id takes all the room beside the shown tab's name; the digits alone only
        // when not even `minIDRoom` columns of it fit there.
        let tabs = fits(compact, String(repeating: " ", count: min(TextWidth.of(id), minIDRoom))) ? compact : digits
        let room = paneWidth - TextWidth.of(tabs.joined()) - 2
        return PaneHeader(tabs: tabs, label: TextWidth.elideMiddle(id, max(room, 0)))
    }
}

extension AppState {
    /// Where in the detail text the pane is, for `total` rows: `" 19-38/50"` (first and
    /// last row shown, 1-based, and the total), or empty when all rows fit.
    func positionLabel(total: Int) -> String {
        total > detailHeight ? " \(top + 1)-\(min(top + detailHeight, total))/\(total)" : ""
    }
}
