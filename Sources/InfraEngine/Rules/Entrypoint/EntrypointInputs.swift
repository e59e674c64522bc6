import ShellReader
/// What the generated entrypoint is told about a tree: the environment to check, which tasks
/// run only when named (teardown, argument-taking), which log themselves, and the library's
/// own log and die helpers (none of its own: the entrypoint keeps private ones).
enum EntrypointInputs {
    /// The variables the entrypoint checks: the required list, less those the tasks read
    /// only under a deliberate `set +u`.
    static func required(in reality: RepoReality, from list: [String]? = nil) -> [String] {
        // Once per view: rules that rewrite tasks one by one ask again after every rewrite.
        let optional = reality.memo.value("relaxed-nounset-optional") { RelaxedNounset.optionalVariables(in: reality.tasks) }
        return (list ?? RequiredEnvironment.required(in: reality)).filter { !optional.contains($0) }
    }

    static func of(_ reality: RepoReality, path: String) -> EntrypointScript.Inputs {
        reality.memo.value("entrypoint-inputs\u{0}\(path)") {
            let libraryCapture = LoggingSetup.capturingFunctions(reality.libraries)
            let vocabulary = LibraryVocabulary.of(reality)
            let captureKey = libraryCapture.sorted().joined(separator: " ")
            let cached = reality.tasks.concurrentMap { Self.roles(of: $0, libraryCapture: libraryCapture, captureKey: captureKey, in: reality) }
            let sources = sourceable(reality, vocabulary: vocabulary)
            let passed = TaskRoles.passedArguments(in: reality)
            // Teardowns and held-back tasks (left out of the runner's regular run) both run only
            // when named: both are read against the rest of the tree, so outside the per-text cache.
            let byName = Set(reality.tasks.filter { TaskRoles.teardown($0, in: reality) != nil || TaskRoles.heldBack($0, in: reality) != nil }.map(\.name))
            let roles = cached.map { Roles(name: $0.name, teardown: byName.contains($0.name), takesArguments: $0.takesArguments, logsItself: $0.logsItself) }
            return EntrypointScript.Inputs(
                path: path,
                tasksDir: reality.layout.tasksDir,
                library: reality.primaryLibrary,
                requiredEnv: required(in: reality),
                teardown: roles.filter { $0.teardown }.map(\.name),
                needArguments: roles.filter { !$0.teardown && ($0.takesArguments || passed.contains($0.name)) }.map(\.name),
                selfLogging: roles.filter { $0.logsItself }.map(\.name),
                // Not sourced, the library's helpers are not there: the script keeps its own.
                log: sources ? vocabulary.log : nil,
                die: sources ? vocabulary.die : nil,
                sourcesLibrary: sources)
        }
    }

    /// Whether the entrypoint sources the primary library for its log/die. A library nobody
    /// has, or creates before this, is not: the script keeps its own helpers instead of having
    /// one made for it. Nor is one that runs commands when it loads (`[ -f .env ] || exit 1`):
    /// `init.sh --help` and `--list` must work before anything is set up (the session-9
    /// tester's D14), nor one whose top level reads a name it may not have (`if [ "$ENV" =
    /// prod ]`): the entrypoint sources it under `set -u`, before its own environment check.
    /// The log/die it would call must not read such a name either (`log() { [ -n "$LOG_FILE"
    /// ] && ...; }`), nor a second argument (`log LEVEL MSG`), or the entrypoint stops at its
    /// first message.
    static func sourceable(_ reality: RepoReality, vocabulary: LibraryVocabulary) -> Bool {
        guard let lib = reality.shellFile(at: reality.primaryLibrary) else { return false }
        let quiet = ([lib] + SourceGraph.closure(of: lib, in: reality)).allSatisfy {
            LibraryTopLevel.loadTimeCommand($0.script) == nil && LibraryTopLevel.unsetTopLevelRead($0.script) == nil
        }
        return quiet && [vocabulary.log, vocabulary.die].compactMap { $0 }.allSatisfy { name in
            guard let fn = lib.script.functions.first(where: { $0.name == name && $0.enclosing.isEmpty }) else { return true }
            let body = ShellReader.read(fn.body)
            return LibraryTopLevel.unsetTopLevelRead(body) == nil
                && !body.expansions.contains { ("2"..."9").contains($0.name) && $0.name.count == 1 && !$0.hasDefault }
        }
    }

    /// What the entrypoint's lists need of one task: whether it is a teardown, takes
    /// arguments, or captures its own output.
    private struct Roles {
        let name: String
        let teardown: Bool
        let takesArguments: Bool
        let logsItself: Bool
    }

    /// A task's roles read from its name, its text, the library's capturing functions and
    /// the libraries' wrappers only, so they are worked out once per task text for the whole plan (every rule that
    /// rewrites the entrypoint's lists asks again in its own view).
    private static func roles(of task: ShellFile, libraryCapture: Set<String>, captureKey: String, in reality: RepoReality) -> Roles {
        // The libraries are in the key: a teardown is also read through their wrappers.
        return reality.cache.derived("entrypoint-task-roles", path: task.path, from: [task.script.text, captureKey, reality.librariesVersion]) {
            Roles(name: task.name, teardown: false, takesArguments: TaskRoles.arguments(task) != nil,
                  logsItself: LoggingSetup.line(in: task, libraryCapture: libraryCapture) != nil)
        }
    }
}
