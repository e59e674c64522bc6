import InfraEngine

/// The questions about a saved review. Seventeen decisions once went to one `n` (issue 16),
/// so here no single key discards anything: `y`/enter resumes; `f` asks "start fresh?" and
/// only `y` to that discards; `q` (or ctrl-c) quits leaving the saved review as it is; `n`,
/// esc and any other key keep the question up and say what each answer does.
extension AppState {
    mutating func resumeKey(_ key: Key, _ record: SessionRecord, matching: Int, stale: [String]) -> [Effect] {
        switch key {
        case .char("y"), .char("Y"), .enter:
            mode = .normal
            return resume(record, stale: stale)
        case .char("f"), .char("F"):
            mode = .confirm(.discardSaved(record, matching: matching, stale: stale))
            return []
        case .char("q"), .char("Q"), .ctrl("c"):
            // Nothing is saved on the way out, so the saved review is still there next time.
            return [.quit]
        default:
            message = Message("Your saved review is kept: y resumes it, f starts fresh (asks first), q quits")
            return []
        }
    }

    mutating func discardSavedKey(_ key: Key, _ record: SessionRecord, matching: Int, stale: [String]) -> [Effect] {
        switch key {
        case .char("y"), .char("Y"):
            mode = .normal
            message = Message("Starting a fresh review; the saved one is discarded")
            history = []
            return [.save(sessionRecord())]
        case .char("q"), .char("Q"), .ctrl("c"):
            return [.quit]
        default:
            // Anything else is "no": back to the first question, nothing lost.
            mode = .confirm(.resume(record, matching: matching, stale: stale))
            message = Message("Kept your saved review")
            return []
        }
    }
}
