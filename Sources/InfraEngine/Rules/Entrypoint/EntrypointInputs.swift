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
            return EntrypointScript.Inputs(
                path: path,
                tasksDir: reality.layout.tasksDir,
                library: reality.primaryLibrary,
                requiredEnv: required(in: reality),
                teardown: reality.tasks.filter { TaskRoles.teardown($0, in: reality) != nil }.map(\.name),
                needArguments: reality.tasks.filter { TaskRoles.teardown($0, in: reality) == nil && TaskRoles.arguments($0) != nil }.map(\.name),
                selfLogging: reality.tasks.filter { LoggingSetup.line(in: $0, libraryCapture: libraryCapture) != nil }.map(\.name),
                log: vocabulary.log,
                die: vocabulary.die,
                // A library nobody has, or creates before this, is not sourced: the script
                // keeps its own helpers instead of having one made for it.
                sourcesLibrary: reality.snapshot.files[reality.primaryLibrary] != nil)
        }
    }
}
