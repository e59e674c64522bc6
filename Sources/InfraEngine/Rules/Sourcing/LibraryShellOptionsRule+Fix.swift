import ShellReader

// The fix: the `set` line leaves the library; a task that relied on it gets the same line
// itself, just above its own `source` line, so no task runs with weaker options than before.
extension LibraryShellOptionsRule {
    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        var byLibrary: [String: [OptionsLine]] = [:]
        for line in Self.optionLines(in: reality) { byLibrary[line.library.path, default: []].append(line) }
        var drafts: [OperationDraft] = []
        for path in byLibrary.keys.sorted() {
            let lines = byLibrary[path]!
            // Only a line that holds nothing but strict options, alone on its lines, can go.
            guard lines.allSatisfy({ $0.onlyStrict && CommandText($0.command, in: $0.library.script).ownsItsLines }) else { continue }
            let library = lines[0].library
            var editor = LineEditor(library.script.text)
            for line in lines { editor.delete(line.command.startLine...line.command.endLine) }
            let mode = reality.snapshot[path]?.mode ?? .regular
            var edits: [String: FileEdit] = [path: .write(editor.text(), mode: mode)]
            let setLines = lines.map { $0.command.words.map(\.raw).joined(separator: " ") }
            let options = Set(lines.flatMap(\.options))
            var keptStrict: [String] = []
            // Every file that sources the library (tasks, runners, bin scripts, the entrypoint)
            // must have the options itself once the line goes: a task gets the line from this
            // operation; any other file must already set them, or an earlier operation of the
            // plan makes it (this one then depends on that one). A runner left as it is keeps
            // relying on them, so the line stays (the brk14 tester's r12: up.sh "stops at the
            // first failing step" only through the library's `set -e`).
            var relying = false
            var optionsFrom: Set<String> = []
            let tasks = Set(reality.tasks.map(\.path))
            for (file, at) in Self.sourcers(of: path, in: reality) {
                let isTask = tasks.contains(file.path)
                guard Self.lacks(options, file.script.strictMode) else { continue }
                guard isTask else { relying = true; break }
                var taskEditor = LineEditor(file.script.text)
                taskEditor.insert(setLines, after: at - 1)
                edits[file.path] = .write(taskEditor.text(), mode: reality.snapshot[file.path]?.mode ?? .executable)
                keptStrict.append(file.path)
            }
            // The finding stays and says who relies on the line.
            if relying { continue }
            // A script that relied on the line in the tree the plan started from and that an
            // earlier operation changed (made strict, or a wrapper of the entrypoint that no
            // longer sources the library): this operation depends on that change.
            for p in Set(context.queued.values.flatMap { $0 }).sorted() where p != path {
                guard let before = reality.baseline.text(p), before != reality.snapshot.text(p),
                      before.hasPrefix("#!") || p.hasSuffix(".sh") || p.hasSuffix(".bash"), !Self.passesOn(p, in: reality) else { continue }
                func relies(_ text: String?) -> Bool {
                    guard let text else { return false }
                    let file = ShellFile(path: p, script: reality.cache.script(path: p, text: text))
                    return Self.lacks(options, file.script.strictMode) && Self.sourceLine(of: path, in: file, reality: reality) != nil
                }
                guard relies(before) else { continue }
                // The write after which it no longer relies on the line; every writer when the
                // planner gave no history.
                let writes = context.writes(of: p)
                guard !writes.isEmpty else {
                    optionsFrom.formUnion(context.operations(touching: p))
                    continue
                }
                for (i, w) in writes.enumerated() where relies(w.before) {
                    if !relies(i + 1 < writes.count ? writes[i + 1].before : reality.snapshot.text(p)) { optionsFrom.insert(w.id) }
                }
            }
            let findings = lines.map { Finding(rule: id, key: "options-\($0.command.startLine)", file: path, line: $0.command.startLine, message: "").id }
            let dependsOn = Set(edits.keys.flatMap { context.operations(touching: $0) }).union(optionsFrom).sorted()
            drafts.append(OperationDraft(
                id: "library-options-\(InfraLayout.taskName(path))",
                title: "Keep \(path) from changing the options of the shell that sources it",
                risk: .low,
                rationale: rationale(path, setLines: setLines, options: options.sorted(), keptStrict: keptStrict, through: optionsFrom.sorted()),
                findings: findings,
                dependsOn: dependsOn,
                preconditions: ["the working tree is committed, so the change can be reviewed and reverted"],
                commands: ["bash -c 'source \(path); false; echo still-here'",
                           "bash -c 'source \(path); echo \"[$UNSET_THING]\"; echo ok'"],
                expectedOutputs: ["prints still-here: sourcing the file no longer turns on errexit",
                                  "prints [] and ok: nor nounset"],
                edits: edits))
        }
        return drafts
    }

    private func rationale(_ path: String, setLines: [String], options: [String], keptStrict: [String], through: [String]) -> String {
        let lines: String = setLines.map { "`\($0)`" }.joined(separator: ", ")
        var text = "\(path) runs \(lines) when it is sourced, so it switches on \(options.joined(separator: ", ")) "
        text += "in every shell that sources it, a person's terminal included. "
        if keptStrict.isEmpty {
            text += "Every task that sources it sets its own strict mode, so the line goes."
        } else {
            text += "The line goes; \(keptStrict.joined(separator: ", ")) relied on it and now set the same options themselves."
        }
        if !through.isEmpty {
            text += " Scripts that relied on it set their own options, or stop sourcing it, through \(through.joined(separator: ", ")), "
                + "which this operation depends on."
        }
        return text
    }

    /// Whether `mode` leaves out one of `options` (long names: errexit, nounset, pipefail, errtrace).
    static func lacks(_ options: Set<String>, _ mode: StrictMode) -> Bool {
        let has: [String: Bool] = ["errexit": mode.errexit, "nounset": mode.nounset, "pipefail": mode.pipefail, "errtrace": mode.errtrace]
        return options.contains { has[$0] == false }
    }

    /// The scripts run on their own (tasks, runners, bin scripts, the entrypoint) that source
    /// `library`, directly or through another file, each with the line of that `source`. A
    /// library that sources it only passes it on: its own sourcers are in the list instead.
    static func sourcers(of library: String, in reality: RepoReality) -> [(ShellFile, Int)] {
        var out: [(ShellFile, Int)] = []
        for file in reality.allScripts where file.path != library && !passesOn(file.path, in: reality) {
            if let at = sourceLine(of: library, in: file, reality: reality) { out.append((file, at)) }
        }
        return out
    }

    /// Whether `path` is a library (under lib/, or sourced by another script) rather than a
    /// task, the entrypoint or a script run on its own.
    static func passesOn(_ path: String, in reality: RepoReality) -> Bool {
        let (tasks, sourced) = reality.memo.value("library-options-roles") { () -> (Set<String>, Set<String>) in
            var out = Set(reality.libraries.map(\.path))
            for file in reality.allScripts {
                for s in SourceGraph.sources(of: file, in: reality) where s.kind == .script { if let p = s.path { out.insert(p) } }
            }
            return (Set(reality.tasks.map(\.path)), out)
        }
        return !tasks.contains(path) && path != reality.entrypoint?.path && sourced.contains(path)
    }

    /// The scripts other than tasks that source `library` and rely on its `options`: they set
    /// none of them themselves, so the library's line stays.
    static func relyingSourcers(of library: String, options: Set<String>, in reality: RepoReality) -> [String] {
        let tasks = Set(reality.tasks.map(\.path))
        return sourcers(of: library, in: reality).map(\.0)
            .filter { !tasks.contains($0.path) && lacks(options, $0.script.strictMode) }.map(\.path)
    }

    /// The line of the file's `source` that brings `library` in, directly or through another file.
    static func sourceLine(of library: String, in task: ShellFile, reality: RepoReality) -> Int? {
        for sourced in SourceGraph.sources(of: task, in: reality) where sourced.kind == .script {
            guard let p = sourced.path else { continue }
            if p == library { return sourced.line }
            if let inner = reality.shellFile(at: p), SourceGraph.closure(of: inner, in: reality).contains(where: { $0.path == library }) {
                return sourced.line
            }
        }
        return nil
    }
}
