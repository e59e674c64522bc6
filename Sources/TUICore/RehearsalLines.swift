import InfraEngine

/// The Info view's "Rehearsal" section: the verdict of the `rehearsal` check, and per script
/// the mutating calls of run 1 before and after the patch (a few each; the plan JSON has all).
enum RehearsalLines {
    static let callsShown = 6

    static func lines(_ rehearsal: OperationRehearsal?, width: Int) -> [StyledLine] {
        guard let rehearsal else { return [] }
        var out = [StyledLine(""), StyledLine("Rehearsal", .fileHeader)]
        func para(_ s: String, _ style: Style = .normal, indent: String = "") {
            for line in TextWidth.wrap(s, max(width - indent.count, 10)) { out.append(StyledLine(indent + line, style)) }
        }
        let style: Style = switch rehearsal.verdict {
        case .passed: .success
        case .refused: .error
        case .skipped: .dim
        }
        para("\(rehearsal.verdict.rawValue)" + (rehearsal.verdict == .passed ? "" : ": \(rehearsal.detail)"), style)
        for script in rehearsal.scripts {
            out.append(StyledLine(script.script, .meta))
            for (label, runs) in [("before", script.before), ("after", script.after)] {
                guard let first = runs.first(where: { $0.run == 1 }) else { para("\(label): (no such script)", .dim, indent: "  "); continue }
                let second = runs.first { $0.run == 2 }
                let outcome = "run 1 \(first.passed ? "passes" : "fails"), run 2 \(second?.passed ?? false ? "passes" : "fails")"
                para("\(label): \(first.mutating.count) mutating call(s); \(outcome)", .normal, indent: "  ")
                for call in first.mutating.prefix(callsShown) { para("\(call.kind) \(call.shellLine)", .dim, indent: "    ") }
                if first.mutating.count > callsShown { para("… \(first.mutating.count - callsShown) more", .dim, indent: "    ") }
            }
        }
        return out
    }
}
