@testable import InfraEngine
import Testing
@testable import TUICore

/// Issue 16: a review that never loses work, and the habits of a daily driver, through
/// `update` alone.
@Suite struct ReviewHabitsTests {
    let helpers = "helpers-normalise-lib", entry = "entrypoint-canonical-init", docs = "docs-runbook"

    func resumable() -> (SessionRecord, AppState) {
        let (old, _) = press(SamplePlan.state(), .char("a"), .char("G"), .char("r"))
        let record = old.sessionRecord()
        let s = update(AppState(plan: SamplePlan.plan(), root: SamplePlan.root, validating: false, defaultExportFolder: "/x", resume: record),
                       .resize(width: 80, height: 24)).0
        return (record, s)
    }

    @Test func resumeQuestionLosesNothingToNEscOrOtherKeys() {
        let (record, s) = resumable()
        guard case .confirm(.resume) = s.mode else { Issue.record("expected the resume question"); return }
        for key: Key in [.char("n"), .char("N"), .escape, .char("x"), .char("j"), .tab, .backspace] {
            let (after, effects) = press(s, key)
            #expect(after.mode == s.mode, "\(key) must keep the question up")
            #expect(effects.isEmpty, "\(key) must neither save nor quit: the saved review would be overwritten")
            #expect(after.message?.text.contains("kept") == true)
        }
        // q quits without saving anything: the record on disk stays as it was.
        let (_, quit) = press(s, .char("q"))
        #expect(quit == [.quit])
        // y resumes.
        let (resumed, _) = press(s, .char("y"))
        #expect(resumed.gate.decision(helpers) == .accepted && resumed.gate.decision(docs) == .rejected)
        #expect(record.isMeaningful)
    }

    @Test func onlyAConfirmedStartFreshDiscards() {
        let (_, s) = resumable()
        var (after, effects) = press(s, .char("f"))
        guard case .confirm(.discardSaved) = after.mode else { Issue.record("f must ask before discarding"); return }
        #expect(effects.isEmpty)
        let screen = render(after, width: 80, height: 24).textLines.joined(separator: "\n")
        #expect(screen.contains("Start fresh?") && screen.contains("2 decisions"))
        // Anything but y at the second question goes back to the first, nothing lost.
        for key: Key in [.char("n"), .escape, .enter] {
            let (back, out) = press(after, key)
            #expect(out.isEmpty)
            if case .confirm(.resume) = back.mode {} else { Issue.record("\(key) must go back to the resume question") }
        }
        (after, effects) = press(after, .char("y"))
        #expect(after.mode == .normal && after.gate.counts.accepted == 0)
        guard case .save(let fresh) = effects.first else { Issue.record("a confirmed start fresh saves the fresh review"); return }
        #expect(!fresh.isMeaningful)
    }

    @Test func undoAfterACascadeRestoresTheDependants() {
        // Accept both, then reject the helpers: the entrypoint goes back to pending (it depends on them).
        var (s, _) = press(SamplePlan.state(), .char("j"), .char("a"), .char("y"), .char("g"), .char("r"))
        #expect(s.gate.decision(entry) == .pending && s.gate.decision(helpers) == .rejected)
        (s, _) = press(s, .char("g"), .char("u"))
        #expect(s.gate.decision(helpers) == .accepted && s.gate.decision(entry) == .accepted)
        // u walks back the decisions, most recent first, wherever the cursor is.
        (s, _) = press(SamplePlan.state(), .char("j"), .char("a"), .char("y"), .char("g"), .char("r"), .char("g"), .char("j"), .char("r"))
        (s, _) = press(s, .char("g"), .char("u"))
        #expect(s.gate.decision(helpers) == .rejected && s.gate.decision(entry) == .pending && s.selected == 1)
        (s, _) = press(s, .char("u"))
        #expect(s.gate.decision(helpers) == .accepted && s.gate.decision(entry) == .accepted && s.selected == 0)
        (s, _) = press(s, .char("u"))
        #expect(s.gate.decision(helpers) == .pending && s.gate.decision(entry) == .pending)
        (s, _) = press(s, .char("u"))
        #expect(s.message?.text.hasPrefix("Nothing to undo") == true && s.gate.counts.pending == 3)
    }

    /// `u` right after `r` (the cursor moved on to the next pending operation) undoes that
    /// rejection, not something about the operation under the cursor, and goes back to it;
    /// `A`/`R` are undone as one change; a change overtaken by another decision is refused.
    @Test func uUndoesTheMostRecentDecisionWhereverTheCursorIs() {
        var (s, _) = press(SamplePlan.state(), .char("a"), .char("r"))
        #expect(s.gate.decision(entry) == .rejected && s.selected == 2)
        (s, _) = press(s, .char("u"))
        #expect(s.gate.decision(entry) == .pending && s.gate.decision(docs) == .pending && s.selected == 1)
        #expect(s.message?.text == "Undone: \(entry) is pending again", "\(s.message?.text ?? "")")
        (s, _) = press(s, .char("A"), .char("y"))
        #expect(s.gate.counts.accepted == 3)
        (s, _) = press(s, .char("u"))
        #expect(s.gate.decision(helpers) == .accepted && s.gate.decision(entry) == .pending && s.gate.decision(docs) == .pending)
        // Overtaken: the gate changed since by other means: nothing older can be put back either.
        (s, _) = press(SamplePlan.state(), .char("a"))
        try? s.gate.set(helpers, .rejected)
        (s, _) = press(s, .char("u"))
        #expect(s.gate.decision(helpers) == .rejected && s.message?.text.hasPrefix("Nothing to undo") == true)
    }

    @Test func aAndRMoveToTheNextPendingOperation() {
        var (s, _) = press(SamplePlan.state(), .char("a"))
        #expect(s.selected == 1)
        (s, _) = press(s, .char("r"))
        #expect(s.selected == 2 && s.gate.decision(entry) == .rejected)
        // Nothing pending below: the cursor stays.
        (s, _) = press(s, .char("a"))
        #expect(s.selected == 2)
        // Blocked operations (waiting on a rejection) are skipped.
        (s, _) = press(SamplePlan.state(), .char("r"))
        #expect(s.selected == 2)
    }

    @Test func refusedDraftsAreMarkedSaidAndCanBeThrownAway() {
        var (s, _) = update(SamplePlan.state(), .editSaved(id: helpers, kind: .patch, text: "my text"))
        (s, _) = update(s, .editFinished(id: helpers, kind: .patch, text: "my text", outcome: .refused("does not parse")))
        // The queue marks it.
        #expect(render(s, width: 80, height: 24).textLines[2].hasPrefix(" ·d"))
        // Accepting it says the planned text is what will be written.
        var effects: [Effect]
        (s, effects) = press(s, .char("a"))
        #expect(s.message?.kind == .error && s.message?.text.contains("refused edit") == true)
        #expect(s.message?.text.contains("planned text is what will be written") == true)
        // The write confirmation names it too.
        (s, _) = press(s, .char("g"), .char("w"))
        let screen = render(s, width: 80, height: 24).textLines.joined(separator: "\n")
        #expect(screen.contains("Refused edits left unused"))
        // D asks, then throws the draft away.
        (s, _) = press(s, .char("n"), .char("D"))
        #expect(s.mode == .confirm(.discardDraft(id: helpers, kinds: [.patch])))
        (s, effects) = press(s, .char("n"))
        #expect(s.hasDraft(helpers) && effects.isEmpty)
        (s, effects) = press(s, .char("D"), .char("y"))
        #expect(!s.hasDraft(helpers))
        if case .save(let record) = effects.first { #expect(record.operations[0].drafts.isEmpty) } else { Issue.record("expected a save") }
        (_, effects) = press(s, .char("e"))
        #expect(effects == [.edit(id: helpers, kind: .patch, text: SamplePlan.helpersPatch)])
    }

    @Test func pluralsAndStaleMessages() {
        var (s, _) = press(SamplePlan.state(), .char("a"))
        var report = ApplyReport()
        report.applied = [helpers]
        report.written = ["ai/infra/tasks/010-apis.sh"]
        (s, _) = update(s, .wrote(report))
        #expect(s.message?.text.hasPrefix("Wrote 1 operation (1 file)") == true)
        (s, _) = update(s, .exported(folder: "/o", files: ["0001-a.patch", "series"], leftOut: []))
        #expect(s.message?.text.hasPrefix("Exported 1 patch to") == true)
        // The next key clears what the last action said.
        (s, _) = press(s, .char("j"))
        #expect(s.message == nil)
        let title = render(SamplePlan.state(), width: 80, height: 24).textLines[0]
        #expect(title.contains("3 operations · 2 findings"))
        #expect(counted(1, "operation") == "1 operation" && counted(2, "patch", "patches") == "2 patches")
    }

    @Test func writeConfirmationSummarisesAndKeepsItsButtonsAt80x24() {
        var (s, _) = press(SamplePlan.state(), .char("A"), .char("y"))
        (s, _) = press(s, .char("G"), .char("!"), .char("y"), .char("w"))
        guard case .confirm(.write(let ids, _)) = s.mode else { Issue.record("expected the write question"); return }
        #expect(ids == [helpers, entry, docs])
        let screen = render(s, width: 80, height: 24).textLines.joined(separator: "\n")
        #expect(screen.contains("[y] yes   [n] no"))
        #expect(screen.contains("+") && screen.contains("files changed") || screen.contains("file changed"))
        // A window as small as the UI allows still shows the answers.
        let small = render(s, width: 60, height: 14).textLines.joined(separator: "\n")
        #expect(small.contains("[y] yes   [n] no") && small.contains("more line"))
    }

    @Test func groupAcceptAndRejectWhatTheFilterShows() {
        // Only the entrypoint shows; accepting "all" takes its dependency along, named first.
        var (s, _) = press(SamplePlan.state(), [.char("f")] + typed("risk:med") + [.enter])
        #expect(s.queueRows == [1] && s.selected == 1)
        (s, _) = press(s, .char("A"))
        guard case .confirm(.group(let group)) = s.mode else { Issue.record("A must ask first"); return }
        #expect(group.ids == [entry] && group.alongside == [helpers])
        let screen = render(s, width: 80, height: 24).textLines.joined(separator: "\n")
        #expect(screen.contains("Accept 1 operation shown by the filter") && screen.contains(helpers))
        (s, _) = press(s, .char("y"))
        #expect(s.gate.decision(entry) == .accepted && s.gate.decision(helpers) == .accepted && s.gate.decision(docs) == .pending)
        // R over the helpers sends the accepted entrypoint (hidden by the filter) back to pending.
        (s, _) = press(s, [.char("f"), .ctrl("u")] + typed("id:helpers") + [.enter, .char("R"), .char("y")])
        #expect(s.gate.decision(helpers) == .rejected && s.gate.decision(entry) == .pending)
        // n leaves everything as it was.
        let (kept, effects) = press(s, .escape, .char("A"), .char("n"))
        #expect(effects.isEmpty && kept.gate.decision(docs) == .pending && kept.filter == nil)
        // In the detail pane, esc first comes back to the queue; the filter stays.
        let (back, _) = press(s, .enter, .escape)
        #expect(back.focus == .queue && back.filter != nil)
    }

    @Test func filterSyntax() throws {
        let s = SamplePlan.state()
        func shown(_ line: String) -> [Int] { press(s, [.char("f")] + typed(line) + [.enter]).0.queueRows }
        #expect(shown("risk:high") == [2])
        #expect(shown("risk:med,high") == [1, 2])
        #expect(shown("group:ext") == [2])
        #expect(shown("-group:local") == [2])
        #expect(shown("status:invalid") == [2])
        #expect(shown("rule:entry") == [1])
        #expect(shown("file:init.sh") == [1])
        #expect(shown("runbook") == [2])
        #expect(shown("share helpers") == [0])
        #expect(shown("status:pending risk:low") == [0])
        // A status follows decisions as they change.
        var (f, _) = press(s, [.char("f")] + typed("status:pending") + [.enter])
        (f, _) = press(f, .char("r"))
        #expect(!f.queueRows.contains(0))
        // A bad key is refused, the line kept for fixing.
        let (bad, _) = press(s, [.char("f")] + typed("colour:red") + [.enter])
        guard case .input(let input) = bad.mode else { Issue.record("the filter prompt must stay up"); return }
        #expect(input.purpose == .filter && input.text == "colour:red" && input.refusal?.contains("unknown filter key 'colour:'") == true)
        #expect(render(bad, width: 80, height: 24).textLines[22].contains("unknown filter key"))
        #expect(throws: EngineError.self) { try QueueFilter("status:maybe") }
        // Nothing matches: no current operation, keys do nothing harmful.
        let (none, effects) = press(s, [.char("f")] + typed("zzz") + [.enter, .char("a"), .char("e")])
        #expect(none.current == nil && effects.isEmpty && none.gate.counts.accepted == 0)
        // An empty filter clears it.
        let (cleared, _) = press(s, [.char("f")] + typed("risk:high") + [.enter, .char("f"), .ctrl("u"), .enter])
        #expect(cleared.filter == nil && cleared.queueRows == [0, 1, 2])
    }

    @Test func copyAndViewAreEffects() {
        var (s, effects) = press(SamplePlan.state(), .char("y"))
        #expect(effects == [.copy("./ai/infra/init.sh --list\n")])
        // v on the first file's second hunk: the old side (the file on disk) at that hunk's line.
        let doc = s.document(helpers)
        (s, _) = press(s, .enter)
        s.top = doc.hunkStarts[1] + 2
        (s, effects) = press(s, .char("v"))
        #expect(effects == [.view(path: "ai/infra/tasks/010-apis.sh", line: 10)])
        // A file the patch creates is not on disk yet: said, nothing opened.
        (s, effects) = press(s, .char("h"), .char("G"), .char("v"))
        #expect(effects.isEmpty && s.message?.text.contains("does not exist yet") == true)
        #expect(ReadOnlyView.command(editor: "vim", line: 7) == "vim -R +7 \"$1\"")
        #expect(ReadOnlyView.command(editor: "/usr/bin/nano", line: 3) == "/usr/bin/nano -v +3 \"$1\"")
        #expect(ReadOnlyView.command(editor: "code --wait", line: 3) == "code --wait \"$1\"")
        #expect(ReadOnlyView.command(editor: "", line: 1) == "vi -R +1 \"$1\"")
    }
}
