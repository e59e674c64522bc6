import InfraEngine

/// The whole behaviour of the UI: a pure function from the state and one event to the next
/// state and the work the shell must do. No terminal, no files.
public func update(_ state: AppState, _ event: Event) -> (AppState, [Effect]) {
    var s = state
    var effects: [Effect] = []
    switch event {
    case .resize(let w, let h):
        s.width = w
        s.height = h
        s.clampScroll()
    case .key(let key):
        effects = s.handle(key)
    case .interrupted:
        effects = [.quit]
    case .mouse(let mouse):
        effects = s.handleMouse(mouse)
    default:
        effects = s.handleResult(event)
    }
    // Decisions, edits and results change what a status filter lets through.
    s.refreshQueueRows()
    return (s, effects)
}

extension AppState {
    mutating func handle(_ key: Key) -> [Effect] {
        if tooSmall {
            // Only quitting makes sense until the terminal is larger.
            if key == .char("q") || key == .ctrl("c") { return [.quit] }
            return []
        }
        switch mode {
        case .normal: return normalKey(key)
        case .help(let top): helpKey(key, top: top); return []
        case .confirm(let question): return confirmKey(key, question)
        case .input(let input): return inputKey(key, input)
        case .findings(let view): findingsKey(key, view); return []
        case .preview(let top): previewKey(key, top: top); return []
        }
    }

    mutating func normalKey(_ key: Key) -> [Effect] {
        // What the last action said is stale once the person acts again; an action that has
        // something to say sets a new message.
        message = nil
        guard let action = KeyMap.action(for: key) else { return [] }
        switch action {
        case .quit:
            let open = unwritten.count
            if unsaved && open > 0 { mode = .confirm(.quit(unwritten: open)); return [] }
            return [.quit]
        case .help: mode = .help(top: 0)
        case .down: move(1)
        case .up: move(-1)
        case .pageDown: page(1)
        case .pageUp: page(-1)
        case .first: moveTo(0)
        case .last: moveTo(Int.max / 2)
        case .nextPane: cycle(forward: true)
        case .previousPane: cycle(forward: false)
        case .focusDetail: if current != nil { focus = .detail }
        case .focusQueue:
            // lazygit's way: esc in the queue drops the filter (in the detail pane it comes back first).
            if focus == .queue, filter != nil { return clearFilter() }
            focus = .queue
        case .showDiff: view = .diff; top = 0
        case .showOps: view = .ops; top = 0
        case .showInfo: view = .info; top = 0
        case .accept: return accept()
        case .reject: return reject()
        case .undo: return unDecide()
        case .acceptShown: return askGroup(.accepted)
        case .rejectShown: return askGroup(.rejected)
        case .filter: mode = .input(Input(purpose: .filter, text: filter.map { $0.text + " " } ?? ""))
        case .discardDraft: return askDiscardDraft()
        case .copyCommands: return copyCommands()
        case .viewFile: return viewFile()
        case .override: return override()
        case .editPatch: return edit(.patch)
        case .editOps: return edit(.ops)
        case .write: return write()
        case .export: return export()
        case .search: mode = .input(Input(purpose: .search, text: ""))
        case .nextMatch: searchAgain(forward: true)
        case .previousMatch: searchAgain(forward: false)
        case .nextHunk: jump(hunks: true, forward: true)
        case .previousHunk: jump(hunks: true, forward: false)
        case .nextFile: jump(hunks: false, forward: true)
        case .previousFile: jump(hunks: false, forward: false)
        case .wrap, .scrollLeft, .scrollRight, .firstColumn, .sideBySide, .findings, .preview: return viewAction(action)
        case .repaint, .interrupt: break
        default: break
        }
        return []
    }

    // MARK: movement

    mutating func move(_ delta: Int) {
        if focus == .queue { selectRow(selectedRow + delta) } else { top += delta; clampScroll() }
    }

    mutating func page(_ direction: Int) {
        // Paging always scrolls the detail pane: the queue is short, the diff is not.
        top += direction * max(detailHeight - 2, 1)
        clampScroll()
    }

    mutating func moveTo(_ row: Int) {
        if focus == .queue { selectRow(row) } else { top = row; clampScroll() }
    }

    /// Selects the operation on queue row `row` (clamped to the rows shown).
    mutating func selectRow(_ row: Int) {
        guard !queueRows.isEmpty else { return }
        select(queueRows[min(max(row, 0), queueRows.count - 1)])
    }

    /// Selects operation `index` (into `operations`) and scrolls the queue to show its row.
    mutating func select(_ index: Int) {
        guard !operations.isEmpty else { return }
        let next = min(max(index, 0), operations.count - 1)
        if next != selected { top = 0; left = 0; matchLine = nil }
        selected = next
        let row = selectedRow
        if row < queueTop { queueTop = row }
        if row >= queueTop + listHeight { queueTop = row - listHeight + 1 }
    }

    /// Tab walks queue -> diff -> ops -> info -> queue; from the queue it enters the view
    /// already showing, so tab never hides what the person is looking at.
    mutating func cycle(forward: Bool) {
        guard current != nil else { focus = .queue; return }
        let views = DetailView.allCases
        switch (focus, forward) {
        case (.queue, true): focus = .detail
        case (.queue, false): focus = .detail; view = .info; top = 0
        case (.detail, true):
            if view == views.last { focus = .queue } else { view = views[view.rawValue + 1]; top = 0 }
        case (.detail, false):
            if view == views.first { focus = .queue } else { view = views[view.rawValue - 1]; top = 0 }
        }
    }

    /// Keeps the detail pane and the queue inside their text; `total` is the detail's line
    /// count when the caller has it already.
    mutating func clampScroll(total known: Int? = nil) {
        let total = known ?? DetailContent.count(self, width: detailTextWidth)
        top = max(0, min(top, max(total - detailHeight, 0)))
        if selected >= operations.count { selected = max(operations.count - 1, 0) }
        queueTop = max(0, min(queueTop, max(queueRows.count - listHeight, 0)))
        if selectedRow >= queueTop + listHeight { queueTop = selectedRow - listHeight + 1 }
    }

    /// Diff navigation: `]`/`[` hunks, `}`/`{` files. Shows the diff if another view is up.
    mutating func jump(hunks: Bool, forward: Bool) {
        guard let op = current else { return }
        if view != .diff { view = .diff; top = 0 }
        let doc = document(op.id)
        let starts = hunks ? doc.hunkStarts : doc.fileStarts
        // Starts are lines; `top` is a row (wrapped and side-by-side diffs have more rows).
        let rows = detailRows()
        let line = rows.line(atRow: top).line
        let found = forward ? DiffDocument.next(starts, after: line) : DiffDocument.previous(starts, before: rows.line(atRow: top).segment > 0 ? line + 1 : line)
        let target = found.map(rows.row(ofLine:))
        guard let target else {
            message = Message(forward ? "No further \(hunks ? "hunk" : "file")" : "No earlier \(hunks ? "hunk" : "file")")
            return
        }
        top = target
        clampScroll()
        if top != target { message = Message("Last \(hunks ? "hunk" : "file") (the diff ends here)") }
    }

    mutating func runSearch(_ query: String, forward: Bool) {
        guard let op = current else { return }
        if view != .diff { view = .diff; top = 0 }
        lastSearch = query
        let doc = document(op.id)
        // From the line at the top of the pane (`top` is a row: wrapped lines take several).
        let topLine = detailRows().line(atRow: top).line
        let from = matchLine ?? (forward ? topLine - 1 : topLine)
        guard let hit = doc.find(query, from: from, forward: forward) else {
            matchLine = nil
            message = Message("Not found: \(query)", .error)
            return
        }
        matchLine = hit
        reveal(line: hit, query: query)
        message = Message("/\(query): line \(hit + 1) of \(doc.count)")
    }

    mutating func searchAgain(forward: Bool) {
        guard let query = lastSearch else { message = Message("No search yet: / starts one"); return }
        runSearch(query, forward: forward)
    }

    mutating func helpKey(_ key: Key, top: Int) {
        switch key {
        case .char("j"), .down: mode = .help(top: top + 1)
        case .char("k"), .up: mode = .help(top: max(top - 1, 0))
        case .pageDown, .char(" "): mode = .help(top: top + max(height - 6, 1))
        case .pageUp: mode = .help(top: max(top - max(height - 6, 1), 0))
        default: mode = .normal
        }
        if case .help(let t) = mode { mode = .help(top: min(t, max(KeyMap.helpLines.count - (height - 4), 0))) }
    }

    mutating func inputKey(_ key: Key, _ input: Input) -> [Effect] {
        var input = input
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            mode = .normal
            return []
        case .enter:
            mode = .normal
            let text = input.text.trimmingCharacters(in: .whitespaces)
            switch input.purpose {
            case .search:
                if text.isEmpty { return [] }
                matchLine = nil
                runSearch(text, forward: true)
                return []
            case .exportFolder:
                return exportTo(text.isEmpty ? defaultExportFolder : text)
            case .filter:
                applyFilter(input.text)
                return []
            }
        case .backspace: if !input.text.isEmpty { input.text.removeLast() }; input.refusal = nil
        case .ctrl("u"): input.text = ""; input.refusal = nil
        case .char(let c): input.text.append(c); input.refusal = nil
        default: break
        }
        mode = .input(input)
        return []
    }
}

import Foundation
