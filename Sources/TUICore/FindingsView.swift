import InfraEngine

/// The findings view (`F`): every finding of the plan, those an operation fixes and those
/// no operation can fix safely (the engine still reports them, DESIGN.md), with their
/// evidence (file, line, message). Filtered by words (each must appear in the rule, the
/// severity, the location, the message or the fixing operation's id, case-insensitively),
/// by severity (`s` cycles all, error, warning, info) and to the unfixed ones (`f`).
/// Enter on a fixed finding opens the operation that fixes it, at that file in its diff.
public struct FindingsView: Sendable, Equatable {
    public var filter = ""
    /// Keys go into the filter (after `/`) until enter or esc.
    public var typing = false
    public var severity: Finding.Severity?
    public var unfixedOnly = false
    public var selected = 0
    public var top = 0

    public init() {}

    /// The findings that pass the filters, in plan order.
    public func matches(_ plan: Plan) -> [Finding] {
        let words = filter.lowercased().split(separator: " ").map(String.init)
        return plan.findings.filter { f in
            if let severity, f.severity != severity { return false }
            if unfixedOnly, f.operation != nil { return false }
            if words.isEmpty { return true }
            let haystack = "\(f.rule) \(f.severity.rawValue) \(f.location) \(f.message) \(f.operation ?? "no fix")".lowercased()
            return words.allSatisfy(haystack.contains)
        }
    }

    /// The next severity filter: all, then error, warning, info.
    static func nextSeverity(_ s: Finding.Severity?) -> Finding.Severity? {
        switch s { case nil: .error; case .error: .warning; case .warning: .info; case .info: nil }
    }
}

extension AppState {
    /// Rows of the findings list (the panel less its header and the selected finding's box).
    var findingsListHeight: Int { max(height - 3 - 1 - FindingsView.boxHeight, 1) }

    mutating func findingsKey(_ key: Key, _ current: FindingsView) {
        var v = current
        let count = v.matches(gate.plan).count
        if v.typing {
            switch key {
            case .enter, .escape: v.typing = false
            case .backspace: if !v.filter.isEmpty { v.filter.removeLast() }
            case .ctrl("u"): v.filter = ""
            case .char(let c): v.filter.append(c)
            default: break
            }
            v.selected = 0
            v.top = 0
            mode = .findings(v)
            return
        }
        switch key {
        case .escape, .char("q"), .char("F"): mode = .normal; return
        case .char("j"), .down: v.selected += 1
        case .char("k"), .up: v.selected -= 1
        case .pageDown, .char(" "): v.selected += findingsListHeight
        case .pageUp: v.selected -= findingsListHeight
        case .char("g"), .home: v.selected = 0
        case .char("G"), .end: v.selected = count - 1
        case .char("/"): v.typing = true
        case .char("s"): v.severity = FindingsView.nextSeverity(v.severity); v.selected = 0
        case .char("f"): v.unfixedOnly.toggle(); v.selected = 0
        case .enter:
            let shown = v.matches(gate.plan)
            guard shown.indices.contains(v.selected) else { return }
            openFix(shown[v.selected])
            return
        default: break
        }
        let n = v.matches(gate.plan).count
        v.selected = max(0, min(v.selected, n - 1))
        if v.selected < v.top { v.top = v.selected }
        if v.selected >= v.top + findingsListHeight { v.top = v.selected - findingsListHeight + 1 }
        mode = .findings(v)
    }

    /// Leaves the findings view for the operation that fixes `finding`, at its file in the
    /// diff; a finding no operation fixes stays listed, and the message says so.
    mutating func openFix(_ finding: Finding) {
        guard let id = finding.operation, let index = operations.firstIndex(where: { $0.id == id }) else {
            message = Message("No operation fixes \(finding.location): the engine reports it and leaves the fix to you")
            return
        }
        mode = .normal
        select(index)
        view = .diff
        focus = .detail
        let doc = document(id)
        if let start = doc.fileStarts.first(where: { doc.file(at: $0) == finding.file }) { top = detailRows().row(ofLine: start) }
        else { top = 0 }
        clampScroll()
        message = Message("\(finding.location) is fixed by \(id)")
    }
}

extension FindingsView {
    /// Rows under the list for the selected finding: a rule, its message (wrapped) and fix.
    static let boxHeight = 5
}

extension Painter {
    func findings(_ g: inout ScreenGrid, _ v: FindingsView) {
        let plan = gate.plan
        let shown = v.matches(plan)
        let bottom = g.height - 3  // last row of the panel, above the message line
        for row in 1...max(bottom, 1) { g.fill(row: row, col: 0, count: g.width, style: .normal) }
        let fixed = plan.findings.filter { $0.operation != nil }.count
        var header = " Findings  \(shown.count) of \(plan.findings.count) (\(fixed) with a fix, \(plan.findings.count - fixed) without)"
        header += "  severity: \(v.severity?.rawValue ?? "all")"
        if v.unfixedOnly { header += "  without a fix only" }
        var x = g.put(header, row: 1, col: 0, style: .fileHeader)
        if v.typing || !v.filter.isEmpty {
            x = g.put("  filter: ", row: 1, col: x, style: .key)
            x = g.put(v.filter, row: 1, col: x, style: .normal)
            if v.typing { g.put(" ", row: 1, col: x, style: .selected) }
        }
        let listHeight = max(bottom - 1 - FindingsView.boxHeight, 1)
        if shown.isEmpty { g.put(plan.findings.isEmpty ? " The plan has no findings." : " No finding matches.", row: 2, col: 0, style: .dim) }
        for row in 0..<listHeight {
            let index = v.top + row
            guard index < shown.count else { break }
            findingRow(&g, shown[index], y: 2 + row, selected: index == v.selected)
        }
        guard shown.indices.contains(v.selected) else { return }
        let f = shown[v.selected]
        let y0 = 2 + listHeight
        g.put(String(repeating: "─", count: g.width), row: y0, col: 0, style: .border, ellipsis: false)
        var y = y0 + 1
        for line in TextWidth.wrap("\(f.location)  [\(f.rule), \(f.severity.rawValue)]  \(f.message)", max(g.width - 2, 10)).prefix(FindingsView.boxHeight - 2) {
            g.put(" " + line, row: y, col: 0, style: .normal)
            y += 1
        }
        let fix = f.operation.map { "Fixed by \($0): enter opens its diff at \(f.file)" } ?? "No fix: the engine cannot fix this safely; the evidence above is where to look"
        g.put(" " + fix, row: y0 + FindingsView.boxHeight - 1, col: 0, style: f.operation == nil ? .warning : .success)
    }

    func findingRow(_ g: inout ScreenGrid, _ f: Finding, y: Int, selected: Bool) {
        let base: Style = selected ? .selected : .normal
        g.fill(row: y, col: 0, count: g.width, style: base)
        let sev: (String, Style) = switch f.severity {
        case .error: ("ERR ", .riskHigh)
        case .warning: ("WARN", .riskMed)
        case .info: ("INFO", .dim)
        }
        var x = g.put(" " + sev.0 + " ", row: y, col: 0, style: selected ? base : sev.1)
        let fix = f.operation.map { "→ \($0)" } ?? "no fix"
        let fixWidth = min(TextWidth.of(fix), max(g.width / 4, 12))
        let locationWidth = min(TextWidth.of(f.location), max(g.width / 2 - 6, 20))
        x = g.put(TextWidth.elideMiddle(f.location, locationWidth) + "  ", row: y, col: x, style: selected ? base : .meta)
        let messageRoom = g.width - x - fixWidth - 2
        g.put(f.message, row: y, col: x, style: base, maxWidth: max(messageRoom, 0))
        g.put(TextWidth.elideMiddle(fix, fixWidth), row: y, col: g.width - fixWidth - 1, style: selected ? base : (f.operation == nil ? .warning : .success))
    }
}
