import InfraEngine

/// What one `a`, `r`, `A` or `R` changed: every operation whose decision moved (the one the
/// key was on, the dependencies an acceptance took along, the dependants a rejection sent back
/// to pending), before and after. `u` puts back the most recent change (lazygit-like), wherever
/// the cursor is, while it is still what the gate holds.
struct DecisionChange: Sendable, Equatable {
    /// The operation the key was pressed on (the first one shown, for `A`/`R`).
    let subject: String
    let before: [String: ApprovalGate.Decision]
    let after: [String: ApprovalGate.Decision]
}

extension AppState {
    /// The most changes `u` can walk back.
    static let historyLimit = 200

    /// Records what changed since `before` (a copy of the gate's decisions) as the most recent
    /// change, taken on `subject`.
    mutating func recordChange(of subject: String, since before: [String: ApprovalGate.Decision]) {
        var was: [String: ApprovalGate.Decision] = [:], now: [String: ApprovalGate.Decision] = [:]
        for op in operations where (before[op.id] ?? .pending) != gate.decision(op.id) {
            was[op.id] = before[op.id] ?? .pending
            now[op.id] = gate.decision(op.id)
        }
        guard !now.isEmpty else { return }
        history.append(DecisionChange(subject: subject, before: was, after: now))
        if history.count > Self.historyLimit { history.removeFirst(history.count - Self.historyLimit) }
    }

    /// `u`: puts back the most recent decision and moves the cursor to the operation it was
    /// taken on. A change the gate no longer holds (changed since by other means) or that
    /// touches an operation written since cannot be put back: nor can any older one.
    mutating func undoLast() -> [Effect] {
        guard let change = history.popLast() else {
            message = Message("Nothing to undo: no decision taken since the review opened (or all undone)")
            return []
        }
        let current = change.after.allSatisfy { gate.decision($0.key) == $0.value }
        let written = change.after.keys.filter(written.contains)
        guard current && written.isEmpty else {
            history = []
            let why = !written.isEmpty ? "\(written.sorted().joined(separator: ", ")) \(written.count == 1 ? "is" : "are") written since"
                : "its operations were decided again since"
            message = Message("Nothing to undo: the last decision on \(change.subject) cannot be put back (\(why))", .error)
            return []
        }
        if let index = operations.firstIndex(where: { $0.id == change.subject }) {
            // Hidden by the filter: the cursor stays where it is.
            if filter == nil || queueRows.contains(index) { select(index) }
        }
        return undo(change)
    }

    /// Puts back what `change` changed and says so, naming the other operations it restored.
    mutating func undo(_ change: DecisionChange) -> [Effect] {
        for (id, decision) in change.before { try? gate.set(id, decision) }
        unsaved = true
        let subject = change.subject
        var text = "Undone: \(subject) is \(gate.decision(subject).rawValue) again"
        let others = operations.map(\.id).filter { $0 != subject && change.before[$0] != nil }
        if !others.isEmpty {
            let restored = others.map { "\($0) (\(gate.decision($0).rawValue))" }
            text += "; restored \(restored.joined(separator: ", "))"
        }
        message = Message(text, .success)
        return [.save(sessionRecord())]
    }

    /// After `a` or `r`, the cursor moves on to the next pending operation the queue shows
    /// (below the current one, skipping blocked ones, which wait on a rejection; it stays when
    /// there is none), as `git add -p` moves to the next hunk.
    mutating func moveToNextPending() {
        let rows = queueRows
        guard let here = rows.firstIndex(of: selected) else { return }
        let blocked = deps.dependOnRejected(gate)
        let next = rows[(here + 1)...].first { index in
            let id = operations[index].id
            return gate.decision(id) == .pending && !written.contains(id) && !blocked.contains(id)
        }
        if let next { select(next) }
    }
}
