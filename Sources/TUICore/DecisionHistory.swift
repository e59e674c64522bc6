import InfraEngine

/// What one `a`, `r` or `u` changed: every operation whose decision moved (the one the key
/// was on, the dependencies an acceptance took along, the dependants a rejection sent back
/// to pending), before and after. `u` on the operation puts back `before` while the change is
/// still what the gate holds, so undoing a rejection restores the dependants it moved.
struct DecisionChange: Sendable, Equatable {
    /// The operation the key was pressed on.
    let subject: String
    let before: [String: ApprovalGate.Decision]
    let after: [String: ApprovalGate.Decision]
}

extension AppState {
    /// Records what changed since `before` (a copy of the gate's decisions) as the last change
    /// of `subject`.
    mutating func recordChange(of subject: String, since before: [String: ApprovalGate.Decision]) {
        var was: [String: ApprovalGate.Decision] = [:], now: [String: ApprovalGate.Decision] = [:]
        for op in operations where (before[op.id] ?? .pending) != gate.decision(op.id) {
            was[op.id] = before[op.id] ?? .pending
            now[op.id] = gate.decision(op.id)
        }
        guard !now.isEmpty else { return }
        // An older change that touched these operations can no longer be undone on its own.
        history = history.filter { $0.value.after.keys.allSatisfy { now[$0] == nil } }
        history[subject] = DecisionChange(subject: subject, before: was, after: now)
    }

    /// The last change `u` can put back for `id`: one taken on it that the gate still holds,
    /// touching nothing written since.
    func undoableChange(of id: String) -> DecisionChange? {
        guard let change = history[id], change.subject == id else { return nil }
        let current = change.after.allSatisfy { gate.decision($0.key) == $0.value }
        let untouched = change.after.keys.allSatisfy { !written.contains($0) }
        return current && untouched ? change : nil
    }

    /// Puts back what `change` changed and says so, naming the other operations it restored.
    mutating func undo(_ change: DecisionChange) -> [Effect] {
        for (id, decision) in change.before { try? gate.set(id, decision) }
        history[change.subject] = nil
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
