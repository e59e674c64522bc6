import InfraEngine

/// `A`/`R`: accept or reject every operation the queue shows (all of them, or what the filter
/// lets through), after a summary of exactly what will change. The gate's rule holds as for
/// one operation: accepting takes along the dependencies (shown or not), rejecting sends the
/// accepted operations that depend on a rejected one back to pending.
public struct GroupDecision: Sendable, Equatable {
    public let decision: ApprovalGate.Decision
    /// Shown operations whose decision changes, in plan order.
    public let ids: [String]
    /// Operations the filter hides that change too (dependencies accepted along, accepted
    /// dependants sent back to pending), in plan order.
    public let alongside: [String]
    /// Shown operations left alone because they are already written.
    public let written: [String]
    /// Of those accepted, the ones whose validation failed (not written unless overridden).
    public let failing: [String]
    /// Of those accepted, the ones holding a refused edit (the planned text is what is written).
    public let drafted: [String]
    /// The filter line in force, if any.
    public let filter: String?
}

extension AppState {
    mutating func askGroup(_ decision: ApprovalGate.Decision) -> [Effect] {
        let shown = queueRows.map { operations[$0].id }
        let written = shown.filter(written.contains)
        let ids = shown.filter { !self.written.contains($0) && gate.decision($0) != decision }
        let verb = decision == .accepted ? "accept" : "reject"
        guard !ids.isEmpty else {
            message = Message("Nothing to \(verb): every operation shown is already \(decision.rawValue) or written")
            return []
        }
        let chosen = Set(ids)
        var along: Set<String> = []
        if decision == .accepted {
            for id in ids { for dep in gate.allDependencies(of: id) where !chosen.contains(dep) && gate.decision(dep) != .accepted { along.insert(dep) } }
        } else {
            for id in ids {
                for dep in gate.dependents(of: id) where !chosen.contains(dep) && gate.decision(dep) == .accepted && !self.written.contains(dep) {
                    along.insert(dep)
                }
            }
        }
        let accepting = decision == .accepted ? ids + along.sorted() : []
        let group = GroupDecision(
            decision: decision, ids: ids, alongside: operations.map(\.id).filter(along.contains), written: written,
            failing: accepting.filter { !(gate.effective($0)?.isValid ?? true) && !overrides.contains($0) },
            drafted: accepting.filter(hasDraft), filter: filter?.text)
        mode = .confirm(.group(group))
        return []
    }

    mutating func applyGroup(_ group: GroupDecision) -> [Effect] {
        let verb = group.decision == .accepted ? "Accepted" : "Rejected"
        let before = gate.decisions
        defer { if let first = group.ids.first { recordChange(of: first, since: before) } }
        if group.decision == .accepted {
            for id in group.alongside + group.ids { try? gate.set(id, .accepted) }
        } else {
            for id in group.alongside { try? gate.set(id, .pending) }
            for id in group.ids { try? gate.set(id, .rejected); overrides.remove(id) }
        }
        unsaved = true
        var text = "\(verb) \(counted(group.ids.count, "operation"))"
        if !group.alongside.isEmpty {
            text += group.decision == .accepted ? " and \(counted(group.alongside.count, "dependency", "dependencies")) (\(group.alongside.joined(separator: ", ")))"
                : "; back to pending, as they depend on them: \(group.alongside.joined(separator: ", "))"
        }
        var kind = Message.Kind.success
        if !group.failing.isEmpty { text += ". Validation failed for \(group.failing.joined(separator: ", ")): not written unless overridden with !"; kind = .error }
        if !group.drafted.isEmpty { text += ". \(group.drafted.joined(separator: ", ")) hold refused edits: the planned text is what will be written"; kind = .error }
        message = Message(text, kind)
        return [.save(sessionRecord())]
    }

    mutating func clearFilter() -> [Effect] {
        applyFilter("")
        return []
    }
}

/// The summary `A`/`R` confirm: how many change, which others move with them, what stays.
enum GroupSummary {
    static func lines(_ group: GroupDecision) -> [StyledLine] {
        let m = Style.modal
        let verb = group.decision == .accepted ? "Accept" : "Reject"
        let scope = group.filter.map { "shown by the filter \"\($0)\"" } ?? "in the queue"
        var out = [StyledLine("\(verb) \(counted(group.ids.count, "operation")) \(scope):", m)]
        let shown = group.ids.prefix(8)
        for id in shown { out.append(StyledLine("  \(id)", m)) }
        if group.ids.count > shown.count { out.append(StyledLine("  … and \(group.ids.count - shown.count) more", m)) }
        if !group.alongside.isEmpty {
            let why = group.decision == .accepted ? "Also accepted, as they are needed (not shown)" : "Back to pending, as they depend on them (not shown)"
            out.append(StyledLine("\(why): \(group.alongside.joined(separator: ", "))", .warning))
        }
        if !group.written.isEmpty { out.append(StyledLine("Left alone, already written: \(group.written.joined(separator: ", "))", m)) }
        if !group.failing.isEmpty { out.append(StyledLine("Validation failed (not written unless overridden): \(group.failing.joined(separator: ", "))", .error)) }
        if !group.drafted.isEmpty { out.append(StyledLine("Holding refused edits (the planned text is written): \(group.drafted.joined(separator: ", "))", .error)) }
        out.append(StyledLine("u then takes back one operation at a time (to pending).", .dim))
        return out
    }
}
