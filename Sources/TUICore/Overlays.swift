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
            let wrapped = TextWidth.wrap(line.spans.map(\.0).joined(), w - 4)
            let style = line.spans.first?.1 ?? .modal
            lines += wrapped.map { StyledLine($0, style) }
        }
        let answer = isResumeQuestion(question) ? "[y] resume   [n] start over" : "[y] yes   [n] no"
        lines += [StyledLine(""), StyledLine(answer, .key)]
        let h = min(lines.count + 2, g.height - 2)
        let x0 = (g.width - w) / 2
        let y0 = max((g.height - h) / 2, 1)
        box(&g, x0: x0, y0: y0, w: w, h: h, title: " \(title) ")
        for (i, line) in lines.prefix(h - 2).enumerated() {
            let style = line.spans.first?.1 ?? .modal
            g.put(line.spans.first?.0 ?? "", row: y0 + 1 + i, col: x0 + 2, style: style, maxWidth: w - 4)
        }
    }

    func isResumeQuestion(_ q: Confirm) -> Bool { if case .resume = q { return true } else { return false } }

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
            var lines = [StyledLine("Write \(ids.count) accepted operation\(ids.count == 1 ? "" : "s") to \(state.root)?", m)]
            for id in ids {
                let files = state.gate.effective(id)?.files.count ?? 0
                lines.append(StyledLine("  \(refusing[id] == nil ? "✓" : "✗") \(id) (\(files) file\(files == 1 ? "" : "s"))", refusing[id] == nil ? m : .error))
            }
            if !refusing.isEmpty {
                lines.append(StyledLine("✗ will be refused: validation failed (override with !).", .error))
            }
            lines.append(StyledLine("Files are written atomically; `infra-tui undo` restores them.", m))
            return ("Write to disk?", lines)
        case .override(let id, let reason):
            return ("Override validation?", [
                StyledLine("\(id) failed validation: \(reason)", m),
                StyledLine("Write and export it anyway? Its patch may not apply or may break a script.", m),
            ])
        case .quit(let unwritten):
            return ("Quit?", [
                StyledLine("\(unwritten) accepted operation\(unwritten == 1 ? " is" : "s are") not written (w) or exported (x).", m),
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
            lines.append(StyledLine("Resume that review?", m))
            return ("Resume?", lines)
        }
    }

    static func split(_ line: StyledLine) -> [StyledLine] {
        let style = line.spans.first?.1 ?? .modal
        return line.spans.map(\.0).joined().split(separator: "\n").map { StyledLine(String($0), style) }
    }
}
