import ShellReader

/// Exactly one script initialises the infra: it discovers the tasks, checks the environment
/// first and logs every task; older runners delegate to it and the docs name only it.
/// Teardown tasks and tasks that need arguments are never part of its full run, and a
/// runner with options or work of its own is reported, never replaced (issue 13).
public struct CanonicalEntrypointRule: Rule {
    public let id = "entrypoint"
    public let purpose = "One canonical init script discovers and runs every task; other runners delegate to it."
    public static let operationID = "entrypoint-canonical-init"

    public init() {}

    public func findings(in reality: RepoReality) -> [Finding] {
        analyse(reality).map(\.finding)
    }

    /// A finding, and whether the rule's operation fixes it.
    private struct Item {
        let finding: Finding
        let fixable: Bool
    }

    /// What keeps a task out of a default full run.
    private enum TaskRole {
        case teardown(TaskRoles.Teardown)
        case heldBack(TaskRoles.HeldBack)
        case arguments(TaskRoles.Arguments)
    }

    private func analyse(_ reality: RepoReality) -> [Item] {
        let layout = reality.layout
        let runners = Runner.all(in: reality)
        var out: [Item] = []
        let entryIsOurs = reality.entrypoint.map { EntrypointConformance.isReplaceable($0, reality: reality) } ?? true
        func add(_ key: String, _ file: String, _ line: Int, _ message: String, _ severity: Finding.Severity = .warning,
                 fixable: Bool = true) {
            out.append(Item(finding: Finding(rule: id, key: key, severity: severity, file: file, line: line, message: message),
                            fixable: fixable))
        }
        // Scripts in the tasks folder, none of them numbered: the entrypoint discovers tasks
        // by number, so an entrypoint (and a runner handing over to it) would run nothing.
        // Numbering them is the person's call (the order, and what else names them).
        if reality.tasksAreUnnumbered {
            let names = reality.unnumberedTaskScripts.map { "`\(fileName($0))`" }.joined(separator: ", ")
            let order = runners.first.map { " in the order \($0.file.path) runs them" } ?? ""
            add("unnumbered-tasks", reality.unnumberedTaskScripts[0], 1,
                "\(layout.tasksDir) holds \(names), none named like a task (`NNN-name.sh`): \(layout.entrypoint) finds tasks by "
                    + "number and could run none of these; number them\(order) (`010-NAME.sh`, `020-NAME.sh`, ...), then plan again",
                .warning, fixable: false)
            return out
        }
        // Tasks a runner sources into its own shell were written to share it (a later task
        // reads what an earlier one set): an entrypoint running each in a bash of its own would
        // break them, and its runbook would send people to it. Said, never patched: joining them
        // into tasks that stand alone is the person's call.
        if let runner = Runner.sharingItsShell(in: reality) {
            add("missing-entrypoint", runner.file.path, runner.sharedShellLine ?? runner.line,
                "there is no canonical entrypoint, and none is written: \(runner.file.path) sources the tasks into its own shell "
                    + "(line \(runner.sharedShellLine ?? runner.line)), so they were written to share it, and \(layout.entrypoint) would run "
                    + "each in a bash of its own; make each task stand alone (set or load what it reads), then plan again",
                .warning, fixable: false)
            return out
        }
        // A runner handing its own required argument to every task (`bash "$t" "$stage"`):
        // each task runs only with arguments, so an entrypoint's full run would run nothing and
        // could not be the one way. Said, never patched: the runner stays the way.
        if let runner = Runner.passingItsArgumentToAll(in: reality) {
            add("missing-entrypoint", runner.file.path, runner.runLines.min() ?? runner.line,
                "there is no canonical entrypoint, and none is written: \(runner.file.path) hands its own argument to every task "
                    + "(\(reality.tasks.map(\.name).joined(separator: ", "))), so none of them runs bare and \(layout.entrypoint) "
                    + "could only run each by name with that argument (`--only NAME -- ARG`); \(runner.file.path) stays the way to run them",
                .warning, fixable: false)
            return out
        }
        // Tasks that exist but could not be read still exist: a list naming them is right.
        let unreadTasks = reality.snapshot.skipped.keys.filter {
            isDirectly($0, in: layout.tasksDir) && InfraLayout.isNumberedScript(fileName($0))
        }
        let taskNames = reality.tasks.map(\.name) + unreadTasks.sorted().map(InfraLayout.taskName)
        // A file named like a task that is not read (a link that loops, a FIFO, a binary file)
        // is still found by a `[0-9]*.sh` glob: said, never patched. The generated entrypoint
        // runs only regular readable text files (`EntrypointScript`), and names each it skips.
        // The tasks folder's own files, not every file of the tree (this runs on every view).
        let binaryTasks = reality.snapshot.files(directlyIn: layout.tasksDir).filter {
            InfraLayout.isNumberedScript(fileName($0)) && reality.snapshot.files[$0].map { $0.text == nil } == true
        }.map { ($0, "is not text (a binary file); not read") }
        let unreadWhy = unreadTasks.map { ($0, reality.snapshot.skipped[$0] ?? "is not read") } + binaryTasks
        // An entrypoint written by an older version (or by hand) may still run whatever the glob finds.
        let entrySkips = reality.entrypoint.map { $0.script.text.contains(EntrypointScript.skipNote) } ?? true
        for (path, why) in unreadWhy.sorted(by: { $0.0 < $1.0 }) {
            let entry = entrySkips ? "\(layout.entrypoint) skips it and says so on stderr" : "\(layout.entrypoint) runs every such file that exists"
            add("unread-task", path, 1,
                "\(fileName(path)) is named like a task but \(why): it is not checked, yet a [0-9]*.sh glob finds it "
                    + "(\(entry)); remove it, rename it, or make it a readable script",
                .warning, fixable: false)
        }
        if reality.entrypoint == nil {
            let evidence = runners.first.map { ($0.file.path, $0.line) } ?? (reality.tasks.first?.path ?? layout.infraDir, 1)
            add("missing-entrypoint", evidence.0, evidence.1,
                "there is no canonical entrypoint: \(layout.entrypoint) does not exist, so nothing runs every task the same way", .error)
        } else if let entry = reality.entrypoint {
            for problem in EntrypointConformance.problems(entry, reality: reality) {
                add("entrypoint-\(problem.key)", entry.path, problem.line, problem.message,
                    entryIsOurs ? .warning : .info, fixable: entryIsOurs)
            }
        }
        // A managed entrypoint that already runs a task only by name has dealt with it.
        let handled = reality.entrypoint.flatMap { entry -> Set<String>? in
            guard EntrypointConformance.isManaged(entry) else { return nil }
            let lines = [EntrypointScript.teardownPrefix, EntrypointScript.argumentsPrefix].compactMap {
                EntrypointConformance.listLine(entry, prefix: $0)?.1
            }
            return Set(lines.flatMap { $0.split(whereSeparator: { " ()".contains($0) }).map(String.init) })
        } ?? []
        // Each task's roles on every core (a rule before may have rewritten every task).
        let unhandled = reality.tasks.filter { !handled.contains($0.name) }
        let roles = unhandled.concurrentMap { task -> TaskRole? in
            TaskRoles.teardown(task, in: reality).map { .teardown($0) } ?? TaskRoles.heldBack(task, in: reality).map { .heldBack($0) }
                ?? TaskRoles.arguments(task, in: reality).map { .arguments($0) }
        }
        for (task, role) in zip(unhandled, roles) {
            if case .teardown(let teardown) = role {
                let what = teardown.removes.isEmpty ? "" : " (deletes \(teardown.removes.joined(separator: ", ")))"
                add("teardown", task.path, teardown.line,
                    "is a teardown\(what): a default full run must not include it; it runs only when named, after confirmation",
                    .error, fixable: entryIsOurs)
            } else if case .heldBack(let held) = role {
                add("held-back", task.path, held.line,
                    "is no part of a regular run (\(held.reason)): a default full run must not include it; it is held back with the "
                        + "teardowns (TEARDOWN_TASKS) and runs only as `\(layout.entrypoint) --only \(task.name)`, after confirmation",
                    .warning, fixable: entryIsOurs)
            } else if case .arguments(let args) = role {
                let usage = args.usage.map { " (`\($0)`)" } ?? ""
                add("needs-arguments", task.path, args.line,
                    "needs positional arguments\(usage): a full run cannot run it bare; it runs only as `\(layout.entrypoint) --only \(task.name) -- ARGS`",
                    fixable: entryIsOurs)
            }
        }
        for (task, line, ran) in Self.tasksRunningTasks(reality) {
            let names = ran.map { "`\($0)`" }.joined(separator: ", ")
            add("runs-tasks", task.path, line,
                "runs the tasks \(names) itself: a full run of \(layout.entrypoint) runs \(ran.count == 1 ? "it" : "them") in \(ran.count == 1 ? "its" : "their") "
                    + "own turn and again here; run this one only by name, or leave the calls to the entrypoint",
                .warning, fixable: false)
        }
        let libraryCapture = LoggingSetup.capturingFunctions(reality.libraries)
        let selfLogging = reality.tasks.compactMap { t in LoggingSetup.line(in: t, libraryCapture: libraryCapture).map { (t, $0) } }
        for runner in runners where !runner.delegates {
            let path = runner.file.path
            let covered = runner.coverage != .partial
            if runner.coverage == .oneTask {
                add("runner", path, runner.line,
                    "runs one task at a time itself (a per-task runner) beside \(layout.entrypoint); it should hand over to `\(layout.entrypoint) --only NAME`")
            } else if case .mapped(let options) = runner.coverage {
                let spellings = options.map.keys.sorted().map { "`\($0)` -> `\(options.map[$0]!.name)`" }.joined(separator: ", ")
                add("runner", path, runner.line, "runs the tasks itself, a second way beside \(layout.entrypoint), and its options are "
                    + "the entrypoint's under other names (\(spellings)): it should hand over to it, translating them")
            } else if covered {
                add("runner", path, runner.line, "runs the tasks itself, a second way beside \(layout.entrypoint); it should hand over to it")
            } else {
                // Not the full run (a teardown, a few chosen tasks, arguments, a shared shell), or
                // options and work of its own: never the full-run shim; its task lines hand over
                // one by one where they can, else it is left as it is.
                let handsOver = entryIsOurs && TaskLineDelegation.text(runner, reality: reality, entrypoint: layout.entrypoint) != nil
                let only = "`\(layout.entrypoint) --only NAME`"
                let message: String
                if let why = runner.notAFullRun {
                    message = "runs tasks itself, but not as a full run of \(layout.entrypoint) would: it \(why). "
                        + (handsOver ? "It keeps its choice; only its task lines hand over to \(only)" : "Left as it is")
                } else {
                    message = handsOver
                        ? "runs tasks itself and has options or work of its own that \(layout.entrypoint) does not cover: those stay, "
                            + "and only its task lines hand over to \(only)"
                        : "runs tasks itself, but has options or work of its own that \(layout.entrypoint) does not cover: left as it is"
                }
                add("runner", path, runner.line, message, handsOver ? .warning : .info, fixable: handsOver)
            }
            if let list = runner.handList {
                // A teardown or a task that needs arguments is rightly left out of a list that
                // brings things up (the entrypoint's full run leaves them out too).
                let byNameOnly = Set(reality.tasks.filter { TaskRoles.runsByNameOnly($0, in: reality) }.map(\.name))
                let skipped = taskNames.filter { !list.names.contains($0) && !byNameOnly.contains($0) }
                let unknown = list.names.filter { !taskNames.contains($0) }
                var parts: [String] = []
                if !skipped.isEmpty { parts.append("skips \(skipped.joined(separator: ", "))") }
                if !unknown.isEmpty {
                    parts.append("names \(unknown.joined(separator: ", ")), which \(unknown.count == 1 ? "does" : "do") not exist")
                }
                let detail = parts.isEmpty ? "it drifts as soon as a task is added" : parts.joined(separator: " and ")
                add("hand-list", path, list.line, "keeps a hand-written task list: \(detail)", fixable: covered)
            }
            guard covered else { continue }
            let strict = runner.file.script.strictMode
            if !strict.errexit {
                add("runner-strict", path, strict.line ?? 1, "has no strict mode, so a failing task does not stop the run")
            } else if !strict.pipefail, !Self.runsUnderSh(runner.file, docs: reality.docs) {
                // A POSIX sh runner has no pipefail to add: its `set -e` is all it can have.
                add("runner-strict", path, strict.line ?? 1,
                    "has `set -e` but no pipefail, so a task that fails inside a pipeline does not stop the run")
            }
            if let capture = LoggingSetup.line(in: runner.file, libraryCapture: libraryCapture), !selfLogging.isEmpty {
                add("logging-twice", path, capture,
                    "starts log capture, and the tasks it runs start it again into the same \(layout.logsDir)/<task>.log: every line lands twice")
                for (task, line) in selfLogging {
                    add("logging-twice", task.path, line,
                        "starts log capture into \(layout.logsDir)/\(task.name).log, and so does \(path); the entrypoint leaves it to the task")
                }
            } else if !runner.logsToLogsDir {
                add("runner-logs", path, runner.line, "logs nothing to \(layout.logsDir)/")
            }
        }
        for target in MakeTarget.handingOver(in: reality) {
            add("make-\(target.name)", target.path, target.line,
                "target `\(target.name)` runs the tasks itself, and the docs start the infra with `\(target.command)`: it keeps "
                    + "its name and hands the task runs to \(layout.entrypoint) (`\(target.command) INFRA_FLAGS=--dry-run` passes its flags)",
                fixable: entryIsOurs)
        }
        let ignore = GitIgnore(text: reality.snapshot.text(".gitignore"))
        if !ignore.covers(layout.logsDir + "/") {
            add("logs-ignored", ".gitignore", 1, "\(layout.logsDir)/ is not git-ignored; task logs would be committed")
        }
        return out
    }

    /// Whether a runner is run by a POSIX sh: its `#!` line names `sh` or `dash`, or a doc runs
    /// it as `sh PATH` (the brk13 tester's s08: `sh ai/infra/run.sh`). Its wrapper stays POSIX.
    static func runsUnderSh(_ runner: ShellFile, docs: [DocFile]) -> Bool {
        let first = runner.script.text.prefix { $0 != "\n" }
        if first.hasPrefix("#!") {
            let words = first.dropFirst(2).split(separator: " ").map(String.init)
            let interpreter = words.first.map { String(fileName($0)) } == "env" ? words.dropFirst().first : words.first
            if let interpreter, ["sh", "dash", "ash"].contains(String(fileName(interpreter))) { return true }
        }
        let name = String(fileName(runner.path))
        return docs.contains { doc in
            doc.commands.contains { cmd in
                guard let at = cmd.words.firstIndex(where: { ["sh", "dash"].contains($0) }), at + 1 < cmd.words.count else { return false }
                let target = cmd.words[at + 1]
                return target == runner.path || target == "./" + runner.path || (fileName(target) == name && runner.path.hasSuffix(target))
            }
        }
    }

    /// Tasks that run other tasks by path (`"$d/010-kind.sh"`, `bash tasks/020-x.sh`), with the
    /// line of the first such call and the tasks they run, in order.
    static func tasksRunningTasks(_ reality: RepoReality) -> [(ShellFile, Int, [String])] {
        let byPath = Dictionary(reality.tasks.map { ($0.path, $0.name) }, uniquingKeysWith: { a, _ in a })
        var found: [String: (task: ShellFile, line: Int, ran: [String])] = [:]
        for ref in FileReferences.all(in: reality) where ref.kind == .runs && byPath[ref.file.path] != nil {
            guard let hit = ref.candidates.first(where: { byPath[$0] != nil && $0 != ref.file.path }), let name = byPath[hit] else { continue }
            var entry = found[ref.file.path] ?? (ref.file, ref.command.startLine, [])
            if !entry.ran.contains(name) { entry.ran.append(name) }
            found[ref.file.path] = entry
        }
        return reality.tasks.compactMap { task in found[task.path].map { ($0.task, $0.line, $0.ran) } }
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        let layout = reality.layout
        let items = analyse(reality)
        let fixed = items.filter(\.fixable).map(\.finding)
        guard !fixed.isEmpty else { return [] }
        var edits: [String: FileEdit] = [:]
        var inputs = EntrypointInputs.of(reality, path: layout.entrypoint)
        // A name the entrypoint defaults, as the runner did, is not required of the caller.
        let defaulted = Set(inputs.defaults.map(\.name))
        let required = EntrypointInputs.required(in: reality).filter { !defaulted.contains($0) }
        inputs.requiredEnv = required
        if let entry = reality.entrypoint {
            if let repaired = EntrypointConformance.repaired(entry, reality: reality, required: required) {
                edits[entry.path] = .write(repaired, mode: .executable)
            }
        } else {
            edits[layout.entrypoint] = .write(EntrypointScript.text(inputs), mode: .executable)
            // Plain `shellcheck` follows its `source` line the way bash does (the helpers
            // operation writes the same lines when it runs; nothing else needs it then).
            let rc = repoPath(layout.infraDir, ".shellcheckrc")
            let rcText = ShellcheckConfig.text(existing: reality.snapshot.text(rc))
            if inputs.sourcesLibrary, rcText != reality.snapshot.text(rc) {
                edits[rc] = .write(rcText, mode: reality.snapshot[rc]?.mode ?? .regular)
            }
        }
        let runners = Runner.all(in: reality).filter { !$0.delegates && $0.coverage != .partial }
        for runner in runners {
            var options: RunnerOptions?
            if case .mapped(let mapped) = runner.coverage { options = mapped }
            edits[runner.file.path] = .write(
                EntrypointScript.wrapper(runner: runner.file.path, entrypoint: layout.entrypoint, oneTask: runner.coverage == .oneTask,
                                         options: options, posix: Self.runsUnderSh(runner.file, docs: reality.docs),
                                         forwardsArguments: runner.coverage != .whole),
                mode: .executable)
        }
        // Runners with ways of their own keep them: only their task lines hand over, to an
        // entrypoint infra-tui writes (a hand-written one's flags are its own).
        let entryIsOurs = reality.entrypoint.map { EntrypointConformance.isReplaceable($0, reality: reality) } ?? true
        var delegated: [String] = []
        if entryIsOurs {
            for runner in Runner.all(in: reality) where !runner.delegates && runner.coverage == .partial {
                guard let text = TaskLineDelegation.text(runner, reality: reality, entrypoint: layout.entrypoint) else { continue }
                edits[runner.file.path] = .write(text, mode: reality.snapshot[runner.file.path]?.mode ?? .executable)
                delegated.append(runner.file.path)
            }
        }
        // A documented make target keeps its name; its task runs hand over (later targets first,
        // so the line numbers of earlier ones still hold).
        var targets: [String] = []
        if entryIsOurs {
            for target in MakeTarget.handingOver(in: reality).reversed() {
                let current: String
                if case .write(let text, _)? = edits[target.path] { current = text } else { current = reality.snapshot.text(target.path) ?? "" }
                guard let text = target.rewritten(current, reality: reality, entrypoint: layout.entrypoint) else { continue }
                edits[target.path] = .write(text, mode: reality.snapshot[target.path]?.mode ?? .regular)
                targets.append("`make \(target.name)`")
            }
        }
        var ignore = GitIgnore(text: reality.snapshot.text(".gitignore"))
        if !ignore.covers(layout.logsDir + "/") {
            ignore.add("/\(layout.logsDir)/", comment: "Task logs written by \(layout.entrypoint)")
            edits[".gitignore"] = .write(ignore.text, mode: reality.snapshot[".gitignore"]?.mode ?? .regular)
        }
        guard !edits.isEmpty else { return [] }
        let rcPath = repoPath(layout.infraDir, ".shellcheckrc")
        let dependsOn = Set(context.operations(touching: inputs.library).filter { _ in edits[layout.entrypoint] != nil && inputs.sourcesLibrary }
            + context.operations(touching: rcPath).filter { _ in edits[rcPath] != nil }).sorted()
        let wrapped = runners.map(\.file.path)
        var rationale = "Several ways to run the tasks drift apart: a hand-kept list skips tasks and names missing ones, "
            + "and a failing task does not stop the run. \(layout.entrypoint) discovers the tasks in order, checks "
            + "\(required.isEmpty ? "the environment" : required.joined(separator: ", ")) up front and logs each task to \(layout.logsDir)/."
        let byName = inputs.teardown + inputs.needArguments
        if !byName.isEmpty {
            rationale += " \(byName.joined(separator: ", ")) \(byName.count == 1 ? "runs" : "run") only when named with --only"
                + " (teardown after confirmation, arguments after --), never in a full run."
        }
        if !wrapped.isEmpty {
            rationale += " \(wrapped.joined(separator: ", ")) now hand\(wrapped.count == 1 ? "s" : "") over to it, so old habits keep working."
        }
        if !targets.isEmpty {
            rationale += " \(targets.joined(separator: ", ")) keep\(targets.count == 1 ? "s" : "") \(targets.count == 1 ? "its" : "their")"
                + " name and \(targets.count == 1 ? "stays" : "stay") the documented way in; \(targets.count == 1 ? "its recipe runs" : "their recipes run")"
                + " the tasks through \(layout.entrypoint), which gives the flags (`INFRA_FLAGS=--dry-run`)."
        }
        if !delegated.isEmpty {
            rationale += " \(delegated.joined(separator: ", ")) keep\(delegated.count == 1 ? "s" : "") \(delegated.count == 1 ? "its" : "their")"
                + " options and logic; only the lines that ran a task now run it through `\(layout.entrypoint) --only NAME`."
        }
        let sequence = reality.tasks.map(\.name).filter { !byName.contains($0) }
        return [OperationDraft(
            id: Self.operationID,
            title: "Drive every task from \(layout.entrypoint)",
            risk: wrapped.isEmpty && delegated.isEmpty && targets.isEmpty ? .low : .med,
            rationale: rationale,
            findings: fixed.map(\.id),
            dependsOn: dependsOn,
            preconditions: ["bash 4+ on PATH", "the working tree is committed, so the change can be reviewed and reverted"],
            commands: ["./\(layout.entrypoint) --list", "./\(layout.entrypoint) --dry-run"],
            expectedOutputs: ["--list prints \(sequence.joined(separator: ", ")), in that order"
                                + (byName.isEmpty ? "" : ", then \(byName.joined(separator: ", ")) as run only by name"),
                              "--dry-run names the tasks it would run and any missing environment, and runs nothing"],
            edits: edits)]
    }
}
