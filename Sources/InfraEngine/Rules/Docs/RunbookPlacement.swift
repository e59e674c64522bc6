/// An existing, hand-written runbook under docs/plans/infra/ is updated in place: it gains a
/// section about the entrypoint, between markers so a later plan refreshes only that, and
/// keeps everything people wrote (their per-step checks, their "when something fails"
/// notes). No second runbook is written beside it (issue 13, item 5).
enum RunbookPlacement {
    static let begin = "<!-- infra-tui:begin (generated from the scripts; plan again to refresh this section) -->"
    static let end = "<!-- infra-tui:end -->"

    /// The hand-written runbook to update: the first Markdown file directly in
    /// docs/plans/infra/ (by path) that infra-tui did not write; nil when there is none or
    /// infra-tui's own runbook is there.
    static func existing(_ reality: RepoReality) -> DocFile? {
        let here = reality.docs.filter { isDirectly($0.path, in: Runbook.folder) }.sorted { $0.path < $1.path }
        if here.contains(where: { $0.text.contains(Runbook.marker) }) { return nil }
        if reality.snapshot.exists(Runbook.path) { return nil }
        return here.first
    }

    /// The doc's line that shows it describes another way to run the tasks (a task or a
    /// runner it names), else 1.
    static func evidenceLine(_ doc: DocFile, reality: RepoReality) -> Int {
        let tasks = Set(reality.tasks.map { String(fileName($0.path)) })
        let scripts = Set(reality.otherScripts.map { String(fileName($0.path)) })
        return doc.commands.first { c in
            c.words.contains { w in tasks.contains(String(fileName(w))) || scripts.contains(String(fileName(w))) }
        }?.line ?? 1
    }

    static func section(_ reality: RepoReality) -> [String] {
        let entry = "./" + reality.layout.entrypoint
        let ours = reality.entrypoint.map { EntrypointConformance.isReplaceable($0, reality: reality) } ?? true
        // A documented make target stays the way in (issue 13, item 3).
        let door = ours ? MakeTarget.doorway(in: reality)?.command : nil
        var lines = [begin, "## Run everything with `\(door ?? entry)`", "",
                     (door.map { "`\($0)` runs `\(entry)`, which " } ?? "`\(entry)` ")
                        + "runs every numbered task in order, checks the environment first and logs each task; "
                        + "`--only` and `--from` run one task or resume, so the steps below can also be run through it.", ""]
        lines += Runbook.runAndTasks(reality).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        lines.append(end)
        return lines
    }

    /// The doc with the section written (replacing an earlier one), or nil when it is current.
    static func updated(_ doc: DocFile, reality: RepoReality) -> String? {
        var editor = LineEditor(doc.text)
        let lines = doc.text.newlineSeparatedLines.map { String($0.withoutCarriageReturn) }
        let section = section(reality)
        if let first = lines.firstIndex(of: begin), let last = lines.firstIndex(of: end), first < last {
            guard Array(lines[first...last]) != section else { return nil }
            editor.replace((first + 1)...(last + 1), with: section)
        } else {
            // After the title (and the paragraph right under it), before the first step.
            let title = lines.firstIndex { $0.hasPrefix("# ") } ?? -1
            var anchor = title + 1
            while anchor < lines.count, !lines[anchor].trimmingWhitespace().isEmpty { anchor += 1 }
            editor.insert([""] + section, after: anchor)
        }
        return editor.text()
    }
}
