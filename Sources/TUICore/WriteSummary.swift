import InfraEngine

/// The body of the write confirmation: what `w` is about to do, so nothing in it is a surprise
/// later. Per operation its files and diffstat; then every file, what was edited by hand or
/// overridden, and the refused edits that will not be used (the planned text is written).
enum WriteSummary {
    static func lines(_ state: AppState, ids: [String], refusing: [String: String]) -> [StyledLine] {
        let m = Style.modal
        var out = [StyledLine("Write \(counted(ids.count, "accepted operation")) to \(state.root)?", m)]
        var files: [String] = []
        var added = 0, removed = 0
        for id in ids {
            let op = state.gate.effective(id)
            let (plus, minus) = diffstat(state.document(id))
            added += plus
            removed += minus
            for file in op?.files ?? [] where !files.contains(file.path) { files.append(file.path) }
            let count = counted(op?.files.count ?? 0, "file")
            out.append(StyledLine("  \(refusing[id] == nil ? "✓" : "✗") \(id) (\(count), +\(plus) -\(minus))", refusing[id] == nil ? m : .error))
        }
        out.append(StyledLine("\(counted(files.count, "file")) changed, +\(added) -\(removed) lines: \(files.joined(separator: ", "))", m))
        let edited = ids.filter { state.gate.edits[$0] != nil }
        if !edited.isEmpty { out.append(StyledLine("Edited by you: \(edited.joined(separator: ", "))", .warning)) }
        let overridden = ids.filter { state.overrides.contains($0) }
        if !overridden.isEmpty { out.append(StyledLine("Written despite failed validation (!): \(overridden.joined(separator: ", "))", .error)) }
        let drafted = ids.filter(state.hasDraft)
        if !drafted.isEmpty {
            out.append(StyledLine("Refused edits left unused (the planned text is written): \(drafted.joined(separator: ", "))", .error))
        }
        if !refusing.isEmpty { out.append(StyledLine("✗ will be refused: validation failed (override with !).", .error)) }
        out.append(StyledLine("Files are written atomically; `infra-tui undo` restores them.", m))
        return out
    }

    /// Added and removed lines of a patch.
    static func diffstat(_ doc: DiffDocument) -> (Int, Int) {
        var plus = 0, minus = 0
        for line in doc.lines {
            if line.kind == .added { plus += 1 } else if line.kind == .removed { minus += 1 }
        }
        return (plus, minus)
    }
}
