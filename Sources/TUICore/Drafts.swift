import InfraEngine

/// Refused edits ("drafts"): the person's text the re-validation refused, kept so no typing
/// is lost. The queue marks an operation holding one (`d` in the flag column), accepting or
/// writing one says that the planned text is what will be written, and `D` throws them away
/// after a confirmation.
extension AppState {
    /// The refused edit kinds of `id` (patch, ops) not being checked right now.
    func draftKinds(_ id: String) -> [EditKind] {
        [EditKind.patch, .ops].filter { kind in
            let key = Self.draftKey(id, kind)
            return drafts[key] != nil && checking[key] == nil
        }
    }

    /// `id` holds a refused edit (one not being checked again).
    func hasDraft(_ id: String) -> Bool { !draftKinds(id).isEmpty }

    mutating func askDiscardDraft() -> [Effect] {
        guard let op = current else { return [] }
        let kinds = draftKinds(op.id)
        if kinds.isEmpty {
            message = Message(isChecking(op.id) ? "Your edit of \(op.id) is still being checked: D waits for the result"
                                                : "\(op.id) holds no refused edit: nothing to throw away")
            return []
        }
        mode = .confirm(.discardDraft(id: op.id, kinds: kinds))
        return []
    }

    mutating func discardDrafts(_ id: String, _ kinds: [EditKind]) -> [Effect] {
        for kind in kinds { drafts[Self.draftKey(id, kind)] = nil }
        let what = kinds.map { $0 == .patch ? "patch" : "ops block" }.joined(separator: " and ")
        message = Message("Threw away your refused \(what) edit of \(id): e/o now start from the \(gate.edits[id] == nil ? "planned" : "accepted") text", .success)
        unsaved = true
        return [.save(sessionRecord())]
    }
}
