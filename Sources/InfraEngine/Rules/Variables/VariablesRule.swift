import ShellReader

/// No task reads a variable that nothing sets, defaults or validates: under `set -u` such a
/// read stops the task halfway, after some of its work is done.
public struct VariablesRule: Rule {
    public let id = "variables"
    public let purpose = "Every variable a task reads is set, derived, defaulted or validated up front, and listed in the required environment."

    public init() {}

    public func findings(in reality: RepoReality) -> [Finding] {
        var out: [Finding] = []
        let shared = Self.sharedShellSetters(in: reality)
        for (task, reads) in UncheckedReads.all(in: reality) {
            let vars = ScriptVariables.of(task, in: reality)
            let strict = task.script.strictMode.nounset ? "under `set -u`" : "(and will under `set -u`)"
            for read in reads {
                let at = read.lines.count > 1 ? " (lines \(read.lines.map(String.init).joined(separator: ", ")))" : ""
                // Tasks a runner sources into one shell: the runner, or a task it sources
                // earlier, may set the name; the task alone does not.
                let setters = shared.map { Self.setters(of: read.name, before: task, in: $0) } ?? []
                let nothing = setters.isEmpty ? "but nothing sets, defaults or validates it"
                    : "which \(setters.joined(separator: " and ")) set\(setters.count == 1 ? "s" : "") in the shell "
                        + "\(setters == [shared!.runner] ? "it" : shared!.runner) sources the tasks into; the task alone does not set or check it"
                let message: String
                switch read.remedy {
                case .validate:
                    message = setters.isEmpty ? "reads `$\(read.name)` \(strict)\(at), \(nothing); validate it up front"
                        : "reads `$\(read.name)` \(strict)\(at), \(nothing); validate it up front, so a run without it stops with a message naming it"
                case .derive(let from, let expression, _):
                    let checked = from.compactMap { n in vars.validated[n].map { "\(n) is validated on line \($0)" } }
                    let note = checked.isEmpty ? "" : " (\(checked.joined(separator: ", ")))"
                    message = "reads `$\(read.name)` \(strict)\(at), \(nothing); "
                        + "derive it from \(from.joined(separator: ", "))\(note): `${\(read.name):-\(expression)}`, so an explicit value still wins"
                case .defaultSwitch(let value):
                    if let why = vars.optionalValues[read.name] {
                        let how = if case .part(let stem) = why { "only glued onto `\(stem)`" } else { "only printed" }
                        message = "`$\(read.name)` is \(how), so the task runs without it, "
                            + "but is read without a default \(strict)\(at); read it as `${\(read.name):-}` instead of making it required"
                    } else {
                        message = "`$\(read.name)` is an optional switch read without a default \(strict)\(at); "
                            + "read it as `${\(read.name):-\(value)}` instead of making it required"
                    }
                }
                out.append(Finding(rule: id, key: "unchecked-\(read.name)", file: task.path, line: read.lines[0], message: message))
            }
        }
        // Set by only some of the files a variable `source` path can name: loaded, never made
        // required (the documented run names a file that sets it), but reported.
        for task in reality.tasks {
            let vars = ScriptVariables.of(task, in: reality)
            for name in vars.loadedBySome.keys.sorted() {
                guard let line = vars.reads[name]?.first, let env = vars.loaded[name] else { continue }
                let setters = vars.loadedBySome[name]!
                out.append(Finding(rule: id, key: "loaded-by-some-\(name)", severity: .info, file: task.path, line: line,
                                   message: "reads `$\(name)`, which \(setters.map { "`\($0)`" }.joined(separator: ", ")) set\(setters.count == 1 ? "s" : "") "
                                       + "but not every file `\(env.path)` can name; when the path names another one, the task reads it unset"))
            }
        }
        // Read before what provides it: reported, never patched (moving lines of a working
        // script is a person's call).
        for task in reality.tasks {
            let strict = task.script.strictMode.nounset ? "under `set -u` the task stops there" : "under `set -u` the task would stop there"
            for early in ScriptVariables.earlyReads(task, vars: ScriptVariables.of(task, in: reality)) {
                out.append(Finding(rule: id, key: "read-before-provided-\(early.name)", file: task.path, line: early.line,
                                   message: "reads `$\(early.name)` before line \(early.providedAt) provides it; \(strict) "
                                       + "with `unbound variable`: provide it before this line, or move the read after line \(early.providedAt)"))
            }
        }
        return out
    }

    /// What a runner that sources the tasks into its own shell sets, and what each task sets,
    /// in the order the runner sources them; nil when no runner shares its shell.
    struct SharedShell {
        let runner: String
        /// Names the runner sets before it runs the tasks: its assignments and what the files
        /// it sources (libraries, env files, every file a pattern path can name) assign.
        let runnerSets: Set<String>
        /// Each task's path and the names it assigns, in running order.
        let tasks: [(path: String, name: String, sets: Set<String>)]
    }

    static func sharedShellSetters(in reality: RepoReality) -> SharedShell? {
        guard let runner = Runner.sharingItsShell(in: reality) else { return nil }
        func assigned(_ file: ShellFile) -> Set<String> { Set(file.script.assignments.filter { $0.kind != .local }.map(\.name)) }
        var names = assigned(runner.file)
        var files: [String] = []
        for sourced in SourceGraph.sources(of: runner.file, in: reality) {
            guard let path = sourced.path else { continue }
            files += SourcedCandidates.isPattern(path) ? SourcedCandidates.matching(path, in: reality.allPaths) : [path]
        }
        let taskPaths = Set(reality.tasks.map(\.path))
        for path in files where !taskPaths.contains(path) {
            guard let file = reality.shellFile(at: path) else { continue }
            names.formUnion(assigned(file))
            for lib in SourceGraph.closure(of: file, in: reality) { names.formUnion(assigned(lib)) }
        }
        for lib in SourceGraph.closure(of: runner.file, in: reality) where !taskPaths.contains(lib.path) { names.formUnion(assigned(lib)) }
        let tasks = reality.tasks.map { (path: $0.path, name: $0.name, sets: assigned($0)) }
        return SharedShell(runner: runner.file.path, runnerSets: names, tasks: tasks)
    }

    /// Who sets `name` in the shared shell before `task` runs: the runner, and earlier tasks.
    static func setters(of name: String, before task: ShellFile, in shell: SharedShell) -> [String] {
        var out: [String] = shell.runnerSets.contains(name) ? [shell.runner] : []
        for t in shell.tasks {
            if t.path == task.path { break }
            if t.sets.contains(name) { out.append(t.name) }
        }
        return out
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        var running = reality.snapshot
        var drafts: [OperationDraft] = []
        // One cache for every re-read: only the task just changed is parsed again.
        let cache = reality.cache
        var required = RequiredEnvironment.Tally(reality)
        let unchecked = UncheckedReads.all(in: reality)
        // A guard's message sends people to "the required environment" only where one is
        // listed: not when a runner sharing its shell keeps the plan from writing an entrypoint
        // and no runbook exists.
        let hasEntrypoint = Runner.sharingItsShell(in: reality) == nil
        let pointsAtRequired = hasEntrypoint || RunbookPlacement.existing(reality) != nil
        // Each rewrite reads its task alone, and so does the analysis of what it leaves (the
        // tally reads it below): both on every core, before the tally is kept in order.
        let tally = required
        let rewrites = unchecked.concurrentMap { task, reads -> (text: String, needs: Set<String>) in
            let text = VariablesEdit.rewrite(task, reads: reads, vars: ScriptVariables.of(task, in: reality),
                                             scope: FunctionSummaries.scope(of: task, in: reality), pointsAtRequired: pointsAtRequired)
            guard text != task.script.text else { return (text, []) }
            return (text, tally.needs(task.path, script: cache.script(path: task.path, text: text)))
        }
        for ((task, reads), (text, needs)) in zip(unchecked, rewrites) {
            guard text != task.script.text else { continue }
            let mode = reality.snapshot[task.path]?.mode ?? .executable
            running.write(task.path, RepoFile(text: text, mode: mode))
            required.update(task.path, needs: needs)
            var edits: [String: FileEdit] = [task.path: .write(text, mode: mode)]
            // The entrypoint checks what the tasks now validate, before any task runs.
            if let fixed = EntrypointConformance.repairedList(in: running, reality: reality, required: required.list) {
                edits[fixed.path] = .write(fixed.text, mode: .executable)
                running.write(fixed.path, RepoFile(text: fixed.text, mode: .executable))
                required.updateEntrypoint(cache.script(path: fixed.path, text: fixed.text))
            }
            let derived = reads.filter { !$0.derivedFrom.isEmpty }
            let switches = reads.filter(\.isSwitch)
            let checked = Set(reads.filter { $0.remedy == .validate }.map(\.name) + derived.flatMap(\.derivedFrom)).sorted()
            var what: [String] = []
            if !checked.isEmpty { what.append("validates \(checked.joined(separator: ", ")) up front") }
            for d in derived { what.append("derives \(d.name) from \(d.derivedFrom.joined(separator: ", ")) when it is not set") }
            let vars = ScriptVariables.of(task, in: reality)
            let optional = switches.filter { vars.optionalValues[$0.name] != nil }.map(\.name)
            let flags = switches.filter { vars.optionalValues[$0.name] == nil }.map(\.name)
            if !flags.isEmpty { what.append("reads \(flags.joined(separator: ", ")) with a default, as the optional switch\(flags.count == 1 ? " it is" : "es they are")") }
            if !optional.isEmpty { what.append("reads \(optional.joined(separator: ", ")) as empty when unset, as the task already ran \(optional.count == 1 ? "without it" : "without them")") }
            let run = "./\(reality.layout.entrypoint) --only \(task.name)"
            drafts.append(OperationDraft(
                id: "variables-env-\(task.name)",
                title: "Check the environment \(task.name) reads",
                risk: .low,
                rationale: "\(task.path) reads \(reads.map { "$" + $0.name }.joined(separator: ", ")) without setting, defaulting or checking "
                    + "\(reads.count == 1 ? "it" : "them"); under `set -u` the task stops halfway with `unbound variable`. "
                    + "It now \(what.joined(separator: " and "))"
                    + (checked.isEmpty ? ", and asks nothing more of the person who runs it."
                        : hasEntrypoint ? ", and the entrypoint's REQUIRED_ENV lists what a person must export."
                        : ", so a run without \(checked.count == 1 ? "it" : "them") stops at once with a message naming \(checked.count == 1 ? "it" : "the first one")."),
                findings: reads.map { Finding(rule: id, key: "unchecked-\($0.name)", file: task.path, line: 1, message: "").id },
                dependsOn: context.operations(touching: task.path),
                preconditions: ["the working tree is committed, so the change can be reviewed and reverted"],
                commands: ["bash -n \(task.path)"] + (hasEntrypoint ? ["\(run) --dry-run"] + checked.prefix(1).map { "env -u \($0) \(run)" } : []),
                expectedOutputs: (hasEntrypoint ? ["--dry-run names any missing variable before anything runs"] : ["bash -n reports no syntax error"])
                    + (hasEntrypoint ? checked.prefix(1).map { "with \($0) unset the task stops at once with a message naming it, before touching anything" } : []),
                edits: edits))
        }
        return drafts
    }
}

