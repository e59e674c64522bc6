import InfraEngine

/// The whole plan's rehearsal preview (`P`): what running the scaffolding does to the cloud
/// and the cluster once every operation is applied, from the `rehearsal` validation check
/// (docs/rehearsal.md). Per task, the mutating calls of a first run in order, each from the
/// last operation in plan order whose rehearsal ran that task (it ran on the tree with that
/// operation's patch and those before it); then each task's second-run outcome, and the
/// operations whose rehearsal refused them.
enum PlanPreview {
    static func lines(_ state: AppState, width: Int) -> [StyledLine] {
        var out: [StyledLine] = []
        func para(_ s: String, _ style: Style = .normal, indent: String = "") {
            for line in TextWidth.wrap(s, max(width - indent.count, 10)) { out.append(StyledLine(indent + line, style)) }
        }
        let ops = state.operations.compactMap { state.gate.effective($0.id) }
        let rehearsed = ops.filter { $0.rehearsal != nil }
        if rehearsed.isEmpty {
            para(state.validating ? "Validation is still running: the rehearsal results land with it."
                 : "No rehearsal results: the rehearsal check runs with validation (it needs bubblewrap). `infra-tui rehearse` runs one from the command line.", .dim)
            return out
        }
        let skipped = rehearsed.filter { $0.rehearsal?.verdict == .skipped }
        struct Task { var calls: [RecordedCall]; var operation: String; var secondRun: StepRun? }
        var tasks: [String: Task] = [:]
        for op in rehearsed {
            for script in op.rehearsal?.scripts ?? [] {
                guard let first = script.after.first(where: { $0.run == 1 }) else { continue }
                let second = script.after.first { $0.run == 2 }
                var byTask: [String: [RecordedCall]] = [:]
                for call in first.mutating { byTask[call.script.map(InfraLayout.taskName) ?? first.step, default: []].append(call) }
                for (task, calls) in byTask { tasks[task] = Task(calls: calls, operation: op.id, secondRun: second) }
            }
        }
        let calls = tasks.values.reduce(0) { $0 + $1.calls.count }
        para("What a run does after the plan's patches, as rehearsed in a sandbox against test doubles: \(tasks.count) task\(tasks.count == 1 ? "" : "s"), \(calls) mutating call\(calls == 1 ? "" : "s") (create, apply, install, delete), in order. Nothing was sent anywhere: the calls went to test doubles.", .normal)
        if !skipped.isEmpty { para("Rehearsal skipped for \(skipped.count) operation\(skipped.count == 1 ? "" : "s"): \(skipped.first?.rehearsal?.detail ?? "")", .dim) }
        for name in tasks.keys.sorted() {
            let task = tasks[name]!
            out.append(StyledLine(""))
            out.append(StyledLine(spans: [(name, .fileHeader), ("  (rehearsed with \(task.operation))", .dim)]))
            for call in task.calls {
                let failed = call.rc != 0 ? "  -> rc \(call.rc)" + (call.message.map { ": \($0)" } ?? "") : ""
                out.append(StyledLine(spans: [("  " + TextWidth.pad(call.kind, 7) + " ", call.kind == "delete" ? .error : .key),
                                              (call.shellLine, .normal), (failed, .error)]))
            }
            if let second = task.secondRun {
                let again = second.creates.count
                para(second.passed && again == 0 ? "second run: passes and creates nothing again"
                     : "second run: \(second.passed ? "passes" : "fails")\(again > 0 ? ", creates \(again) again" : "")",
                     second.passed && again == 0 ? .success : .error, indent: "  ")
            }
        }
        let refused = rehearsed.filter { $0.rehearsal?.verdict == .refused }
        if !refused.isEmpty {
            out.append(StyledLine(""))
            out.append(StyledLine("Refused by the rehearsal (not in the calls above)", .error))
            for op in refused { para("\(op.id): \(op.rehearsal?.detail ?? "")", .normal, indent: "  ") }
        }
        return out
    }
}

extension AppState {
    mutating func previewKey(_ key: Key, top: Int) {
        let page = max(height - 5, 1)
        let total = PlanPreview.lines(self, width: width - 2).count
        var next = top
        switch key {
        case .char("j"), .down: next += 1
        case .char("k"), .up: next -= 1
        case .pageDown, .char(" "): next += page
        case .pageUp: next -= page
        case .char("g"), .home: next = 0
        case .char("G"), .end: next = total
        default: mode = .normal; return
        }
        mode = .preview(top: max(0, min(next, total - page)))
    }
}

extension Painter {
    func preview(_ g: inout ScreenGrid, top: Int) {
        let bottom = g.height - 3
        for row in 1...max(bottom, 1) { g.fill(row: row, col: 0, count: g.width, style: .normal) }
        let lines = PlanPreview.lines(state, width: g.width - 2)
        let rows = max(bottom - 1, 1)
        let position = lines.count > rows ? "  \(top + 1)-\(min(top + rows, lines.count))/\(lines.count)" : ""
        g.put(" Rehearsal preview of the whole plan" + position, row: 1, col: 0, style: .fileHeader)
        for row in 0..<rows where top + row < lines.count {
            var x = 1
            for (text, style) in lines[top + row].spans { x = g.put(text, row: 2 + row, col: x, style: style, maxWidth: g.width - 1 - x) }
        }
    }
}
