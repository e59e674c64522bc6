import InfraEngine

/// The queue filter (`f`), lazygit-style: a line of space-separated terms, all of which an
/// operation must match to stay in the queue.
///
/// - `risk:high`, `group:cluster`, `status:pending`, `rule:rerun`, `id:secrets`, `file:init.sh`:
///   one field; a comma gives alternatives (`risk:med,high`); values match case-insensitively
///   as a prefix (`group:clu`), ids, rules and files as a substring.
/// - `status:` takes `pending`, `accepted`, `rejected`, `blocked` (a dependency is rejected),
///   `written`, `edited`, `draft` (a refused edit is kept), `invalid` (validation failed).
/// - a bare word matches the title, id, rule or a file path (substring, any case).
/// - a leading `-` negates a term: `-status:written`, `-docs`.
///
/// Unknown keys are an error the prompt shows, never silently ignored.
public struct QueueFilter: Sendable, Equatable {
    public struct Term: Sendable, Equatable {
        public enum Field: String, Sendable, CaseIterable { case risk, group, status, rule, id, file, text }
        public let field: Field
        public let values: [String]
        public let negated: Bool
    }

    /// The line as typed.
    public let text: String
    public let terms: [Term]

    public static let statuses = ["pending", "accepted", "rejected", "blocked", "written", "edited", "draft", "invalid"]

    /// Parses a filter line; throws a one-line reason for an unknown key or status.
    public init(_ text: String) throws(EngineError) {
        var terms: [Term] = []
        for word in text.split(separator: " ") {
            var word = Substring(word)
            let negated = word.hasPrefix("-") && word.count > 1
            if negated { word = word.dropFirst() }
            var field = Term.Field.text
            var value = String(word)
            if let colon = word.firstIndex(of: ":") {
                let key = word[..<colon].lowercased()
                guard let known = Term.Field(rawValue: key), known != .text else {
                    throw .usage("unknown filter key '\(key):' (keys: risk, group, status, rule, id, file)")
                }
                field = known
                value = String(word[word.index(after: colon)...])
            }
            let values = value.lowercased().split(separator: ",").map(String.init)
            if field == .status, let bad = values.first(where: { v in !Self.statuses.contains { $0.hasPrefix(v) } }) {
                throw .usage("unknown status '\(bad)' (statuses: \(Self.statuses.joined(separator: ", ")))")
            }
            if !values.isEmpty { terms.append(Term(field: field, values: values, negated: negated)) }
        }
        self.text = text
        self.terms = terms
    }

    /// Whether `op` (as it stands, edits included) passes every term, given the review's state.
    func matches(_ op: Operation, _ state: AppState, blocked: Set<String>) -> Bool {
        terms.allSatisfy { term in
            let hit = term.values.contains { value in Self.matches(term.field, value, op, state, blocked) }
            return hit != term.negated
        }
    }

    static func matches(_ field: Term.Field, _ value: String, _ op: Operation, _ state: AppState, _ blocked: Set<String>) -> Bool {
        func contains(_ text: String) -> Bool { text.lowercased().contains(value) }
        switch field {
        case .risk: return op.ops.risk.lowercased().hasPrefix(value)
        case .group: return op.ops.group.lowercased().hasPrefix(value)
        case .rule: return contains(op.rule)
        case .id: return contains(op.id)
        case .file: return op.files.contains { contains($0.path) }
        case .text: return contains(op.title) || contains(op.id) || contains(op.rule) || op.files.contains { contains($0.path) }
        case .status:
            return statuses(op.id, state, blocked).contains { $0.hasPrefix(value) }
        }
    }

    /// Every status word that describes `id` now.
    static func statuses(_ id: String, _ state: AppState, _ blocked: Set<String>) -> [String] {
        var out = [state.gate.decision(id).rawValue]
        if blocked.contains(id) { out.append("blocked") }
        if state.written.contains(id) { out.append("written") }
        if state.gate.edits[id] != nil { out.append("edited") }
        if state.hasDraft(id) { out.append("draft") }
        if !(state.gate.effective(id)?.isValid ?? true) { out.append("invalid") }
        return out
    }
}

extension AppState {
    /// Recomputes `queueRows` and keeps the selection on a row the queue shows.
    mutating func refreshQueueRows() {
        guard let filter else {
            queueRows = Array(operations.indices)
            return
        }
        let blocked = deps.dependOnRejected(gate)
        queueRows = operations.indices.filter { filter.matches(gate.effective(operations[$0].id) ?? operations[$0], self, blocked: blocked) }
        // The selection stays where it was while it is shown, else moves to the nearest row.
        if !queueRows.isEmpty && !queueRows.contains(selected) {
            selected = queueRows.first { $0 > selected } ?? queueRows.last!
            top = 0
        }
    }

    /// The queue row (position among `queueRows`) of the selected operation.
    var selectedRow: Int { queueRows.firstIndex(of: selected) ?? 0 }

    /// Applies a typed filter line: empty clears it; a bad one is refused with the reason and
    /// the line kept for fixing.
    mutating func applyFilter(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            filter = nil
            refreshQueueRows()
            message = Message("Filter cleared: every operation is shown")
            return
        }
        do {
            filter = try QueueFilter(trimmed)
        } catch {
            // The prompt stays up with the line as typed, saying what is wrong with it.
            mode = .input(Input(purpose: .filter, text: text, refusal: error.message))
            message = Message("Filter not applied: \(error.message)", .error)
            return
        }
        refreshQueueRows()
        queueTop = 0
        select(selected)
        let shown = queueRows.count
        message = Message(shown == 0 ? "No operation matches \(trimmed) (f edits the filter, esc clears it)"
                                     : "Showing \(counted(shown, "operation")) of \(operations.count): \(trimmed)",
                          shown == 0 ? .error : .info)
    }
}
