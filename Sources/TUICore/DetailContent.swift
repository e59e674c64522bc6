import InfraEngine

/// One styled line of the ops or info view. Spans let a line mix styles (a key in bold, its
/// value plain).
public struct StyledLine: Sendable, Equatable {
    public var spans: [(String, Style)]
    public init(_ text: String, _ style: Style = .normal) { spans = [(text, style)] }
    public init(spans: [(String, Style)]) { self.spans = spans }
    public static func == (a: StyledLine, b: StyledLine) -> Bool {
        a.spans.count == b.spans.count && zip(a.spans, b.spans).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// The text of the ops and info views. These are short (tens of lines), so they are built
/// whole; the diff view, which can be long, never is.
public enum DetailContent {
    public static func lines(_ state: AppState, view: DetailView, width: Int) -> [StyledLine] {
        guard let op = state.current else { return emptyPlan(state, width: width) }
        switch view {
        case .diff: return []
        case .ops: return opsLines(state, op)
        case .info: return infoLines(state, op, width: width, blocked: state.deps.dependOnRejected(state.gate))
        }
    }

    /// Rows of the shown view (wrapped rows where it wraps).
    public static func count(_ state: AppState, width: Int) -> Int {
        state.detailRows().count
    }

    static func opsLines(_ state: AppState, _ op: Operation) -> [StyledLine] {
        var out: [StyledLine] = []
        if state.checking[AppState.draftKey(op.id, .ops)] != nil {
            out.append(StyledLine("Checking your ops edit… (o reopens it)", .warning))
            out.append(StyledLine(""))
        } else if let draft = state.drafts[AppState.draftKey(op.id, .ops)], !draft.isEmpty {
            out.append(StyledLine("Your refused ops edit is kept\(AppState.keptWhere(draft)): o reopens it.", .warning))
            out.append(StyledLine(""))
        }
        for line in OpsBlockText.render(op.ops).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let text = String(line)
            if let colon = text.firstIndex(of: ":"), !text.hasPrefix("- "), !text.hasPrefix(" "), !text.hasPrefix("`") {
                let key = String(text[...colon])
                let value = String(text[text.index(after: colon)...])
                let valueStyle: Style = key == "Risk:" ? riskStyle(op.ops.risk) : .normal
                out.append(StyledLine(spans: [(key, .key), (value, valueStyle)]))
            } else {
                out.append(StyledLine(text, text.hasPrefix("`") ? .dim : .normal))
            }
        }
        return out
    }

    static func infoLines(_ state: AppState, _ op: Operation, width: Int, blocked: Set<String>) -> [StyledLine] {
        var out: [StyledLine] = []
        func heading(_ s: String) { if !out.isEmpty { out.append(StyledLine("")) }; out.append(StyledLine(s, .fileHeader)) }
        func para(_ s: String, _ style: Style = .normal, indent: String = "") {
            for line in TextWidth.wrap(s, max(width - indent.count, 10)) { out.append(StyledLine(indent + line, style)) }
        }
        let gate = state.gate
        heading("Status")
        var status = blocked.contains(op.id) && gate.decision(op.id) == .pending ? "blocked" : gate.decision(op.id).rawValue
        if state.written.contains(op.id) { status += ", written" }
        if gate.edits[op.id] != nil { status += ", edited" }
        if state.overrides.contains(op.id) { status += ", validation overridden" }
        para(status)
        let blockers = state.deps.blockers(of: op.id, gate)
        if !blockers.isEmpty { para("Blocked: it depends on \(blockers.joined(separator: ", ")), which you rejected.", .warning) }
        if state.checking[AppState.draftKey(op.id, .patch)] != nil {
            para("Checking your patch edit (bash -n, shellcheck) in the background; w and x wait for it.", .warning)
        } else if let draft = state.drafts[AppState.draftKey(op.id, .patch)], !draft.isEmpty {
            para("Your refused patch edit is kept\(AppState.keptWhere(draft)): e reopens it.", .warning)
        }
        heading("Why")
        para(op.rationale.isEmpty ? "(no rationale)" : op.rationale)
        heading("Files")
        for file in op.files { para("\(file.change.rawValue)  \(file.path)") }
        if !op.dependsOn.isEmpty {
            heading("Depends on")
            for dep in op.dependsOn { para("\(mark(state, dep, blocked: blocked)) \(dep)") }
        }
        let dependents = state.deps.dependents(of: op.id)
        if !dependents.isEmpty {
            heading("Needed by")
            for dep in dependents { para("\(mark(state, dep, blocked: blocked)) \(dep)") }
        }
        heading("Validation")
        if op.validation.isEmpty {
            para(state.validating ? "running in the background…" : "not run", .dim)
        }
        for result in op.validation {
            let (sym, style): (String, Style) = switch result.status {
            case .passed: ("✓", .success)
            case .failed: ("✗", .error)
            case .skipped: ("–", .dim)
            }
            let detail = result.detail.isEmpty ? "" : ": \(result.detail)"
            para("\(sym) \(result.check)\(detail)", style)
        }
        out += RehearsalLines.lines(op.rehearsal, width: width)
        let findings = gate.plan.findings.filter { op.findings.contains($0.id) }
        heading("Findings fixed (\(findings.count))")
        for finding in findings {
            out.append(StyledLine(finding.location, .meta))
            para(finding.message, .normal, indent: "  ")
        }
        return out
    }

    static func emptyPlan(_ state: AppState, width: Int) -> [StyledLine] {
        var out = [StyledLine("No operations: nothing here needs a change this tool can make.", .success), StyledLine("")]
        let findings = state.gate.plan.findings
        if !findings.isEmpty {
            out.append(StyledLine("Findings without an automatic fix (\(findings.count))", .fileHeader))
            for finding in findings {
                out.append(StyledLine(finding.location, .meta))
                for line in TextWidth.wrap(finding.message, max(width - 2, 10)) { out.append(StyledLine("  " + line)) }
            }
        }
        for note in state.gate.plan.notes { out.append(StyledLine(note, .dim)) }
        return out
    }

    /// The queue's decision mark: pending, accepted, rejected, or blocked by a rejection.
    /// `blocked` is `DependencyIndex.dependOnRejected` when the caller marks many operations.
    public static func mark(_ state: AppState, _ id: String, blocked: Set<String>? = nil) -> String {
        switch state.gate.decision(id) {
        case .accepted: return state.written.contains(id) ? "W" : "✓"
        case .rejected: return "✗"
        case .pending:
            let isBlocked = blocked?.contains(id) ?? !state.deps.blockers(of: id, state.gate).isEmpty
            return isBlocked ? "⊘" : "·"
        }
    }

    public static func riskStyle(_ risk: String) -> Style {
        switch risk { case "HIGH": .riskHigh; case "MED": .riskMed; default: .riskLow }
    }
}
