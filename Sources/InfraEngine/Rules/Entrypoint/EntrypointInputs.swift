import Foundation
import ShellReader
/// What the generated entrypoint is told about a tree: the environment to check, which tasks
/// run only when named (teardown, argument-taking), which log themselves, and the library's
/// own log and die helpers (none of its own: the entrypoint keeps private ones).
enum EntrypointInputs {
    /// The variables the entrypoint checks: the required list, less those the tasks read
    /// only under a deliberate `set +u`.
    static func required(in reality: RepoReality, from list: [String]? = nil) -> [String] {
        // Once per view: rules that rewrite tasks one by one ask again after every rewrite.
        let optional = reality.memo.value("relaxed-nounset-optional") { RelaxedNounset.optionalVariables(in: reality.tasks, cache: reality.cache) }
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
            let defaults = runnerDefaults(reality)
            let requiredNames = required(in: reality).filter { name in !defaults.contains { $0.name == name } }
            // Teardowns and held-back tasks (left out of the runner's regular run) both run only
            // when named: both are read against the rest of the tree, so outside the per-text cache.
            let byName = Set(reality.tasks.filter { TaskRoles.teardown($0, in: reality) != nil || TaskRoles.heldBack($0, in: reality) != nil }.map(\.name))
            let roles = cached.map { Roles(name: $0.name, teardown: byName.contains($0.name), takesArguments: $0.takesArguments, logsItself: $0.logsItself) }
            return EntrypointScript.Inputs(
                path: path,
                tasksDir: reality.layout.tasksDir,
                library: reality.primaryLibrary,
                requiredEnv: requiredNames,
                teardown: roles.filter { $0.teardown }.map(\.name),
                needArguments: roles.filter { !$0.teardown && ($0.takesArguments || passed.contains($0.name)) }.map(\.name),
                selfLogging: roles.filter { $0.logsItself }.map(\.name),
                // Not sourced, the library's helpers are not there: the script keeps its own.
                log: sources ? vocabulary.log : nil,
                die: sources ? vocabulary.die : nil,
                sourcesLibrary: sources,
                libraryLeftOut: !sources && reality.shellFile(at: reality.primaryLibrary) != nil,
                workingDir: workingFolder(reality),
                defaults: defaults,
                libraryReads: libraryReads(reality))
        }
    }

    /// `FUNCTION:NAME` for each environment-style name (`RUN_LOG`) a library's top-level
    /// function reads; from the libraries alone, so the list stays in step whatever the tasks need.
    static func libraryReads(_ reality: RepoReality) -> [String] {
        var out = Set<String>()
        for lib in reality.libraries {
            for fn in lib.script.functions where fn.enclosing.isEmpty {
                for e in reality.cache.script(path: lib.path + "#" + fn.name, text: fn.body).expansions where RequiredEnvironment.isEnvName(e.name) && !e.hasDefault {
                    out.insert("\(fn.name):\(e.name)")
                }
            }
        }
        return out.sorted()
    }

    /// Names the runners give a default and hand to the tasks (`: "${ZONE:=us-central1-a}"`
    /// then `export ZONE`, `export RUN_LOG=${RUN_LOG:-/tmp/run.log}`) before they run them:
    /// the entrypoint gives the same defaults, so they are not made required (the brk13
    /// tester's s10, s13). A default that runs a command, or that two runners give
    /// differently, is left out.
    static func runnerDefaults(_ reality: RepoReality) -> [EntrypointScript.Default] {
        var found: [String: String] = [:]
        var conflicting: Set<String> = []
        for runner in Runner.all(in: reality) where !runner.delegates {
            let script = runner.file.script
            let first = runner.runLines.min() ?? runner.line
            let bytes = Array(script.text.utf8)
            let exported = Set(script.assignments.filter { $0.kind == .export && $0.enclosing.isEmpty }.map(\.name))
            func fallback(_ e: ShellExpansion) -> String? {
                guard e.startOffset >= 0, e.endOffset <= bytes.count, e.startOffset < e.endOffset else { return nil }
                let text = String(decoding: bytes[e.startOffset..<e.endOffset], as: UTF8.self)
                let head = "${" + e.name + (e.op ?? "")
                guard text.hasPrefix(head), text.hasSuffix("}") else { return nil }
                let value = String(text.dropFirst(head.count).dropLast())
                return value.contains("$(") || value.contains("`") || value.contains("\"") || value.contains("'") || value.contains("\\") ? nil : value
            }
            var mine: [String: String] = [:]
            for e in script.expansions where e.enclosing.isEmpty && e.line < first && !e.inHeredoc && exported.contains(e.name)
                && RequiredEnvironment.isEnvName(e.name) {
                let own = script.assignments.contains { $0.name == e.name && $0.line == e.line && $0.value != nil }
                let assigning = e.op == ":=" || e.op == "="
                let selfDefault = (e.op == ":-" || e.op == "-") && own
                guard assigning || selfDefault, mine[e.name] == nil, let value = fallback(e) else { continue }
                if selfDefault, let a = script.assignments.first(where: { $0.name == e.name && $0.line == e.line }),
                   a.value?.unquotedText.filter({ $0 != "\"" }) != "${\(e.name)\(e.op ?? "")\(value)}" { continue }
                mine[e.name] = value
            }
            for (name, value) in mine {
                if let had = found[name], had != value { conflicting.insert(name) }
                found[name] = value
            }
        }
        return found.keys.sorted().filter { !conflicting.contains($0) }.map { EntrypointScript.Default(name: $0, value: found[$0]!) }
    }

    /// The folder the runners `cd` to before they run the tasks (`cd "$(dirname "$0")"`,
    /// `cd "$(dirname "${BASH_SOURCE[0]}")/.."`), when those that do agree on one; the
    /// entrypoint runs the tasks from there too (the brk13 tester's s04: `--from-file=secrets/sa-key.json`).
    static func workingFolder(_ reality: RepoReality) -> String? {
        var folders = Set<String>()
        for runner in Runner.all(in: reality) where !runner.delegates {
            let script = runner.file.script
            let first = runner.runLines.min() ?? runner.line
            guard let cd = script.commands.last(where: { $0.name == "cd" && $0.enclosing.isEmpty && $0.startLine < first }),
                  let arg = cd.arguments.first else { continue }
            let text = ScriptValues(script).expand(arg.unquotedText)
            guard let rest = ownFolderSuffix(text) else { continue }
            let own = parentFolder(runner.file.path)
            if rest.isEmpty { folders.insert(own) } else if let folder = joinPath(own, rest) { folders.insert(folder) }
        }
        return folders.count == 1 ? folders.first : nil
    }

    /// What follows the script's own folder in a `cd` argument (`""`, `..`, `deploy`), or nil
    /// when it does not start from the script's own folder.
    static func ownFolderSuffix(_ text: String) -> String? {
        let plain = text.filter { $0 != "\"" && $0 != "'" }
        let selves = ["$0", "${0}", "${BASH_SOURCE[0]}", "$BASH_SOURCE", "${BASH_SOURCE}"]
        var forms: [String] = []
        for me in selves {
            forms += ["$(dirname \(me))", "`dirname \(me)`", "$(cd $(dirname \(me)) && pwd)", "$(cd $(dirname \(me)); pwd)",
                      "$(cd $(dirname \(me)) && pwd -P)", "${\(me.trimmingCharacters(in: ["$", "{", "}"]))%/*}"]
        }
        for form in forms where plain.hasPrefix(form) {
            let rest = plain.dropFirst(form.count)
            if rest.isEmpty { return "" }
            if rest.hasPrefix("/") { return String(rest.dropFirst()) }
        }
        return nil
    }

    /// Whether the entrypoint sources the primary library for its log/die. A library nobody
    /// has, or creates before this, is not: the script keeps its own helpers instead of having
    /// one made for it. Nor is one that runs commands when it loads (`[ -f .env ] || exit 1`):
    /// `init.sh --help` and `--list` must work before anything is set up (the session-9
    /// tester's D14), nor one that checks the environment when it loads (`: "${PROJECT:?...}"`,
    /// the brk14 tester's r01: `--help`, `--list` and `--dry-run` died with its message), nor one whose top level reads a name it may not have (`if [ "$ENV" =
    /// prod ]`): the entrypoint sources it under `set -u`, before its own environment check.
    /// The log/die it would call must not read such a name either (`log() { [ -n "$LOG_FILE"
    /// ] && ...; }`), nor a second argument (`log LEVEL MSG`), or the entrypoint stops at its
    /// first message.
    static func sourceable(_ reality: RepoReality, vocabulary: LibraryVocabulary) -> Bool {
        guard let lib = reality.shellFile(at: reality.primaryLibrary) else { return false }
        let quiet = ([lib] + SourceGraph.closure(of: lib, in: reality)).allSatisfy {
            LibraryTopLevel.loadTimeCommand($0.script) == nil && LibraryTopLevel.loadTimeCheck($0.script) == nil
                && LibraryTopLevel.unsetTopLevelRead($0.script) == nil
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
