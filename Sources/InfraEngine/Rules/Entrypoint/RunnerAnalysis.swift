import Foundation
import ShellReader

/// A script other than the entrypoint that runs the tasks.
///
/// A script is a runner only when it *executes* numbered tasks: a loop over the tasks
/// folder or over task names, or a command that runs a task file (`bash tasks/010-x.sh`,
/// `"$dir/tasks/$name.sh"`). A task named in an `echo`, a help text, a here-document or a
/// comment does not count (issue 13, item 1).
struct Runner {
    /// How much of the runner the entrypoint can take over.
    enum Coverage: Equatable {
        /// It takes no arguments and only runs the tasks: it can hand every run over.
        case whole
        /// It runs the one task its first argument names: it can hand over as `--only NAME`.
        case oneTask
        /// It runs every task and its options each map to an entrypoint flag: its wrapper
        /// translates them (`-n` -> `--dry-run`).
        case mapped(RunnerOptions)
        /// It has options or work of its own the entrypoint does not do: only its task lines
        /// hand over, or it is reported and left as it is.
        case partial
    }

    let file: ShellFile
    /// Line of the first place it runs tasks.
    let line: Int
    /// Task names it lists by hand, with the line of the list (nil when it discovers them).
    let handList: (names: [String], line: Int)?
    /// Already a thin wrapper around the entrypoint.
    let delegates: Bool
    let logsToLogsDir: Bool
    let coverage: Coverage
    /// Lines where it runs tasks: a loop over them, or a command that runs one.
    var runLines: Set<Int> = []
    /// Why a runner that only runs tasks is still not the entrypoint's full run (it sources
    /// them, passes them arguments, or runs a teardown or a few chosen tasks), for messages.
    var notAFullRun: String?
    /// Tasks it runs with arguments of its own (`bash tasks/20-x.sh -t "$TAG"`): they need
    /// them, so the entrypoint runs them only as `--only NAME -- ARGS`.
    var argumentTasks: [String] = []
    /// The line where it sources the tasks into its own shell (`. "$step"` in a loop over
    /// them, or several tasks sourced one after another), when it does:
    /// they were written to share one shell (a later task reads what an earlier one set, or
    /// the shell options and folder it left), which no entrypoint running each task in a bash
    /// of its own can keep.
    var sharedShellLine: Int?

    /// Finds the runners among the scaffolding's other scripts.
    static func all(in reality: RepoReality) -> [Runner] {
        reality.memo.value("runners") { find(in: reality) }
    }

    /// The first runner that sources the tasks into its own shell, when there is no
    /// entrypoint yet: then none is planned (the tasks were written to share that shell), and
    /// no doc is pointed at one.
    static func sharingItsShell(in reality: RepoReality) -> Runner? {
        guard reality.entrypoint == nil else { return nil }
        return all(in: reality).first { !$0.delegates && $0.sharedShellLine != nil }
    }

    /// Commands that only prepare or report: a runner made of these and task runs does
    /// nothing the entrypoint does not.
    static let plumbing: Set<String> = ["set", "exec", "cd", "dirname", "basename", "source", ".", "pwd", "echo", "printf",
                                        "[", "[[", "test", "exit", "shift", "local", "shopt", "true", ":", "mkdir", "realpath", "readlink"]
    // `continue`/`break` are not plumbing: in a loop over the tasks they choose which run,
    // a choice the entrypoint would not make.

    private static func find(in reality: RepoReality) -> [Runner] {
        let context = Context(reality)
        return reality.otherScripts.compactMap { analyse($0, context) }
    }

    /// What every script is judged against.
    struct Context {
        let entryName: String
        let tasksFolderName: String
        let libraryFunctions: Set<String>
        /// File names of the libraries (`helpers.sh`).
        let libraryNames: Set<String>
        /// Every task's name, and those a full run of the entrypoint leaves out (teardowns,
        /// tasks that need positional arguments): what a runner's own choice of tasks is judged against.
        let taskNames: Set<String>
        var teardowns: Set<String> { roles.teardowns }
        var byNameOnly: Set<String> { roles.byNameOnly }
        /// Running a sibling script (`"$infra/bin/step.sh" NAME`) hands work on; it is not work of its own.
        let siblings: Set<String>
        /// Tasks no runner's loop runs while one's glob picks only some (`tasks/0[1-3]-*.sh`).
        let leftOut: [String: LeftOut]
        /// Read only when a runner runs tasks by name: reading every task's deletes for every
        /// view of a plan was a tenth of planning a tree with no runner at all.
        private let roles: LazyRoles

        private final class LazyRoles {
            private let reality: RepoReality
            init(_ reality: RepoReality) { self.reality = reality }
            // On every core: read on the planner's thread in every view, a thousand tasks'
            // deletes one after another were a tenth of planning them.
            lazy var teardowns = Set(zip(reality.tasks, reality.tasks.concurrentMap { TaskRoles.teardown($0, in: reality) != nil })
                .filter(\.1).map(\.0.name))
            lazy var byNameOnly = teardowns.union(zip(reality.tasks, reality.tasks.concurrentMap { task in
                TaskRoles.arguments(task) != nil || TaskRoles.heldBack(task, in: reality) != nil
            }).filter(\.1).map(\.0.name))
        }

        init(_ reality: RepoReality) {
            entryName = String(fileName(reality.layout.entrypoint))
            tasksFolderName = String(reality.layout.tasksDir.split(separator: "/").last ?? "")
            libraryFunctions = Set(reality.libraries.flatMap { $0.script.functions.map(\.name) })
            libraryNames = Set(reality.libraries.map { String(fileName($0.path)) })
            siblings = Set(reality.otherScripts.map { String(fileName($0.path)) })
            taskNames = Set(reality.tasks.map(\.name))
            leftOut = Runner.leftOutByGlob(in: reality)
            roles = LazyRoles(reality)
        }
    }

    /// How far the entrypoint could take over a hand-written entrypoint: `.whole` when it
    /// only runs the tasks, with no options or work of its own.
    static func coverage(ofEntrypoint entry: ShellFile, in reality: RepoReality) -> Coverage {
        analyse(entry, Context(reality), asEntrypoint: true)?.coverage ?? .partial
    }

    /// The runner `file` is, or nil when it runs no task. `asEntrypoint`: judging the
    /// entrypoint itself, which is never a wrapper of itself (its name matches no word).
    static func analyse(_ file: ShellFile, _ context: Context, asEntrypoint: Bool = false) -> Runner? {
        let entryName = asEntrypoint ? "\u{0}" : context.entryName
        let tasksFolderName = context.tasksFolderName
        let libraryFunctions = context.libraryFunctions
        let siblings = context.siblings
        let script = file.script
        let values = ScriptValues(script)
        var runLines: [Int] = []
        var listed: [String] = []
        var listLine: Int?
        var loopsOverTasks = false
        let arrays = Dictionary(arrayTaskNames(script).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for loop in script.loops where loop.kind == .forIn {
            // `for t in "${TASKS[@]}"` over an array of task names or of the tasks folder's files.
            for word in loop.words {
                guard let array = arrays[arrayName(word.unquotedText) ?? ""] else { continue }
                let globs = array.words.contains { mentionsTasks(values.expand($0), folder: tasksFolderName) }
                guard !array.names.isEmpty || globs else { continue }
                listed += array.names.filter { !listed.contains($0) }
                if !array.names.isEmpty { listLine = listLine ?? array.line }
                runLines.append(loop.startLine)
                loopsOverTasks = true
            }
            let texts = loop.words.map { values.expand($0.unquotedText) }
            let names = texts.compactMap(taskName(in:))
            if !names.isEmpty {
                listed += names
                listLine = listLine ?? loop.startLine
                runLines.append(loop.startLine)
                loopsOverTasks = true
            }
            if texts.contains(where: { mentionsTasks($0, folder: tasksFolderName) }) {
                runLines.append(loop.startLine)
                loopsOverTasks = true
            }
        }
        // The variables of loops over the tasks: running `./$task.sh` or `"$t"` runs a task.
        let taskVariables = script.loops.filter { runLines.contains($0.startLine) }.compactMap(\.variable)
        for cmd in script.commands {
            guard let target = executedWord(cmd) else { continue }
            if taskVariables.contains(where: { target.raw.contains("$" + $0) || target.raw.contains("${" + $0) }) {
                runLines.append(cmd.startLine)
                continue
            }
            let text = values.expand(target.unquotedText)
            if mentionsTasks(text, folder: tasksFolderName) || taskName(in: text) != nil || entersTasks(text, folder: tasksFolderName) {
                runLines.append(cmd.startLine)
            }
        }
        // Arrays of task names (`TASKS=(010-a 020-b ...)`), possibly over several lines.
        if !runLines.isEmpty {
            for array in arrays.values.sorted(by: { $0.line < $1.line }) where !array.names.isEmpty {
                listed += array.names.filter { !listed.contains($0) }
                listLine = listLine ?? array.line
            }
        }
        let delegates = script.commands.contains { cmd in
            cmd.words.contains { $0.unquotedText.hasSuffix("/" + entryName) || $0.unquotedText == entryName }
        }
        guard !runLines.isEmpty || delegates else { return nil }
        // A wrapper is a script whose only real work is handing over to the entrypoint.
        let work = script.commands.filter { !["set", "exec", "cd", "dirname", "source", ".", "pwd"].contains($0.name ?? "") }
        let isWrapper = delegates && work.allSatisfy { cmd in cmd.words.contains { $0.unquotedText.hasSuffix(entryName) } }
        // Every hand-over names its task (`init.sh --only 99-teardown --yes`): it already runs
        // chosen tasks through the entrypoint, and is no door to its full run.
        if delegates, runLines.isEmpty, !asEntrypoint, namesItsTasks(script, entryName: entryName) { return nil }
        if isWrapper {
            return Runner(file: file, line: 1, handList: nil, delegates: true, logsToLogsDir: true, coverage: .whole)
        }
        if delegates, runLines.isEmpty, handsOverItsFirstArgument(script, entryName: entryName) {
            return Runner(file: file, line: 1, handList: nil, delegates: true, logsToLogsDir: true, coverage: .oneTask)
        }
        // A wrapper that translates its own option names (see `RunnerOptions`).
        if delegates, runLines.isEmpty, let options = RunnerOptions.of(script),
           script.commands.allSatisfy({ cmd in
               cmd.words.isEmpty || plumbing.contains(cmd.name ?? "") || cmd.words.contains { $0.unquotedText.hasSuffix(entryName) }
           }) {
            return Runner(file: file, line: 1, handList: nil, delegates: true, logsToLogsDir: true, coverage: .mapped(options))
        }
        guard let first = runLines.min() else { return nil }
        let logs = script.commands.contains { cmd in
            cmd.words.contains { $0.unquotedText.contains("logs/") || $0.unquotedText.contains("/logs") }
                || cmd.redirections.contains { ($0.target?.unquotedText ?? "").contains("logs") }
        }
        let runs = Set(runLines)
        let ownWork = script.commands.contains { cmd in
            guard cmd.enclosing.allSatisfy({ $0 != .substitution }) else { return false }
            // A task run with variables of its own (`REGION=x bash task`) passes them on; the entrypoint would not.
            if runs.contains(cmd.startLine) { return !cmd.prefixAssignments.isEmpty }
            if let target = executedWord(cmd), siblings.contains(String(fileName(values.expand(target.unquotedText)))) { return false }
            guard let name = cmd.name else { return !cmd.words.isEmpty }
            // Loading the shared library is plumbing; loading anything else (an env file the
            // tasks then see) is work the entrypoint would not do.
            if name == "source" || name == ".", let loaded = cmd.arguments.first {
                return !context.libraryNames.contains(String(fileName(values.expand(loaded.unquotedText))))
            }
            return !plumbing.contains(name) && !libraryFunctions.contains(name)
                && !script.functions.contains { $0.name == name }
        }
        let coverage: Coverage
        let options = loopsOverTasks && readsArguments(script) ? RunnerOptions.of(script) : nil
        // A `usage` function that only prints is no work of its own for a runner whose options map.
        let onlyReporting = script.functions.allSatisfy { fn in
            script.commands.filter { $0.functionName == fn.name }.allSatisfy { plumbing.contains($0.name ?? "") || $0.name == "cat" }
        }
        let choice: (reason: String?, arguments: [String], sharedShellLine: Int?) = asEntrypoint ? (nil, [], nil) : Self.choice(script, runs: runs, taskVariables: taskVariables, listed: listed,
                                                            values: values, context: context)
        // A loop whose glob leaves tasks out is a choice the entrypoint keeps only by holding
        // them back: the runner stays as it is, the evidence of that choice (brk13 item 1).
        let heldHere = context.leftOut.filter { $0.value.runner == file.path }.keys.sorted()
        let reason = asEntrypoint || heldHere.isEmpty ? choice.reason
            : [choice.reason, "runs only the tasks its glob `\(context.leftOut[heldHere[0]]!.glob)` matches, leaving out "
                + "\(heldHere.joined(separator: ", ")), which a full run holds back"].compactMap { $0 }.joined(separator: "; ")
        if ownWork || !script.functions.isEmpty && !(options != nil && onlyReporting) || reason != nil {
            coverage = .partial
        } else if !readsArguments(script) {
            coverage = .whole
        } else if !loopsOverTasks && runsTheTaskItsArgumentNames(script, runLines: runs) {
            coverage = .oneTask
        } else {
            coverage = options.map { .mapped($0) } ?? .partial
        }
        return Runner(file: file, line: first, handList: listed.isEmpty ? nil : (listed, listLine ?? first),
                      delegates: false, logsToLogsDir: logs, coverage: coverage, runLines: runs,
                      notAFullRun: reason, argumentTasks: choice.arguments, sharedShellLine: choice.sharedShellLine)
    }

    /// Why the tasks this runner runs, and how, are not the entrypoint's full run ("every task
    /// but the teardowns and those that need arguments, each in a bash of its own, without
    /// arguments"), or nil when they are; and the tasks it hands arguments to.
    ///
    /// - It sources them (`. "$step"`): they share one shell, a later task reading what an
    ///   earlier one set.
    /// - It passes a task arguments of its own (`bash tasks/20-x.sh -t "$TAG"`); its own `"$@"`
    ///   handed on is its caller's choice, not one it makes.
    /// - It runs a teardown (`teardown.sh`), or a few chosen tasks (`deploy-backend.sh`): a
    ///   hand list that runs most of the full run is that run kept by hand, and drifted.
    static func choice(_ script: ShellScript, runs: Set<Int>, taskVariables: [String], listed: [String], values: ScriptValues,
                       context: Context) -> (reason: String?, arguments: [String], sharedShellLine: Int?) {
        var reasons: [String] = []
        var sourcingLines: [(line: Int, viaLoop: Bool)] = []
        var ran = Set(listed)
        var discovers = false
        var arguments: [String] = []
        let folder = context.tasksFolderName
        for cmd in script.commands where runs.contains(cmd.startLine) && !cmd.enclosing.contains(.substitution) {
            guard let target = executedWord(cmd) else { continue }
            let viaLoop = taskVariables.contains { target.raw.contains("$" + $0) || target.raw.contains("${" + $0) }
            let text = values.expand(target.unquotedText)
            // Only the command that runs a task (not `dirname` beside it on the line).
            guard viaLoop || mentionsTasks(text, folder: folder) || taskName(in: text) != nil || entersTasks(text, folder: folder) else { continue }
            if let first = cmd.words.first?.literal, first == "source" || first == "." {
                sourcingLines.append((cmd.startLine, viaLoop))
                if !reasons.contains(where: { $0.hasPrefix("sources") }) {
                    reasons.append("sources the tasks into its own shell (line \(cmd.startLine)), so a task sees what an earlier one set; "
                                   + "the entrypoint runs each in a bash of its own")
                }
            }
            let name = viaLoop ? nil : taskName(in: text)
            if let name { ran.insert(name) } else if !viaLoop { discovers = true }
            let index = cmd.words.firstIndex { $0 == target } ?? cmd.words.count
            let after = cmd.words.dropFirst(index + 1).map(\.raw)
            let forwarded: Set<String> = ["\"$@\"", "$@", "\"$*\"", "$*", "\"${@}\"", "${@}"]
            // A task name it computes (`tasks/$1.sh`) is a per-task runner's: its arguments are its caller's.
            if !after.isEmpty, !after.allSatisfy(forwarded.contains), name != nil || viaLoop {
                if let name, !arguments.contains(name) { arguments.append(name) }
                // Its own required argument handed to every task it loops over (`bash "$t" "$stage"`,
                // `stage=${1:?usage}`): those tasks are written to take it, so they run only
                // as `--only NAME -- ARGS` (brk13 item 6).
                if viaLoop, passesItsPositional(after, script) {
                    let loop = script.loops.first { l in
                        runs.contains(l.startLine) && l.startLine <= cmd.startLine && cmd.startLine <= l.endLine
                            && l.variable.map { v in target.raw.contains("$" + v) || target.raw.contains("${" + v) } == true
                    }
                    let patterns = (loop?.words ?? []).map { values.expand($0.unquotedText) }.filter { mentionsTasks($0, folder: folder) }
                        .map { String($0.split(separator: "/").last ?? "") }
                    let looped = !patterns.isEmpty
                        ? context.taskNames.filter { n in patterns.contains { fnmatch($0, n + ".sh", 0) == 0 } }
                        : (listed.isEmpty ? context.taskNames : Set(listed).intersection(context.taskNames))
                    arguments += looped.sorted().filter { !arguments.contains($0) }
                }
                reasons.append("passes \(name ?? "the tasks") arguments of its own (line \(cmd.startLine)), which a full run would not")
            }
        }
        // A loop over the tasks folder runs whatever is there: no choice of its own.
        if script.loops.contains(where: { runs.contains($0.startLine) }) && listed.isEmpty { discovers = true }
        let existing = ran.intersection(context.taskNames)
        let teardowns = existing.intersection(context.teardowns).sorted()
        let chosen = existing.subtracting(context.byNameOnly)
        if !teardowns.isEmpty {
            // Named by hand, a teardown is chosen, whatever else the runner discovers.
            reasons.append(chosen.isEmpty && !discovers
                ? "runs only the teardown \(teardowns.joined(separator: ", ")), which a full run never includes"
                : "runs the teardown \(teardowns.joined(separator: ", ")) with other tasks, which a full run never does")
        } else if !discovers, !existing.isEmpty {
            let full = context.taskNames.subtracting(context.byNameOnly)
            if chosen != full, !(chosen.count >= 2 && chosen.isSubset(of: full) && chosen.count * 2 > full.count) {
                reasons.append("runs only \(chosen.sorted().joined(separator: ", ")) of the \(full.count) tasks a full run runs")
            }
        }
        // The tasks share its shell when it sources them as its way of running them: in a loop
        // over them, or several by hand (one sourced task is that task's business).
        let sharedShellLine = sourcingLines.contains(where: \.viaLoop) || sourcingLines.count > 1 ? sourcingLines.first?.line : nil
        return (reasons.isEmpty ? nil : reasons.joined(separator: "; "), arguments, sharedShellLine)
    }

    /// Whether words handed to a task carry the runner's own positional parameter: `$1`, or a
    /// variable set from it (`stage=${1:?usage}`).
    static func passesItsPositional(_ words: [String], _ script: ShellScript) -> Bool {
        let fromFirst = Set(script.assignments.filter { a in
            guard let raw = a.value?.raw, a.enclosing.allSatisfy({ !$0.isFunction }) else { return false }
            return raw.contains("$1") || raw.contains("${1")
        }.map(\.name))
        return words.contains { w in
            w.contains("$1") || w.contains("${1") || fromFirst.contains { w.contains("$" + $0) || w.contains("${" + $0) }
        }
    }

    /// What a runner's loop over the tasks folder leaves out by its glob.
    struct LeftOut: Sendable, Equatable {
        let runner: String
        let glob: String
        let line: Int
    }

    /// Tasks that no script's loop over the tasks folder runs and no script names, when some
    /// loop's glob picks only some of the tasks (`for t in tasks/0[1-3]-*.sh`): the runner
    /// leaves them out of its regular run on purpose, so a full run holds them back (brk13 item 1).
    static func leftOutByGlob(in reality: RepoReality) -> [String: LeftOut] {
        reality.memo.value("runner-left-out-by-glob") {
            let folder = String(reality.layout.tasksDir.split(separator: "/").last ?? "")
            let tasks = reality.tasks.map { (name: $0.name, file: String(fileName($0.path))) }
            var matched = Set<String>(), named = Set<String>()
            var restricting: LeftOut?
            for file in reality.otherScripts {
                let values = ScriptValues(file.script)
                for loop in file.script.loops where loop.kind == .forIn {
                    let globs = loop.words.map { values.expand($0.unquotedText) }
                        .filter { mentionsTasks($0, folder: folder) && $0.contains(where: { "*?[".contains($0) }) }
                    guard !globs.isEmpty else { continue }
                    let patterns = globs.map { String($0.split(separator: "/").last ?? "") }
                    let hits = tasks.filter { t in patterns.contains { fnmatch($0, t.file, 0) == 0 } }.map(\.name)
                    matched.formUnion(hits)
                    if !hits.isEmpty, hits.count < tasks.count, restricting == nil {
                        restricting = LeftOut(runner: file.path, glob: globs[0], line: loop.startLine)
                    }
                }
            }
            guard let restricting else { return [:] }
            // Only when some glob leaves tasks out: a search per task and runner.
            for file in reality.otherScripts {
                for t in tasks where file.script.text.contains(t.name) { named.insert(t.name) }
            }
            var out: [String: LeftOut] = [:]
            for t in tasks where !matched.contains(t.name) && !named.contains(t.name) { out[t.name] = restricting }
            return out
        }
    }

    /// A runner that hands its own required argument to every task, when there is no
    /// entrypoint yet and no task can run bare: an entrypoint's full run would run nothing,
    /// so none is planned and the runner stays the way to run them (brk13 item 6).
    static func passingItsArgumentToAll(in reality: RepoReality) -> Runner? {
        guard reality.entrypoint == nil, !reality.tasks.isEmpty else { return nil }
        guard let runner = all(in: reality).first(where: { !$0.delegates && !$0.argumentTasks.isEmpty }) else { return nil }
        return reality.tasks.allSatisfy { TaskRoles.runsByNameOnly($0, in: reality) } ? runner : nil
    }

    /// A runner that keeps the plan from writing an entrypoint (`sharingItsShell`,
    /// `passingItsArgumentToAll`): what the entrypoint rule reports instead, and why no other
    /// rule points at one.
    static func keepingTheEntrypointOut(in reality: RepoReality) -> Runner? {
        sharingItsShell(in: reality) ?? passingItsArgumentToAll(in: reality)
    }

    /// Whether every call of the entrypoint names its task with a literal `--only NAME`.
    static func namesItsTasks(_ script: ShellScript, entryName: String) -> Bool {
        let calls = script.commands.filter { cmd in
            !cmd.enclosing.contains(.substitution)
                && cmd.words.contains { $0.unquotedText.hasSuffix("/" + entryName) || $0.unquotedText == entryName }
        }
        return !calls.isEmpty && calls.allSatisfy { cmd in
            guard let only = cmd.words.firstIndex(where: { $0.literal == "--only" }), only + 1 < cmd.words.count else { return false }
            return cmd.words[only + 1].literal.map { taskName(in: $0) != nil } ?? false
        }
    }

    /// Whether the script runs exactly one task, the one its first argument names
    /// (`bash "$dir/tasks/$1.sh"`, or through a variable set from `$1`): then `--only NAME`
    /// covers it. A script with options of its own (`--skip-workers`) runs more than that.
    static func runsTheTaskItsArgumentNames(_ script: ShellScript, runLines: Set<Int>) -> Bool {
        guard runLines.count == 1, let line = runLines.first,
              let cmd = script.commands.first(where: { $0.startLine == line }), let target = executedWord(cmd) else { return false }
        let fromFirst = Set(script.assignments.filter { a in
            guard let raw = a.value?.raw else { return false }
            return raw.contains("$1") || raw.contains("${1")
        }.map(\.name))
        let raw = target.raw
        guard raw.contains("$1") || raw.contains("${1") || fromFirst.contains(where: { raw.contains("$" + $0) || raw.contains("${" + $0) }) else {
            return false
        }
        // Any other positional parameter or option parsing is something `--only` does not do.
        let others = script.expansions.contains { e in
            ["2", "3", "4", "5", "6", "7", "8", "9", "@", "*"].contains(e.name) && !e.inHeredoc
        }
        return !others && !script.commands.contains { $0.name == "getopts" || $0.name == "case" }
    }

    /// A one-task wrapper (`step.sh NAME`): besides checks and messages it only hands its
    /// first argument to the entrypoint as `--only "$1"` (or a variable set from `$1`). A
    /// script whose own lines name tasks (`--only 020-db`) keeps its options and is no wrapper.
    static func handsOverItsFirstArgument(_ script: ShellScript, entryName: String) -> Bool {
        let fromFirst = Set(script.assignments.filter { ($0.value?.raw).map { $0 == "$1" || $0 == "\"$1\"" || $0 == "${1}" } ?? false }.map(\.name))
        func isFirst(_ raw: String) -> Bool {
            let bare = raw.replacingOccurrences(of: "\"", with: "")
            return bare == "$1" || bare == "${1}" || fromFirst.contains { bare == "$" + $0 || bare == "${" + $0 + "}" }
        }
        var hands = false
        for cmd in script.commands where !cmd.enclosing.contains(.substitution) {
            if cmd.words.contains(where: { $0.unquotedText.hasSuffix("/" + entryName) || $0.unquotedText == entryName }) {
                guard let only = cmd.words.firstIndex(where: { $0.literal == "--only" }), only + 1 < cmd.words.count,
                      isFirst(cmd.words[only + 1].raw) else { return false }
                hands = true
            } else if !plumbing.contains(cmd.name ?? "") && !cmd.words.isEmpty {
                return false
            }
        }
        return hands
    }

    /// The word a command runs as a program or script: its first word, or the first operand
    /// of `bash`/`sh`/`source`/`.`/`exec`/`env`/`sudo`/`command`/`time`.
    static func executedWord(_ cmd: ShellCommand) -> ShellWord? {
        guard let first = cmd.words.first else { return nil }
        let launchers: Set<String> = ["bash", "sh", "source", ".", "exec", "env", "sudo", "command", "time", "nohup"]
        guard let name = first.literal, launchers.contains(name) else { return first }
        return cmd.words.dropFirst().first { w in
            let t = w.unquotedText
            return !t.hasPrefix("-") && !(name == "env" && t.contains("=") && !t.contains("/"))
        }
    }

    /// Whether the script reads its own positional parameters or options (outside functions).
    static func readsArguments(_ script: ShellScript) -> Bool {
        let positional: Set<String> = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*", "#"]
        let reads = script.expansions.contains { e in
            positional.contains(e.name) && !e.inHeredoc && !e.enclosing.contains(where: \.isFunction)
        }
        return reads || script.commands.contains { $0.name == "getopts" || ($0.name == "shift" && $0.enclosing.isEmpty) }
    }

    /// An array assignment (`NAME=(...)`, across lines): its first line, its words and the
    /// task names among them.
    struct ArrayList {
        let name: String
        let line: Int
        let words: [String]
        let names: [String]
    }

    /// `X` of `${X[@]}` / `${X[*]}`.
    static func arrayName(_ word: String) -> String? {
        guard word.hasPrefix("${"), word.hasSuffix("[@]}") || word.hasSuffix("[*]}") else { return nil }
        return String(word.dropFirst(2).dropLast(4))
    }

    /// Array assignments (`NAME=(...)`, across lines), in order.
    static func arrayTaskNames(_ script: ShellScript) -> [ArrayList] {
        var out: [ArrayList] = []
        var open: (name: String, line: Int, words: [String])?
        for (i, raw) in script.lines.enumerated() {
            let line = raw.trimmingWhitespace()
            if line.hasPrefix("#") { continue }
            var body = Substring(line)
            if open == nil {
                guard let eq = line.range(of: "=("), line[..<eq.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "+" }),
                      !line[..<eq.lowerBound].isEmpty else { continue }
                open = (String(line[..<eq.lowerBound].filter { $0 != "+" }), i + 1, [])
                body = line[eq.upperBound...]
            }
            // The closing parenthesis of the list, not one inside a `$(...)` word.
            let closes = body.hasSuffix(")") && body.filter({ $0 == "(" }).count < body.filter({ $0 == ")" }).count
            if closes { body = body.dropLast() }
            open?.words += body.split(whereSeparator: { " \t".contains($0) }).map { String($0).replacingOccurrences(of: "\"", with: "") }
            if closes, let done = open {
                out.append(ArrayList(name: done.name, line: done.line, words: done.words,
                                     names: done.words.compactMap { taskName(in: $0.replacingOccurrences(of: "'", with: "")) }))
                open = nil
            }
        }
        return out
    }

    /// A path built from a `cd` into the tasks folder (`$(cd "$here/../tasks" && pwd)/$name`)
    /// naming a script: it runs one of the tasks.
    static func entersTasks(_ text: String, folder: String) -> Bool {
        !folder.isEmpty && text.contains(".sh") && (text.contains("/\(folder)\" && pwd)") || text.contains("/\(folder) && pwd)"))
    }

    static func mentionsTasks(_ text: String, folder: String) -> Bool {
        guard text.contains(".sh") || text.contains("*") else { return false }
        if folder.isEmpty { return text.contains("[0-9]") }
        return text.contains(folder + "/")
    }

    /// `045-dns-zone`, `tasks/045-dns-zone.sh`, `./045-dns-zone.sh` -> `045-dns-zone`.
    static func taskName(in word: String) -> String? {
        var name = Substring(word.split(separator: "/").last ?? Substring(word))
        if name.hasSuffix(".sh") { name = name.dropLast(3) }
        guard InfraLayout.isNumberedScript(String(name) + ".sh"),
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else { return nil }
        return String(name)
    }
}

/// The text a script's plain variables stand for, so `"$task_dir/$t"` can be seen to name
/// the tasks folder. One level of top-level assignments and loop words; anything else stays
/// as written.
struct ScriptValues {
    private var values: [String: String] = [:]

    init(_ script: ShellScript) {
        for a in script.assignments where a.enclosing.allSatisfy { !$0.isFunction } {
            guard let value = a.value, values[a.name] == nil else { continue }
            values[a.name] = value.unquotedText
        }
        for loop in script.loops where loop.kind == .forIn {
            if let v = loop.variable, let first = loop.words.first, values[v] == nil { values[v] = first.unquotedText }
        }
    }

    /// `text` with `$NAME` and `${NAME}` replaced by what NAME was set to (twice, for one
    /// variable built from another).
    func expand(_ text: String) -> String {
        guard text.contains("$") else { return text }
        var out = text
        for _ in 0..<2 { out = expandOnce(out) }
        return out
    }

    private func expandOnce(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        func isName(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            var after = rest[rest.index(after: dollar)...]
            let braced = after.first == "{"
            if braced { after = after.dropFirst() }
            let name = after.prefix(while: isName)
            let end = after.index(after.startIndex, offsetBy: name.count)
            if let value = values[String(name)], !name.isEmpty, !braced || after[end...].first == "}" {
                out += value
                rest = braced ? after[after.index(after: end)...] : after[end...]
            } else {
                out += "$"
                rest = rest[rest.index(after: dollar)...]
            }
        }
        return out + rest
    }
}
