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
            for task in reality.tasks {
                guard let at = sourceLine(of: path, in: task, reality: reality) else { continue }
                let own = task.script.strictMode
                let has: [String: Bool] = ["errexit": own.errexit, "nounset": own.nounset, "pipefail": own.pipefail, "errtrace": own.errtrace]
                guard options.contains(where: { has[$0] == false }) else { continue }
                var taskEditor = LineEditor(task.script.text)
                taskEditor.insert(setLines, after: at - 1)
                edits[task.path] = .write(taskEditor.text(), mode: reality.snapshot[task.path]?.mode ?? .executable)
                keptStrict.append(task.path)
            }
            let findings = lines.map { Finding(rule: id, key: "options-\($0.command.startLine)", file: path, line: $0.command.startLine, message: "").id }
            let dependsOn = Set(edits.keys.flatMap { context.operations(touching: $0) }).sorted()
            drafts.append(OperationDraft(
                id: "library-options-\(InfraLayout.taskName(path))",
                title: "Keep \(path) from changing the options of the shell that sources it",
                risk: .low,
                rationale: rationale(path, setLines: setLines, options: options.sorted(), keptStrict: keptStrict),
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

    private func rationale(_ path: String, setLines: [String], options: [String], keptStrict: [String]) -> String {
        let lines: String = setLines.map { "`\($0)`" }.joined(separator: ", ")
        var text = "\(path) runs \(lines) when it is sourced, so it switches on \(options.joined(separator: ", ")) "
        text += "in every shell that sources it, a person's terminal included. "
        if keptStrict.isEmpty {
            text += "Every task that sources it sets its own strict mode, so the line goes."
        } else {
            text += "The line goes; \(keptStrict.joined(separator: ", ")) relied on it and now set the same options themselves."
        }
        return text
    }

    /// The line of the task's `source` that brings `library` in, directly or through another file.
    private func sourceLine(of library: String, in task: ShellFile, reality: RepoReality) -> Int? {
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
