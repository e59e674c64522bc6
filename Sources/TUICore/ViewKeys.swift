import InfraEngine

/// A mouse report, where the terminal sends them (the shell turns ncurses' mouse events into
/// these; rows and columns are 0-based screen cells).
public struct MouseEvent: Sendable, Equatable {
    public enum Action: Sendable, Equatable { case press, wheelUp, wheelDown }
    public var action: Action
    public var row: Int
    public var col: Int
    public init(_ action: Action, row: Int, col: Int) { self.action = action; self.row = row; self.col = col }
}

/// Keys of the detail pane's layout (wrap, sideways scroll, side by side), the findings view
/// and the plan preview, and the mouse.
extension AppState {
    /// Columns `<` and `>` move: half the visible text, at least 8.
    var sidewaysStep: Int { max(visibleTextWidth / 2, 8) }
    /// Columns of one line's text on screen (half the pane, side by side).
    var visibleTextWidth: Int { showsSideBySide ? max((detailTextWidth - 1) / 2, 1) : detailTextWidth }

    mutating func viewAction(_ action: KeyAction) -> [Effect] {
        switch action {
        case .wrap:
            keepingTopLine {
                if $0.wrapped.contains($0.view) { $0.wrapped.remove($0.view) } else { $0.wrapped.insert($0.view); $0.left = 0 }
            }
            message = Message(wrapped.contains(view) ? "Wrap on: long lines fold at the pane's edge (z: scroll sideways instead)"
                                                     : "Wrap off: < and > scroll long lines sideways (z: wrap)")
        case .scrollRight, .scrollLeft:
            if wrapsDetail { message = Message("Lines wrap here, nothing is hidden sideways (z turns wrap off)"); return [] }
            left = action == .scrollRight ? min(left + sidewaysStep, maxLeft()) : max(left - sidewaysStep, 0)
        case .firstColumn: left = 0
        case .sideBySide:
            keepingTopLine { $0.sideBySide.toggle() }
            if !sideBySide { message = Message("Unified diff") }
            else if width < SideBySideIndex.minWidth {
                message = Message("Side by side needs \(SideBySideIndex.minWidth) columns (this terminal has \(width)): unified until it is wider")
            } else { message = Message("Side by side: old on the left, new on the right (s: unified)") }
        case .findings: mode = .findings(FindingsView())
        case .preview: mode = .preview(top: 0)
        default: break
        }
        return []
    }

    /// Changes the layout while the line at the top of the pane stays at the top.
    mutating func keepingTopLine(_ change: (inout AppState) -> Void) {
        let line = detailRows().line(atRow: top).line
        change(&self)
        top = detailRows().row(ofLine: line)
        clampScroll()
    }

    /// The sideways scroll that still shows the end of the widest visible line.
    func maxLeft() -> Int {
        let rows = detailRows()
        let doc = view == .diff ? current.map { document($0.id) } : nil
        let text = doc == nil ? DetailContent.lines(self, view: view, width: detailTextWidth).map(\.text) : []
        var widest = 0
        for row in top..<max(min(top + detailHeight, rows.count), top) {
            let line = rows.line(atRow: row).line
            if let doc, doc.lines.indices.contains(line) { widest = max(widest, Wrap.width(doc.lines[line].text)) }
            if text.indices.contains(line) { widest = max(widest, Wrap.width(text[line])) }
        }
        return max(widest - visibleTextWidth / 2, 0)
    }

    /// Scrolls so a search match on diff line `hit` is on screen: its row (its wrapped row)
    /// two rows below the top when it was off screen, and sideways when it was cut off.
    mutating func reveal(line hit: Int, query: String) {
        guard let op = current else { return }
        let doc = document(op.id)
        let text = doc.lines[hit].text
        let rows = detailRows()
        var row = rows.row(ofLine: hit)
        if let range = text.range(of: query, options: .caseInsensitive) {
            let col = Wrap.width(String(text[..<range.lowerBound]))
            let end = col + Wrap.width(String(text[range]))
            if wrapsDetail {
                row += Wrap.starts(text, width: detailTextWidth).lastIndex { $0 <= col } ?? 0
            } else if col < left || end > left + visibleTextWidth {
                left = end <= visibleTextWidth ? 0 : max(col - visibleTextWidth / 3, 0)
            }
        }
        if row < top || row >= top + detailHeight { top = max(row - 2, 0) }
        clampScroll()
    }

    mutating func handleMouse(_ mouse: MouseEvent) -> [Effect] {
        guard !tooSmall else { return [] }
        let wheel = mouse.action == .wheelDown ? 1 : mouse.action == .wheelUp ? -1 : 0
        switch mode {
        case .help(let top): if wheel != 0 { helpKey(wheel > 0 ? .down : .up, top: top) }
        case .preview(let top): if wheel != 0 { previewKey(wheel > 0 ? .down : .up, top: top) }
        case .findings(var view):
            if wheel != 0 { findingsKey(wheel > 0 ? .down : .up, view); return [] }
            let index = view.top + mouse.row - 2
            if mouse.row >= 2, mouse.row < 2 + findingsListHeight, index < view.matches(gate.plan).count {
                view.selected = index
                mode = .findings(view)
            }
        case .confirm, .input: break
        case .normal:
            if mouse.col < leftWidth {
                if wheel != 0 { select(selected + wheel); return [] }
                focus = .queue
                if mouse.row >= 2, mouse.row < 2 + listHeight, queueTop + mouse.row - 2 < operations.count {
                    select(queueTop + mouse.row - 2)
                }
            } else if mouse.col > leftWidth {
                if wheel != 0 { top += 3 * wheel; clampScroll(); return [] }
                if current != nil { focus = .detail }
                if mouse.row == 1, let tab = Self.tab(at: mouse.col - leftWidth - 1, in: header), tab != view {
                    view = tab
                    top = 0
                }
            }
        }
        return []
    }

    /// The pane's header as the screen shows it (see `render`).
    var header: PaneHeader {
        PaneHeader.layout(paneWidth: rightWidth, shown: view, id: current?.id, edited: current.map { gate.edits[$0.id] != nil } ?? false,
                          position: positionLabel(total: detailRows().count))
    }

    /// The view tab under a column of the pane's header (as `Painter.tabs` lays them out).
    static func tab(at col: Int, in header: PaneHeader) -> DetailView? {
        var x = 0
        for (view, label) in zip(DetailView.allCases, header.tabs) {
            let width = TextWidth.of(label)
            if col >= x, col < x + width { return view }
            x += width
        }
        return nil
    }
}
