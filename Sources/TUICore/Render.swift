import InfraEngine

/// Draws the state into a grid of styled cells. Pure: the same state and size give the same
/// grid. Only visible lines are looked at, so the cost follows the screen, not the diff.
public func render(_ state: AppState, width: Int, height: Int) -> ScreenGrid {
    var s = state
    s.width = width
    s.height = height
    var g = ScreenGrid(width: width, height: height)
    guard !s.tooSmall else { return renderTooSmall(&g) }
    // The ops and info texts are built once per frame (the diff is only ever read in place).
    let content = s.view == .diff && s.current != nil ? nil : DetailContent.lines(s, view: s.view, width: s.rightWidth - 1)
    s.clampScroll(total: s.detailRows(content: content).count)
    Painter(state: s, content: content, blocked: s.deps.dependOnRejected(s.gate)).paint(&g)
    return g
}

/// The whole message, centred, as far as the space allows: never a crash, never garbage.
func renderTooSmall(_ g: inout ScreenGrid) -> ScreenGrid {
    let lines = ["Terminal too small: \(g.width)x\(g.height).",
                 "infra-tui needs at least \(AppState.minWidth)x\(AppState.minHeight).",
                 "Enlarge the window, or press q to quit."]
    var wrapped: [String] = []
    for line in lines { wrapped += TextWidth.wrap(line, max(g.width, 1)) }
    let top = max((g.height - wrapped.count) / 2, 0)
    for (i, line) in wrapped.enumerated() {
        let col = max((g.width - TextWidth.of(line)) / 2, 0)
        g.put(line, row: top + i, col: col, style: i == 0 ? .error : .normal)
    }
    return g
}

struct Painter {
    let state: AppState
    /// The ops or info lines (or the findings of an empty plan); nil for the diff.
    let content: [StyledLine]?
    /// Operations with a rejected dependency (`DependencyIndex.dependOnRejected`).
    let blocked: Set<String>
    var gate: ApprovalGate { state.gate }

    func paint(_ g: inout ScreenGrid) {
        titleBar(&g)
        queue(&g)
        for row in 1..<(g.height - 2) { g.put("│", row: row, col: state.leftWidth, style: .border) }
        detail(&g)
        messageLine(&g)
        statusLine(&g)
        switch state.mode {
        case .help(let top): help(&g, top: top)
        case .confirm(let question): modal(&g, question)
        case .findings(let view): findings(&g, view)
        case .preview(let top): preview(&g, top: top)
        default: break
        }
    }

    func titleBar(_ g: inout ScreenGrid) {
        g.fill(row: 0, col: 0, count: g.width, style: .title)
        let plan = gate.plan
        let shown = state.filter == nil ? "" : "\(state.queueRows.count) of "
        let right = "\(shown)\(counted(plan.operations.count, "operation")) · \(counted(plan.findings.count, "finding")) "
        let rightCol = g.width - TextWidth.of(right)
        g.put(" infra-tui  \(state.root)  (\(plan.infraDir))", row: 0, col: 0, style: .title, maxWidth: max(rightCol - 1, 1))
        g.put(right, row: 0, col: rightCol, style: .title)
    }

    func queue(_ g: inout ScreenGrid) {
        let w = state.leftWidth
        let focused = state.focus == .queue
        g.put(" Queue" + (state.filter.map { " (filter: \($0.text))" } ?? ""), row: 1, col: 0, style: focused ? .key : .fileHeader, maxWidth: w)
        let ops = state.operations
        if ops.isEmpty || state.queueRows.isEmpty {
            g.put(ops.isEmpty ? " (no operations)" : " (none matches the filter: f edits it, esc clears it)", row: 2, col: 0, style: .dim, maxWidth: w)
            return
        }
        let narrow = w < 44
        // Every visible row's title at once, so rows that would read the same show what
        // tells them apart (QueueTitles).
        let visible = state.queueTop..<min(state.queueTop + state.listHeight, ops.count)
        let titleCol = narrow ? 13 : 18
        let titles = QueueTitles.fit(visible.map { (gate.edits[ops[$0].id] ?? ops[$0]).title }, room: w - titleCol)
        for row in 0..<state.listHeight {
            guard state.queueTop + row < state.queueRows.count else { break }
            let index = state.queueRows[state.queueTop + row]
            let op = gate.edits[ops[index].id] ?? ops[index]
            let y = row + 2
            let selected = index == state.selected
            let base: Style = selected ? (focused ? .selected : .selectedDim) : .normal
            g.fill(row: y, col: 0, count: w, style: base)
            let mark = DetailContent.mark(state, op.id, blocked: blocked)
            let decided: Style = switch gate.decision(op.id) {
            case .accepted: .success
            case .rejected: .error
            case .pending: mark == "⊘" ? .warning : .dim
            }
            let markStyle = selected ? base : decided
            var x = g.put(" " + mark, row: y, col: 0, style: markStyle)
            let flag = state.isChecking(op.id) ? "…" : state.hasDraft(op.id) ? "d" : state.overrides.contains(op.id) ? "!"
                : gate.edits[op.id] != nil ? "✎" : op.isValid ? " " : "✗"
            let flagStyle: Style = flag == " " ? .normal : flag == "✎" || flag == "…" || flag == "d" ? .warning : .error
            x = g.put(flag, row: y, col: x, style: selected ? base : flagStyle)
            x = g.put(" " + TextWidth.pad(op.ops.risk, 4), row: y, col: x, style: selected ? base : DetailContent.riskStyle(op.ops.risk))
            let group = narrow ? Self.shortGroup(op.ops.group) : TextWidth.pad(op.ops.group, 8)
            x = g.put(" " + group + " ", row: y, col: x, style: selected ? base : .meta)
            g.put(titles[index - state.queueTop], row: y, col: x, style: base, maxWidth: w - x)
        }
    }

    static func shortGroup(_ group: String) -> String {
        ["local": "lcl", "cluster": "k8s", "cloud": "cld", "external": "ext"][group] ?? String(group.prefix(3))
    }

    func detail(_ g: inout ScreenGrid) {
        let x0 = state.leftWidth + 1
        let w = state.rightWidth
        let rows = state.detailRows(content: content)
        let op = state.current
        let header = PaneHeader.layout(paneWidth: w, shown: state.view, id: op?.id, edited: op.map { gate.edits[$0.id] != nil } ?? false,
                                       position: state.positionLabel(total: rows.count))
        tabs(&g, x0: x0, header.tabs)
        if !header.label.isEmpty { g.put(header.label, row: 1, col: x0 + w - TextWidth.of(header.label), style: .dim) }
        paintRows(&g, rows, x0: x0, width: w, op: op)
    }

    /// The view tabs (labels from `PaneHeader.layout`), the shown one highlighted.
    func tabs(_ g: inout ScreenGrid, x0: Int, _ labels: [String]) {
        let focused = state.focus == .detail
        var x = x0
        for (view, label) in zip(DetailView.allCases, labels) {
            let active = view == state.view
            let style: Style = active ? (focused ? .selected : .selectedDim) : .dim
            // The gap after a named tab is not part of it.
            let text = label.hasSuffix("  ") ? String(label.dropLast()) : label
            x = g.put(text, row: 1, col: x, style: style)
            if text != label { x = g.put(" ", row: 1, col: x, style: .normal) }
        }
    }

    func messageLine(_ g: inout ScreenGrid) {
        let y = g.height - 2
        if case .input(let input) = state.mode {
            let prompt = switch input.purpose {
            case .search: "/"
            case .exportFolder: "Export the accepted series to: "
            case .filter: input.refusal.map { "✗ \($0); filter: " } ?? "Filter (risk: group: status: rule: id: file: text, -negates; empty clears): "
            }
            let x = g.put(prompt, row: y, col: 0, style: input.refusal == nil ? .key : .error)
            // The caret is drawn as a cell so screenshots and tests see where typing goes.
            let room = g.width - x - 1
            let shown = TextWidth.of(input.text) > room ? "…" + String(input.text.suffix(max(room - 1, 0))) : input.text
            let end = g.put(shown, row: y, col: x, style: .normal)
            g.put(" ", row: y, col: end, style: .selected)
            return
        }
        guard let message = state.message else { return }
        let style: Style = switch message.kind { case .info: .normal; case .success: .success; case .error: .error }
        g.put(" " + message.text, row: y, col: 0, style: style)
    }

    func statusLine(_ g: inout ScreenGrid) {
        let y = g.height - 1
        g.fill(row: y, col: 0, count: g.width, style: .status)
        let c = gate.counts
        let blocked = blocked.filter { gate.decision($0) == .pending }.count
        // A written operation counts as written, not also as accepted.
        let written = state.written.filter { gate.decision($0) == .accepted }.count
        let accepted = max(c.accepted - written, 0)
        var activity = ""
        if state.validating { activity += "  · validating…" }
        if !state.checking.isEmpty { activity += "  · checking \(state.checking.count == 1 ? "an edit" : "\(state.checking.count) edits")…" }
        // The counts, fullest first: in words; in words without the zero ones; in marks as the
        // queue shows them (`3·  5✓  1✗  5W`).
        var full = " \(c.pending) pending  \(accepted) accepted  \(c.rejected) rejected  \(c.edited) edited"
        if blocked > 0 { full += "  \(blocked) blocked" }
        if written > 0 { full += "  \(written) written" }
        let words: [(Int, String)] = [(accepted, "accepted"), (c.rejected, "rejected"), (c.edited, "edited"), (blocked, "blocked"), (written, "written")]
        let short = " \(c.pending) pending" + words.filter { $0.0 > 0 }.map { "  \($0.0) \($0.1)" }.joined()
        let marks: [(Int, String)] = [(accepted, "✓"), (c.rejected, "✗"), (c.edited, " edited"), (blocked, "⊘"), (written, "W")]
        let compact = " \(c.pending)·" + marks.filter { $0.0 > 0 }.map { "  \($0.0)\($0.1)" }.joined()
        let forms = [full + activity, short + activity, compact + activity]
        // The hints are never dropped: the counts are made compact before the hints shrink
        // below a useful set (the third shortest), then the longest set that fits beside the
        // compact counts, down to "? help", for which the counts are cut if they must.
        let candidates = hintCandidates
        let floor = max(candidates.count - 3, 0)
        func fitting(_ counts: String) -> Int? {
            candidates.firstIndex { TextWidth.of(counts) + 2 + TextWidth.of($0) + 1 <= g.width }
        }
        var choice: (counts: String, hints: String)?
        for form in forms {
            if let i = fitting(form), i <= floor { choice = (form, candidates[i]); break }
        }
        let counts = choice?.counts ?? forms.last!
        let hints = choice?.hints ?? fitting(counts).map { candidates[$0] } ?? candidates.last ?? ""
        let hintCol = max(g.width - TextWidth.of(hints) - 1, 0)
        g.put(counts, row: y, col: 0, style: .status, maxWidth: max(hintCol - 1, 0))
        g.put(hints, row: y, col: hintCol, style: .hint)
    }

    /// Key hints for the mode and focus, longest first; the last always fits 50 columns.
    var hintCandidates: [String] {
        switch state.mode {
        case .help: return ["any key closes help"]
        case .confirm(let q):
            // This question's own answers, then only their keys (`y f q`), never another question's.
            let answers = Self.answers(q)
            let keys = answers.split(separator: "[").compactMap { $0.split(separator: "]").first.map(String.init) }
            return [answers.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: ""), keys.joined(separator: " ")]
        case .input(let i):
            return [i.purpose == .search ? "enter search  esc cancel" : i.purpose == .filter ? "enter filter  esc cancel" : "enter export  esc cancel", "esc cancel"]
        case .findings(let v):
            if v.typing { return ["type to filter  enter done", "enter done"] }
            return ["enter open fix  / filter  s severity  f unfixed  esc close", "/ filter  s f  esc close", "esc close"]
        case .preview: return ["j k scroll  any other key closes", "esc close"]
        case .normal:
            if state.focus == .detail && state.current != nil {
                return ["] [ hunk  } { file  / find  z wrap  < > sideways  s side by side  F findings  ? help",
                        "] [ hunk  } { file  / find  z wrap  < > sideways  ? help",
                        "] [ hunk  } { file  / find  z wrap  ? help", "] [  } {  /  z  ? help", "? help"]
            }
            return ["a accept  r reject  u undo  A R all shown  f filter  e edit  w write  x export  / search  F findings  P preview  ? help  q quit",
                    "a accept  r reject  u undo  e edit  o ops  w write  x export  / search  F findings  P preview  ? help  q quit",
                    "a accept  r reject  u undo  e edit  o ops  w write  x export  / search  ? help  q quit",
                    "a r u  e o  w x  F findings  ? help  q quit", "a r u  e o  w x  ? help  q quit", "? help  q quit", "? help"]
        }
    }
}
