import InfraEngine

/// The approval gate, editing, writing and exporting, as the core sees them: decisions change
/// here, and anything that touches the disk or a process leaves as an `Effect`.
extension AppState {
    mutating func accept() -> [Effect] {
        guard let op = current else { return [] }
        if written.contains(op.id) { message = Message("\(op.id) is already written"); return [] }
        let missing = gate.allDependencies(of: op.id).filter { gate.decision($0) != .accepted }
        if !missing.isEmpty { mode = .confirm(.acceptWithDependencies(id: op.id, missing: missing)); return [] }
        let before = gate.decisions
        let effects = decide([op.id], .accepted, note: nil)
        recordChange(of: op.id, since: before)
        moveToNextPending()
        return effects
    }

    mutating func reject() -> [Effect] {
        guard let op = current else { return [] }
        if written.contains(op.id) { message = Message("\(op.id) is already written: `infra-tui undo` reverts the write"); return [] }
        let before = gate.decisions
        let dependents = gate.dependents(of: op.id).filter { !written.contains($0) }
        // An accepted dependent could not be written without this one: it goes back to pending.
        for dep in dependents where gate.decision(dep) == .accepted { try? gate.set(dep, .pending) }
        overrides.remove(op.id)
        let note = dependents.isEmpty ? nil : "blocked, as they depend on it: \(dependents.joined(separator: ", ")) (u undoes)"
        let effects = decide([op.id], .rejected, note: note)
        recordChange(of: op.id, since: before)
        moveToNextPending()
        return effects
    }

    mutating func unDecide() -> [Effect] { undoLast() }

    mutating func decide(_ ids: [String], _ decision: ApprovalGate.Decision, note: String?) -> [Effect] {
        for id in ids { try? gate.set(id, decision) }
        unsaved = true
        let verb = switch decision { case .accepted: "Accepted"; case .rejected: "Rejected"; case .pending: "Back to pending:" }
        var text = "\(verb) \(ids.joined(separator: ", "))"
        if let note { text += "; \(note)" }
        var kind = Message.Kind.success
        let failing = ids.filter { id in decision == .accepted && !(gate.effective(id)?.isValid ?? true) && !overrides.contains(id) }
        if !failing.isEmpty {
            text += ". Validation failed for \(failing.joined(separator: ", ")): not written unless overridden with !"
            kind = .error
        }
        // Accepting keeps the planned text: a refused edit waiting beside it is not what gets written.
        let drafted = decision == .accepted ? ids.filter(hasDraft) : []
        if !drafted.isEmpty {
            text += ". Note: \(drafted.joined(separator: ", ")) \(drafted.count == 1 ? "holds" : "hold") a refused edit; "
                + "the planned text is what will be written (e/o reopens the edit, D throws it away)"
            kind = .error
        }
        message = Message(text, kind)
        return [.save(sessionRecord())]
    }

    mutating func override() -> [Effect] {
        guard let op = current else { return [] }
        if overrides.contains(op.id) {
            overrides.remove(op.id)
            message = Message("Override removed: \(op.id) will not be written while its validation fails")
            return [.save(sessionRecord())]
        }
        guard let failure = op.validation.first(where: { $0.status == .failed }) else {
            message = Message(validating && op.validation.isEmpty ? "Validation of \(op.id) is still running"
                                                                 : "\(op.id) passed validation: nothing to override")
            return []
        }
        mode = .confirm(.override(id: op.id, reason: "\(failure.check): \(failure.detail)"))
        return []
    }

    mutating func edit(_ kind: EditKind) -> [Effect] {
        guard let op = current else { return [] }
        if written.contains(op.id) { message = Message("\(op.id) is already written; edit the files themselves"); return [] }
        // A refused edit, or one still being checked, reopens as the person left it.
        let text = drafts[Self.draftKey(op.id, kind)] ?? (kind == .patch ? op.patch : OpsBlockText.render(op.ops))
        message = Message("Editing the \(kind == .patch ? "patch" : "ops block") of \(op.id)…")
        return [.edit(id: op.id, kind: kind, text: text)]
    }

    mutating func write() -> [Effect] {
        if validating { message = Message("Validation is still running: w waits until every patch is checked", .error); return [] }
        let ids = unwritten
        if ids.isEmpty { message = Message("Nothing to write: accept operations with a first"); return [] }
        if let busy = ids.first(where: isChecking) { message = Message("Your edit of \(busy) is still being checked: w waits for it", .error); return [] }
        let ops = ids.compactMap { gate.effective($0) }
        let refusing = ReviewWorkflow.refusals(ops, overrides: overrides)
        mode = .confirm(.write(ids: ids, refusing: refusing))
        return []
    }

    mutating func export() -> [Effect] {
        if validating { message = Message("Validation is still running: x waits until every patch is checked", .error); return [] }
        let ops = gate.accepted
        if ops.isEmpty { message = Message("Nothing to export: accept operations with a first"); return [] }
        if let busy = ops.map(\.id).first(where: isChecking) { message = Message("Your edit of \(busy) is still being checked: x waits for it", .error); return [] }
        if let (id, reason) = ReviewWorkflow.refusals(ops, overrides: overrides).min(by: { $0.key < $1.key }) {
            message = Message("Not exported: \(id) \(reason). Reject it, edit it, or override with !", .error)
            return []
        }
        mode = .input(Input(purpose: .exportFolder, text: defaultExportFolder))
        return []
    }

    mutating func exportTo(_ folder: String) -> [Effect] {
        message = Message("Exporting \(counted(gate.accepted.count, "operation")) to \(folder)…")
        return [.export(gate.accepted, folder: folder, overrides: overrides)]
    }

    mutating func confirmKey(_ key: Key, _ question: Confirm) -> [Effect] {
        // A saved review has questions of its own: only an explicit, confirmed "start fresh"
        // discards it (ResumePrompt.swift).
        switch question {
        case .resume(let record, let matching, let stale): return resumeKey(key, record, matching: matching, stale: stale)
        case .discardSaved(let record, let matching, let stale): return discardSavedKey(key, record, matching: matching, stale: stale)
        default: break
        }
        let yes = key == .char("y") || key == .char("Y") || key == .enter
        let no = key == .char("n") || key == .char("N") || key == .escape || key == .char("q") || key == .ctrl("c")
        guard yes || no else { return [] }
        mode = .normal
        switch question {
        case .acceptWithDependencies(let id, let missing):
            guard yes else { message = Message("Not accepted: \(id) needs \(missing.joined(separator: ", "))"); return [] }
            let before = gate.decisions
            let effects = decide(missing + [id], .accepted, note: nil)
            recordChange(of: id, since: before)
            moveToNextPending()
            return effects
        case .write(let ids, let refusing):
            guard yes else { message = Message("Nothing written"); return [] }
            let ops = ids.compactMap { gate.effective($0) }
            message = Message("Writing \(counted(ops.count, "operation"))…")
            return [.write(ops, refusing: refusing)]
        case .override(let id, _):
            guard yes else { message = Message("Not overridden"); return [] }
            overrides.insert(id)
            message = Message("Override: \(id) will be written and exported although its validation failed", .error)
            return [.save(sessionRecord())]
        case .quit:
            return yes ? [.quit] : []
        case .group(let group):
            guard yes else { message = Message("Nothing changed"); return [] }
            return applyGroup(group)
        case .discardDraft(let id, let kinds):
            guard yes else { message = Message("Kept your edit of \(id)"); return [] }
            return discardDrafts(id, kinds)
        case .resume, .discardSaved:
            return []
        }
    }

    func isResume(_ q: Confirm) -> Bool { if case .resume = q { return true } else { return false } }

    mutating func resume(_ record: SessionRecord, stale: [String]) -> [Effect] {
        var effects: [Effect] = []
        let fresh = gate.plan
        // Operations written in that session which a fresh plan no longer proposes come back
        // into the queue as written, ahead of the rest (they were written first).
        let restored = record.writtenOperations(notIn: gate.plan)
        if !restored.isEmpty {
            var plan = gate.plan
            plan.operations = restored + plan.operations
            gate = ApprovalGate(plan: plan)
            for op in restored { try? gate.set(op.id, .accepted); written.insert(op.id) }
            rebuildDocs()
            refreshQueueRows()
        }
        let (matching, _) = record.match(gate.plan, ownWrites: ownWrites)
        for r in matching {
            try? gate.set(r.id, r.decision)
            if r.override { overrides.insert(r.id) }
            for (kind, text) in r.drafts { drafts["\(r.id)/\(kind)"] = text }
            // Saved edits go through the same re-validation as fresh ones, in the background.
            for (kind, text) in [(EditKind.patch, r.patch), (.ops, r.ops)] {
                guard let text else { continue }
                checking[Self.draftKey(r.id, kind)] = text
                effects.append(.check(id: r.id, kind: kind, text: text))
            }
        }
        // A write that is no longer on disk (undone, or reverted by hand) is not written any
        // more: the operation keeps its old decision and can be written again.
        let stillWritten = Set(matching.filter { SessionRecord.stillWritten($0, in: fresh, ownWrites: ownWrites) }.map(\.id))
        unsaved = matching.contains { $0.decision == .accepted && !stillWritten.contains($0.id) }
        written.formUnion(stillWritten)
        // `matching` mostly holds the restored written operations too (they are in the queue
        // now): each operation counts once.
        var text = "Resumed \(counted(Set(matching.map(\.id) + restored.map(\.id)).count, "decision"))"
        if !restored.isEmpty { text += " (\(restored.count) written: \(restored.map(\.id).joined(separator: ", ")))" }
        if !stale.isEmpty { text += "; the plan no longer matches the tree for \(stale.joined(separator: ", ")): they start over" }
        message = Message(text, stale.isEmpty ? .success : .error)
        return effects
    }

    mutating func handleResult(_ event: Event) -> [Effect] {
        switch event {
        case .validated(let validated):
            // Written operations brought back by a resume stay in the queue.
            var plan = validated
            plan.operations = gate.plan.operations.filter { written.contains($0.id) && validated.operation($0.id) == nil } + plan.operations
            var next = ApprovalGate(plan: plan)
            for op in plan.operations {
                try? next.set(op.id, gate.decision(op.id))
                if let edit = gate.edits[op.id] { try? next.recordEdit(edit) }
            }
            gate = next
            validating = false
            rebuildDocs()
            let failed = plan.operations.filter { !$0.isValid }.map(\.id)
            if failed.isEmpty { message = Message("Validation finished: every patch passed", .success) }
            else { message = Message("Validation failed for \(failed.joined(separator: ", ")) (see Info, 3)", .error) }
            clampScroll()
            return []
        case .editSaved(let id, let kind, let text):
            let key = Self.draftKey(id, kind)
            let what = kind == .patch ? "patch" : "ops block"
            if checking[key] == text { message = Message("Your edit of the \(what) of \(id) is still being checked"); return [] }
            checking[key] = text
            // Kept (and saved) until the check accepts it: quitting meanwhile loses nothing.
            drafts[key] = text
            message = Message("Checking the edited \(what) of \(id)… (keys keep working)")
            return [.check(id: id, kind: kind, text: text), .save(sessionRecord())]
        case .editFinished(let id, let kind, let text, let outcome):
            let key = Self.draftKey(id, kind)
            // Edited again since this check started: the newer text's check decides.
            guard checking[key] == text else { return [] }
            checking[key] = nil
            switch outcome {
            case .accepted(let checked):
                // Only what this edit changed: a patch check must not undo an ops edit accepted
                // meanwhile, nor an ops check a patch edit.
                var op = gate.effective(id) ?? checked
                if kind == .patch {
                    (op.patch, op.files, op.baseline, op.validation) = (checked.patch, checked.files, checked.baseline, checked.validation)
                } else {
                    op.ops = checked.ops
                }
                try? gate.recordEdit(op)
                drafts[key] = nil
                docs[id] = DiffDocument(patch: op.patch)
                deps = DependencyIndex(gate)
                if gate.decision(id) == .accepted, !gate.unmetDependencies(of: id).isEmpty { try? gate.set(id, .pending) }
                message = Message("Edited \(id): the \(kind == .patch ? "patch applies and passes validation" : "ops block is valid")", .success)
            case .refused(let reason):
                drafts[key] = text
                message = Message("Edit refused: \(reason). Your text is kept\(Self.keptWhere(text)): \(kind == .patch ? "e" : "o") reopens it", .error)
            }
            unsaved = true
            clampScroll()
            return [.save(sessionRecord())]
        case .editUnchanged(let id, let kind):
            message = Message("No change to the \(kind == .patch ? "patch" : "ops block") of \(id)")
            return []
        case .wrote(let report):
            written.formUnion(report.applied + report.alreadyWritten)
            // Files counted as the write summary counts them: a credential only taken out of
            // git's index is one of the files changed too.
            let files = Set(report.written + report.untracked).count
            let indexOnly = Set(report.untracked).subtracting(report.written).count
            let filesText = counted(files, "file") + (indexOnly > 0 ? ", \(indexOnly) only taken out of git's index" : "")
            var text = report.applied.isEmpty ? "Nothing written"
                : "Wrote \(counted(report.applied.count, "operation")) (\(filesText)); `infra-tui undo` reverts"
            for refusal in report.refused { text += "; refused \(refusal.id): \(refusal.reason)" }
            message = Message(text, report.refused.isEmpty ? .success : .error)
            if report.refused.isEmpty { unsaved = false }
            return [.save(sessionRecord())]
        case .exported(let folder, let files, let leftOut):
            let patches = files.filter { $0.hasSuffix(".patch") }.count
            var text = "Exported \(counted(patches, "patch", "patches")) to \(folder) (git am \(folder)/*.patch)"
            for refusal in leftOut { text += "; left out \(refusal.id): \(refusal.reason)" }
            message = Message(text, leftOut.isEmpty ? .success : .error)
            if leftOut.isEmpty { unsaved = false }
            return []
        case .failed(let text):
            message = Message(text, .error)
            return []
        default:
            return []
        }
    }
}
