@testable import InfraEngine
import Testing
@testable import TUICore

/// The behaviour behind the keys, driven through `update` alone.
@Suite struct UpdateTests {
    let helpers = "helpers-normalise-lib", entry = "entrypoint-canonical-init", docs = "docs-runbook"

    @Test func navigationAndFocus() {
        var (s, _) = press(SamplePlan.state(), .char("j"), .down)
        #expect(s.selected == 2)
        (s, _) = press(s, .char("k"), .up, .up)
        #expect(s.selected == 0)
        (s, _) = press(s, .tab)
        #expect(s.focus == .detail && s.view == .diff)
        (s, _) = press(s, .tab, .tab)
        #expect(s.view == .info)
        (s, _) = press(s, .tab)
        #expect(s.focus == .queue)
        (s, _) = press(s, .backTab)
        #expect(s.focus == .detail && s.view == .info)
        (s, _) = press(s, .escape)
        #expect(s.focus == .queue)
    }

    @Test func scrollingStaysInsideTheDiff() {
        var (s, _) = press(SamplePlan.state(longDiff: 200), .char("j"), .enter)
        (s, _) = press(s, .char("j"), .char("j"))
        #expect(s.top == 2)
        (s, _) = press(s, .end)
        let total = s.document(entry).count
        #expect(s.top == total - s.detailHeight)
        (s, _) = press(s, .pageDown)
        #expect(s.top == total - s.detailHeight)
        (s, _) = press(s, .home)
        #expect(s.top == 0)
        (s, _) = press(s, .pageDown)
        #expect(s.top == s.detailHeight - 2)
    }

    @Test func hunkAndFileJumps() {
        // A short window, so the second hunk can scroll to the top.
        var (s, _) = press(SamplePlan.state(height: 12), .char("]"))
        let doc = s.document(helpers)
        #expect(s.top == doc.hunkStarts[0])
        (s, _) = press(s, .char("]"))
        #expect(s.top == doc.hunkStarts[1])
        (s, _) = press(s, .char("["))
        #expect(s.top == doc.hunkStarts[0])
        (s, _) = press(s, .char("{"))
        #expect(s.top == 0)
        #expect(s.message?.text == nil || s.message?.text.contains("No earlier") == false)
        (s, _) = press(s, .char("}"))
        #expect(s.top == doc.fileStarts[1] || s.message?.text.contains("ends here") == true)
    }

    @Test func searchFindsAndCycles() {
        var (s, _) = press(SamplePlan.state(), [.char("/")] + typed("LOG") + [.enter])
        let doc = s.document(helpers)
        let hits = doc.lines.indices.filter { doc.lines[$0].text.lowercased().contains("log") }
        #expect(s.matchLine == hits[0])
        (s, _) = press(s, .char("n"))
        #expect(s.matchLine == hits[1])
        (s, _) = press(s, .char("N"))
        #expect(s.matchLine == hits[0])
        (s, _) = press(s, [.char("/")] + typed("zzz-not-there") + [.enter])
        #expect(s.message?.kind == .error)
        (s, _) = press(s, [.char("/")] + typed("abc") + [.escape])
        #expect(s.mode == .normal && s.lastSearch == "zzz-not-there")
    }

    @Test func acceptingAskesForDependencies() {
        var (s, effects) = press(SamplePlan.state(), .char("j"), .char("a"))
        #expect(s.mode == .confirm(.acceptWithDependencies(id: entry, missing: [helpers])))
        #expect(effects.isEmpty)
        (s, effects) = press(s, .char("n"))
        #expect(s.gate.decision(entry) == .pending)
        (s, effects) = press(s, .char("a"), .char("y"))
        #expect(s.gate.decision(entry) == .accepted && s.gate.decision(helpers) == .accepted)
        #expect(effects.count == 1)
        if case .save(let record) = effects.first { #expect(record.operations.filter { $0.decision == .accepted }.count == 2) }
        else { Issue.record("expected a save") }
    }

    @Test func rejectingBlocksDependents() {
        var (s, _) = press(SamplePlan.state(), .char("j"), .char("a"), .char("y"), .char("g"), .char("r"))
        #expect(s.gate.decision(helpers) == .rejected)
        #expect(s.gate.decision(entry) == .pending)
        #expect(DetailContent.mark(s, entry) == "⊘")
        #expect(s.message?.text.contains("blocked") == true && s.message?.text.contains(entry) == true)
        // Issue 16, item 8: u puts back what the rejection changed, the dependant it moved included.
        (s, _) = press(s, .char("g"), .char("u"))
        #expect(s.gate.decision(helpers) == .accepted && s.gate.decision(entry) == .accepted)
        #expect(DetailContent.mark(s, entry) == "✓")
        #expect(s.message?.text.contains("restored \(entry) (accepted)") == true)
        // A second u undoes the decision before it (the acceptance with its dependency).
        (s, _) = press(s, .char("u"))
        #expect(s.gate.decision(helpers) == .pending && s.gate.decision(entry) == .pending)
    }

    @Test func undoingAnAcceptanceTakesDependentsBack() {
        var (s, _) = press(SamplePlan.state(), .char("j"), .char("a"), .char("y"), .char("k"), .char("u"))
        #expect(s.gate.decision(helpers) == .pending && s.gate.decision(entry) == .pending)
    }

    @Test func editRefusedKeepsTheTextThenAccepted() {
        var (s, effects) = press(SamplePlan.state(), .char("e"))
        #expect(effects == [.edit(id: helpers, kind: .patch, text: SamplePlan.helpersPatch)])
        (s, effects) = update(s, .editSaved(id: helpers, kind: .patch, text: "my broken text"))
        #expect(effects.first == .check(id: helpers, kind: .patch, text: "my broken text"))
        (s, effects) = update(s, .editFinished(id: helpers, kind: .patch, text: "my broken text", outcome: .refused("the patch does not parse")))
        #expect(s.message?.kind == .error && s.message?.text.contains("Your text is kept") == true)
        #expect(s.gate.edits.isEmpty)
        (s, effects) = press(s, .char("e"))
        #expect(effects == [.edit(id: helpers, kind: .patch, text: "my broken text")])
        var edited = s.gate.plan.operations[0]
        edited.patch = SamplePlan.helpersPatch.replacingOccurrences(of: "enabling APIs", with: "enabling the APIs")
        (s, _) = update(s, .editSaved(id: helpers, kind: .patch, text: edited.patch))
        (s, effects) = update(s, .editFinished(id: helpers, kind: .patch, text: edited.patch, outcome: .accepted(edited)))
        #expect(s.gate.counts.edited == 1)
        #expect(s.drafts.isEmpty)
        #expect(s.document(helpers).lines.contains { $0.text.contains("enabling the APIs") })
        if case .save(let record) = effects.first { #expect(record.operations[0].patch == edited.patch) }
        else { Issue.record("expected a save") }
    }

    @Test func writeWaitsForValidationAndRefusesFailures() {
        var (s, effects) = press(SamplePlan.state(validating: true), .char("a"), .char("w"))
        #expect(s.message?.text.contains("still running") == true && s.mode == .normal)
        (s, _) = update(s, .validated(s.gate.plan))
        (s, effects) = press(s, .char("G"), .char("a"), .char("w"))
        #expect(s.mode == .confirm(.write(ids: [helpers, docs], refusing: [docs: "validation failed (shellcheck): SC2086 on line 3"])))
        (s, effects) = press(s, .char("y"))
        guard case .write(let ops, let refusing) = effects.first else { Issue.record("expected a write"); return }
        #expect(ops.map(\.id) == [helpers, docs] && refusing.keys.sorted() == [docs])
        var report = ApplyReport()
        report.applied = [helpers]
        report.written = ["a", "b"]
        report.refused = [.init(id: docs, reason: "validation failed")]
        report.untracked = ["k"]
        (s, _) = update(s, .wrote(report))
        #expect(s.written == [helpers])
        // Counted as the write summary counts them: the file only taken out of the index too.
        #expect(s.message?.text.hasPrefix("Wrote 1 operation (3 files, 1 only taken out of git's index)") == true, "\(s.message?.text ?? "")")
        #expect(s.message?.kind == .error && s.message?.text.contains("refused docs-runbook") == true)
        #expect(DetailContent.mark(s, helpers) == "W")
    }

    @Test func overrideNeedsConfirmation() {
        var (s, effects) = press(SamplePlan.state(), .char("G"), .char("a"), .char("!"))
        #expect(s.mode == .confirm(.override(id: docs, reason: "shellcheck: SC2086 on line 3")))
        (s, effects) = press(s, .char("y"), .char("w"))
        #expect(s.mode == .confirm(.write(ids: [docs], refusing: [:])))
        (s, effects) = press(s, .char("n"))
        #expect(effects.isEmpty && s.message?.text == "Nothing written")
    }

    @Test func exportPromptsForAFolder() {
        var (s, effects) = press(SamplePlan.state(), .char("a"), .char("x"))
        #expect(s.mode == .input(Input(purpose: .exportFolder, text: "/srv/demo-series")))
        (s, effects) = press(s, [.ctrl("u")] + typed("/tmp/out") + [.enter])
        #expect(effects == [.export([s.gate.plan.operations[0]], folder: "/tmp/out", overrides: [])])
        (s, _) = update(s, .exported(folder: "/tmp/out", files: ["0001-x.patch", "series"], leftOut: []))
        #expect(s.message?.text.contains("Exported 1 patch to") == true)
        (s, effects) = press(s, .char("q"))
        #expect(effects == [.quit])
        // An invalid accepted operation blocks the export until overridden.
        (s, effects) = press(SamplePlan.state(), .char("G"), .char("a"), .char("x"))
        #expect(s.mode == .normal && s.message?.kind == .error)
    }

    @Test func quitAsksWhenAcceptedWorkIsUnwritten() {
        var (s, effects) = press(SamplePlan.state(), .char("a"), .char("q"))
        #expect(s.mode == .confirm(.quit(unwritten: 1)) && effects.filter { $0 == .quit }.isEmpty)
        (s, effects) = press(s, .char("y"))
        #expect(effects == [.quit])
        (_, effects) = press(SamplePlan.state(), .char("q"))
        #expect(effects == [.quit])
    }

    @Test func resumeRestoresMatchingDecisionsAndNamesStaleOnes() {
        let (old, _) = press(SamplePlan.state(), .char("a"), .char("G"), .char("r"))
        var record = old.sessionRecord()
        record.operations[2].baseline = [FileBaseline(path: "x", sha256: "changed")]
        var s = AppState(plan: SamplePlan.plan(), root: SamplePlan.root, validating: false, defaultExportFolder: "/x", resume: record)
        #expect(s.mode == .confirm(.resume(record, matching: 1, stale: [docs])))
        (s, _) = press(s, .char("y"))
        #expect(s.gate.decision(helpers) == .accepted && s.gate.decision(docs) == .pending)
        #expect(s.message?.text.contains("no longer matches the tree for \(docs)") == true)
        (s, _) = press(AppState(plan: SamplePlan.plan(), root: SamplePlan.root, validating: false, defaultExportFolder: "/x", resume: record), .char("n"))
        #expect(s.gate.counts.accepted == 0)
    }

    /// A write recorded in the session but no longer on disk (`infra-tui undo` removed its
    /// journal, and the fresh plan proposes the operation again) comes back with its decision
    /// and can be written again; one whose journal is still there stays written.
    @Test func resumeBringsBackAnUndoneWriteAsAccepted() {
        var (old, _) = press(SamplePlan.state(), .char("a"), .char("G"), .char("r"))
        old.written.insert(helpers)
        let record = old.sessionRecord()
        var s = AppState(plan: SamplePlan.plan(), root: SamplePlan.root, validating: false, defaultExportFolder: "/x", resume: record)
        (s, _) = press(s, .char("y"))
        #expect(s.written.isEmpty, "the undone write must not show as written")
        #expect(s.gate.decision(helpers) == .accepted && s.gate.decision(docs) == .rejected)
        #expect(s.message?.text.hasPrefix("Resumed 2 decisions") == true, "\(s.message?.text ?? "")")
        (s, _) = press(s, .char("g"), .char("w"))
        #expect(s.mode == .confirm(.write(ids: [helpers], refusing: [:])), "w offers to write it again: \(s.message?.text ?? "")")
        // Its journal still there (not undone): it stays written.
        let own = OwnWrites(steps: ["ai/infra/tasks/010-apis.sh": [OwnWrites.Step(before: nil, after: "h", operations: [helpers])]])
        (s, _) = press(AppState(plan: SamplePlan.plan(), root: SamplePlan.root, validating: false, defaultExportFolder: "/x",
                                resume: record, ownWrites: own), .char("y"))
        #expect(s.written == [helpers])
    }

    /// The resume message counts each operation once: a written operation the fresh plan no
    /// longer proposes is one decision, not two.
    @Test func resumeCountsWrittenOperationsOnce() {
        var (old, _) = press(SamplePlan.state(), .char("a"), .char("G"), .char("r"))
        old.written.insert(helpers)
        let record = old.sessionRecord()
        var fresh = SamplePlan.plan()
        fresh.operations.removeAll { $0.id == helpers }
        var s = AppState(plan: fresh, root: SamplePlan.root, validating: false, defaultExportFolder: "/x", resume: record)
        (s, _) = press(s, .char("y"))
        #expect(s.written == [helpers])
        #expect(s.message?.text.hasPrefix("Resumed 2 decisions (1 written: \(helpers))") == true, "\(s.message?.text ?? "")")
    }

    @Test func noColourThemeKeepsMeaningWithAttributes() {
        let mono = Theme.detect(environment: ["NO_COLOR": "1"], terminalHasColours: true)
        #expect(!mono.colour)
        #expect(Theme.detect(environment: ["NO_COLOR": ""], terminalHasColours: true).colour)
        #expect(!Theme.detect(environment: [:], terminalHasColours: false).colour)
        for style in Style.allCases { #expect(mono.attr(style).fg == .terminal && mono.attr(style).bg == .terminal) }
        #expect(mono.attr(.selected) != mono.attr(.normal))
        #expect(mono.attr(.removed) != mono.attr(.added))
        #expect(mono.attr(.error).bold)
    }

    @Test func emptyPlanShowsFindings() {
        var plan = SamplePlan.plan()
        plan.operations = []
        var s = AppState(plan: plan, root: "/r", validating: false, defaultExportFolder: "/x")
        (s, _) = update(s, .resize(width: 80, height: 24))
        let (after, effects) = press(s, .char("a"), .char("e"), .char("w"), .char("j"), .tab)
        #expect(effects.isEmpty && after.focus == .queue)
        #expect(render(after, width: 80, height: 24).textLines.joined().contains("No operations"))
    }

    @Test func dependencyIndexAgreesWithTheGate() {
        // The index the queue and info view use must say what ApprovalGate says, one id at a time.
        for keys: [Key] in [[], [.char("r")], [.char("j"), .char("r")], [.char("a"), .char("j"), .char("a"), .char("k"), .char("r")]] {
            let (s, _) = press(SamplePlan.state(), keys)
            let blocked = s.deps.dependOnRejected(s.gate)
            for op in s.operations {
                #expect(s.deps.blockers(of: op.id, s.gate) == s.gate.blockers(of: op.id))
                #expect(s.deps.dependents(of: op.id) == s.gate.dependents(of: op.id))
                #expect(blocked.contains(op.id) == !s.gate.blockers(of: op.id).isEmpty)
            }
        }
    }

    @Test func keysWorkWhileAnEditIsCheckedAndTheLateResultLandsOnItsOperation() {
        // Edit the first operation's patch; the check (bash -n, shellcheck) runs in the background.
        var (s, effects) = press(SamplePlan.state(longDiff: 200), .char("e"))
        let mine = SamplePlan.helpersPatch.replacingOccurrences(of: "enabling APIs", with: "enabling the APIs")
        (s, effects) = update(s, .editSaved(id: helpers, kind: .patch, text: mine))
        #expect(effects.first == .check(id: helpers, kind: .patch, text: mine))
        #expect(s.isChecking(helpers) && s.drafts[AppState.draftKey(helpers, .patch)] == mine)
        let screen = render(s, width: 80, height: 24).textLines
        #expect(screen[2].hasPrefix(" ·…") && screen[23].contains("checking an edit…"))

        // Meanwhile: move to the entrypoint, scroll its diff, accept the helpers too.
        (s, effects) = press(s, .char("j"), .enter, .pageDown, .char("j"), .char("h"), .char("k"), .char("a"))
        // Accepting moved the cursor on to the next pending operation, the entrypoint.
        #expect(s.selected == 1 && s.gate.decision(helpers) == .accepted)
        (s, effects) = press(s, .enter, .pageDown)
        #expect(s.selected == 1 && s.top == s.detailHeight - 2)
        // w and x wait for the check of an accepted operation; e reopens the text being checked.
        (s, effects) = press(s, .char("w"))
        #expect(effects.isEmpty && s.mode == .normal && s.message?.text.contains("still being checked") == true)
        (s, effects) = press(s, .char("x"))
        #expect(effects.isEmpty && s.mode == .normal && s.message?.text.contains("still being checked") == true)
        var reopened: [Effect]
        (_, reopened) = press(s, .char("h"), .char("k"), .char("e"))
        #expect(reopened == [.edit(id: helpers, kind: .patch, text: mine)])

        // The result arrives while the entrypoint is on screen: it lands on helpers, the view stays.
        var checked = s.gate.plan.operations[0]
        checked.patch = mine
        let (top, selected) = (s.top, s.selected)
        (s, effects) = update(s, .editFinished(id: helpers, kind: .patch, text: mine, outcome: .accepted(checked)))
        #expect(!s.isChecking(helpers) && s.drafts.isEmpty)
        #expect(s.gate.effective(helpers)?.patch == mine && s.gate.effective(entry)?.patch == s.gate.plan.operations[1].patch)
        #expect(s.document(helpers).lines.contains { $0.text.contains("enabling the APIs") })
        #expect(s.selected == selected && s.top == top && s.message?.text.contains("Edited \(helpers)") == true)
        if case .save = effects.first {} else { Issue.record("expected a save") }
        (s, effects) = press(s, .char("w"))
        #expect(s.mode == .confirm(.write(ids: [helpers], refusing: [:])))
    }

    @Test func aResultForAnOlderTextIsIgnored() {
        var (s, _) = update(SamplePlan.state(), .editSaved(id: helpers, kind: .patch, text: "first try"))
        (s, _) = update(s, .editSaved(id: helpers, kind: .patch, text: "second try"))
        // The first check ends after the second began: it no longer decides anything.
        (s, _) = update(s, .editFinished(id: helpers, kind: .patch, text: "first try", outcome: .refused("does not parse")))
        #expect(s.isChecking(helpers) && s.drafts[AppState.draftKey(helpers, .patch)] == "second try")
        #expect(s.message?.kind != .error)
        (s, _) = update(s, .editFinished(id: helpers, kind: .patch, text: "second try", outcome: .refused("does not apply")))
        #expect(!s.isChecking(helpers) && s.message?.text.contains("does not apply") == true)
        // Saving the same text again while it is checked starts no second check.
        (s, _) = update(s, .editSaved(id: docs, kind: .ops, text: "x"))
        let (after, effects) = update(s, .editSaved(id: docs, kind: .ops, text: "x"))
        #expect(effects.isEmpty && after.isChecking(docs))
    }

    @Test func diffDocumentSplitsOnEveryNewlineAndKeepsUnchangedDocs() {
        // A CRLF patch: "\r\n" is one Character, but each line is still its own line.
        let doc = DiffDocument(patch: "diff --git a/x b/x\r\n--- a/x\r\n+++ b/x\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n \r\n\\ No newline at end of file\n")
        #expect(doc.lines.map(\.kind) == [.fileHeader, .meta, .meta, .hunk, .removed, .added, .context, .note])
        #expect(doc.fileStarts == [0] && doc.hunkStarts == [3] && doc.lines[5].text == "+b\r")
        // Validation results landing keep the documents of unchanged patches.
        let s = SamplePlan.state()
        let (after, _) = update(s, .validated(s.gate.plan))
        #expect(after.document(entry) == s.document(entry) && !after.validating)
    }

    @Test func searchIsCaseInsensitiveOnAsciiAndBeyond() {
        let doc = DiffDocument(patch: "@@ -1 +1 @@\n+Enabling APIs\n+CAFÉ au lait\n+straße\n+x-ABC-y\n")
        #expect(doc.find("apis", from: -1, forward: true) == 1)
        #expect(doc.find("café", from: -1, forward: true) == 2)
        #expect(doc.find("AU LAIT", from: -1, forward: true) == 2)
        #expect(doc.find("STRASSE", from: -1, forward: true) == "straße".range(of: "STRASSE", options: .caseInsensitive).map { _ in 3 })
        #expect(doc.find("abc-Y", from: -1, forward: true) == 4)
        #expect(doc.find("abc-Y", from: 4, forward: true) == 4)  // wraps round to itself
        #expect(doc.find("abc-z", from: -1, forward: true) == nil)
        #expect(doc.find("apis", from: 1, forward: false) == 1)
    }
}
