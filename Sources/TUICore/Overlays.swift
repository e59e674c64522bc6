import InfraEngine

/// The help screen and the yes/no boxes drawn over the panes.
extension Painter {
    func help(_ g: inout ScreenGrid, top: Int) {
        let lines = KeyMap.helpLines
        let w = min(g.width - 4, 96)
        let h = min(lines.count + 2, g.height - 2)
        let x0 = (g.width - w) / 2
        let y0 = max((g.height - h) / 2, 1)
        box(&g, x0: x0, y0: y0, w: w, h: h, title: " Keys (j/k scroll, any other key closes) ")
        for row in 0..<(h - 2) {
            let index = top + row
            guard index < lines.count else { break }
            var x = x0 + 2
            for (text, style) in lines[index].spans {
                x = g.put(text, row: y0 + 1 + row, col: x, style: style == .normal ? .modal : style, maxWidth: x0 + w - 1 - x)
            }
        }
    }

    func modal(_ g: inout ScreenGrid, _ question: Confirm) {
        let (title, body) = Self.question(question, state: state)
        let w = min(g.width - 4, 76)
        var lines: [StyledLine] = []
        for line in body {
            // A list item keeps its indent on every wrapped line.
            let text = line.spans.map(\.0).joined()
            let indent = String(text.prefix { $0 == " " })
            let wrapped = TextWidth.wrap(String(text.dropFirst(indent.count)), w - 4 - indent.count)
            let style = line.spans.first?.1 ?? .modal
            lines += wrapped.map { StyledLine(indent + $0, style) }
        }
        // The answers always show: a long body loses its last lines (said so), never the buttons.
        let answers = [StyledLine(""), StyledLine(Self.answers(question), .key)]
        let room = max(g.height - 4 - answers.count, 1)
        if lines.count > room {
            let hidden = lines.count - room + 1
            lines = Array(lines.prefix(room - 1)) + [StyledLine("… \(counted(hidden, "more line")) (a larger window shows them)", .dim)]
        }
        lines += answers
        let h = min(lines.count + 2, g.height - 2)
        let x0 = (g.width - w) / 2
        let y0 = max((g.height - h) / 2, 1)
        box(&g, x0: x0, y0: y0, w: w, h: h, title: " \(title) ")
        for (i, line) in lines.prefix(h - 2).enumerated() {
            let style = line.spans.first?.1 ?? .modal
            g.put(line.spans.first?.0 ?? "", row: y0 + 1 + i, col: x0 + 2, style: style, maxWidth: w - 4)
        }
    }

    /// The answer line of each question.
    static func answers(_ q: Confirm) -> String {
        switch q {
        case .resume: return "[y] resume   [f] start fresh…   [q] quit (keeps it)"
        case .discardSaved: return "[y] discard it   [n] keep it"
        default: return "[y] yes   [n] no"
        }
    }


    func box(_ g: inout ScreenGrid, x0: Int, y0: Int, w: Int, h: Int, title: String) {
        for row in y0..<(y0 + h) { g.fill(row: row, col: x0, count: w, style: .modal) }
        g.put("┌" + String(repeating: "─", count: max(w - 2, 0)) + "┐", row: y0, col: x0, style: .modal, ellipsis: false)
        g.put("└" + String(repeating: "─", count: max(w - 2, 0)) + "┘", row: y0 + h - 1, col: x0, style: .modal, ellipsis: false)
        for row in (y0 + 1)..<(y0 + h - 1) {
            g.put("│", row: row, col: x0, style: .modal)
            g.put("│", row: row, col: x0 + w - 1, style: .modal)
        }
        g.put(title, row: y0, col: x0 + 2, style: .modal, maxWidth: w - 4)
    }

    /// The wording of each question: what will happen, to what, and what it cannot undo.
    static func question(_ q: Confirm, state: AppState) -> (String, [StyledLine]) {
        let m = Style.modal
        switch q {
        case .acceptWithDependencies(let id, let missing):
            return ("Accept with dependencies?", [
                StyledLine("\(id) depends on operations that are not accepted:", m),
                StyledLine(missing.map { "  \($0) (\(state.gate.decision($0).rawValue))" }.joined(separator: "\n"), m),
                StyledLine("Accept them too?", m),
            ].flatMap(split))
        case .write(let ids, let refusing):
            return ("Write to disk?", WriteSummary.lines(state, ids: ids, refusing: refusing))
        case .override(let id, let reason):
            return ("Override validation?", [
                StyledLine("\(id) failed validation: \(reason)", m),
                StyledLine("Write and export it anyway? Its patch may not apply or may break a script.", m),
            ])
        case .quit(let unwritten):
            return ("Quit?", [
                StyledLine("\(counted(unwritten, "accepted operation")) \(unwritten == 1 ? "is" : "are") not written (w) or exported (x).", m),
                StyledLine("Your decisions are saved: reopening this repository offers to resume them.", m),
                StyledLine("Quit anyway?", m),
            ])
        case .resume(let record, let matching, let stale):
            let accepted = record.operations.filter { $0.decision == .accepted }.count
            let rejected = record.operations.filter { $0.decision == .rejected }.count
            let edited = record.operations.filter { $0.patch != nil || $0.ops != nil }.count
            var lines = [StyledLine("You reviewed this repository before\(record.savedAt.map { " (\($0))" } ?? ""):", m),
                         StyledLine("  \(accepted) accepted, \(rejected) rejected, \(edited) edited; \(matching) still match the tree.", m)]
            if !stale.isEmpty {
                lines.append(StyledLine("The plan no longer matches the tree for \(stale.joined(separator: ", ")) (files changed): those start over.", .error))
            }
            lines.append(StyledLine("Resume that review? Nothing is discarded unless you start fresh and confirm.", m))
            return ("Resume?", lines)
        case .discardSaved(let record, _, _):
            let decided = record.operations.filter { $0.decision != .pending }.count
            let edited = record.operations.filter { $0.patch != nil || $0.ops != nil || !$0.drafts.isEmpty }.count
            return ("Start fresh?", [
                StyledLine("This throws away the saved review: \(counted(decided, "decision")) and \(counted(edited, "edited operation")).", .error),
                StyledLine("It cannot be undone. Discard it and start a fresh review?", m),
            ])
        case .group(let group):
            return (group.decision == .accepted ? "Accept all shown?" : "Reject all shown?", GroupSummary.lines(group))
        case .discardDraft(let id, let kinds):
            let what = kinds.map { $0 == .patch ? "patch" : "ops block" }.joined(separator: " and ")
            return ("Throw away your edit?", [
                StyledLine("Throw away your refused \(what) edit of \(id)?", m),
                StyledLine("Your text is lost; e/o then start from the \(state.gate.edits[id] == nil ? "planned" : "accepted") text.", m),
            ])
        }
    }

    static func split(_ line: StyledLine) -> [StyledLine] {
        let style = line.spans.first?.1 ?? .modal
        return line.spans.map(\.0).joined().split(separator: "\n").map { StyledLine(String($0), style) }
    }
}
