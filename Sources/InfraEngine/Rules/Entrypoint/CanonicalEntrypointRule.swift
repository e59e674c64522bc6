/// Exactly one script initialises the infra: it discovers the tasks, checks the environment
/// first and logs every task; older runners delegate to it and the docs name only it.
public struct CanonicalEntrypointRule: Rule {
    public let id = "entrypoint"
    public let purpose = "One canonical init script discovers and runs every task; other runners delegate to it."
    public static let operationID = "entrypoint-canonical-init"

    public init() {}

    public func findings(in reality: RepoReality) -> [Finding] {
        let layout = reality.layout
        let runners = Runner.all(in: reality)
        var out: [Finding] = []
        func add(_ key: String, _ file: String, _ line: Int, _ message: String, _ severity: Finding.Severity = .warning) {
            out.append(Finding(rule: id, key: key, severity: severity, file: file, line: line, message: message))
        }
        // Tasks that exist but could not be read still exist: a list naming them is right.
        let unreadTasks = reality.snapshot.skipped.keys.filter {
            isDirectly($0, in: layout.tasksDir) && InfraLayout.isNumberedScript(fileName($0))
        }
        let taskNames = reality.tasks.map(\.name) + unreadTasks.sorted().map(InfraLayout.taskName)
        if reality.entrypoint == nil {
            let evidence = runners.first.map { ($0.file.path, $0.line) } ?? (reality.tasks.first?.path ?? layout.infraDir, 1)
            add("missing-entrypoint", evidence.0, evidence.1,
                "there is no canonical entrypoint: \(layout.entrypoint) does not exist, so nothing runs every task the same way", .error)
        } else if let entry = reality.entrypoint {
            for problem in EntrypointConformance.problems(entry, reality: reality) {
                add("entrypoint-\(problem.key)", entry.path, problem.line, problem.message)
            }
        }
        for runner in runners where !runner.delegates {
            let path = runner.file.path
            add("runner", path, runner.line, "runs the tasks itself, a second way beside \(layout.entrypoint)")
            if let list = runner.handList {
                let skipped = taskNames.filter { !list.names.contains($0) }
                let unknown = list.names.filter { !taskNames.contains($0) }
                var parts: [String] = []
                if !skipped.isEmpty { parts.append("skips \(skipped.joined(separator: ", "))") }
                if !unknown.isEmpty {
                    parts.append("names \(unknown.joined(separator: ", ")), which \(unknown.count == 1 ? "does" : "do") not exist")
                }
                let detail = parts.isEmpty ? "it drifts as soon as a task is added" : parts.joined(separator: " and ")
                add("hand-list", path, list.line, "keeps a hand-written task list: \(detail)")
            }
            let strict = runner.file.script.strictMode
            if !strict.errexit || !strict.pipefail {
                add("runner-strict", path, strict.line ?? 1, "has no strict mode, so a failing task does not stop the run")
            }
            if !runner.logsToLogsDir {
                add("runner-logs", path, runner.line, "logs nothing to \(layout.logsDir)/")
            }
        }
        let ignore = GitIgnore(text: reality.snapshot.text(".gitignore"))
        if !ignore.covers(layout.logsDir + "/") {
            add("logs-ignored", ".gitignore", 1, "\(layout.logsDir)/ is not git-ignored; task logs would be committed")
        }
        return out
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        let layout = reality.layout
        let found = findings(in: reality)
        guard !found.isEmpty else { return [] }
        var edits: [String: FileEdit] = [:]
        let required = RequiredEnvironment.required(in: reality)
        let library = reality.primaryLibrary
        if let entry = reality.entrypoint {
            if let fixed = EntrypointConformance.repaired(entry, reality: reality, required: required) {
                edits[entry.path] = .write(fixed, mode: .executable)
            }
        } else {
            edits[layout.entrypoint] = .write(
                EntrypointScript.text(path: layout.entrypoint, tasksDir: layout.tasksDir, library: library, requiredEnv: required),
                mode: .executable)
        }
        let runners = Runner.all(in: reality).filter { !$0.delegates }
        for runner in runners {
            edits[runner.file.path] = .write(EntrypointScript.wrapper(runner: runner.file.path, entrypoint: layout.entrypoint),
                                             mode: .executable)
        }
        var ignore = GitIgnore(text: reality.snapshot.text(".gitignore"))
        if !ignore.covers(layout.logsDir + "/") {
            ignore.add("/\(layout.logsDir)/", comment: "Task logs written by \(layout.entrypoint)")
            edits[".gitignore"] = .write(ignore.text, mode: reality.snapshot[".gitignore"]?.mode ?? .regular)
        }
        guard !edits.isEmpty else { return [] }
        let dependsOn = context.operations(touching: library)
        let wrapped = runners.map(\.file.path)
        var rationale = "Several ways to run the tasks drift apart: a hand-kept list skips tasks and names missing ones, "
            + "and a failing task does not stop the run. \(layout.entrypoint) discovers the tasks in order, checks "
            + "\(required.isEmpty ? "the environment" : required.joined(separator: ", ")) up front and logs each task to \(layout.logsDir)/."
        if !wrapped.isEmpty {
            rationale += " \(wrapped.joined(separator: ", ")) now hand\(wrapped.count == 1 ? "s" : "") over to it, so old habits keep working."
        }
        return [OperationDraft(
            id: Self.operationID,
            title: "Drive every task from \(layout.entrypoint)",
            risk: wrapped.isEmpty ? .low : .med,
            rationale: rationale,
            findings: found.map(\.id),
            dependsOn: dependsOn,
            preconditions: ["bash 4+ on PATH", "the working tree is committed, so the change can be reviewed and reverted"],
            commands: ["./\(layout.entrypoint) --list", "./\(layout.entrypoint) --dry-run"],
            expectedOutputs: ["--list prints \(reality.tasks.map(\.name).joined(separator: ", ")), in that order",
                              "--dry-run names the tasks it would run and any missing environment, and runs nothing"],
            edits: edits)]
    }
}
