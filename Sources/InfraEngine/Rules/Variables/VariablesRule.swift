import ShellReader

/// No task reads a variable that nothing sets, defaults or validates: under `set -u` such a
/// read stops the task halfway, after some of its work is done.
public struct VariablesRule: Rule {
    public let id = "variables"
    public let purpose = "Every variable a task reads is set, derived, defaulted or validated up front, and listed in the required environment."

    public init() {}

    public func findings(in reality: RepoReality) -> [Finding] {
        var out: [Finding] = []
        for (task, reads) in UncheckedReads.all(in: reality) {
            let vars = ScriptVariables.of(task, in: reality)
            let strict = task.script.strictMode.nounset ? "under `set -u`" : "(and will under `set -u`)"
            for read in reads {
                let at = read.lines.count > 1 ? " (lines \(read.lines.map(String.init).joined(separator: ", ")))" : ""
                let message: String
                switch read.remedy {
                case .validate:
                    message = "reads `$\(read.name)` \(strict)\(at), but nothing sets, defaults or validates it; validate it up front"
                case .derive(let from, let expression, _):
                    let checked = from.compactMap { n in vars.validated[n].map { "\(n) is validated on line \($0)" } }
                    let note = checked.isEmpty ? "" : " (\(checked.joined(separator: ", ")))"
                    message = "reads `$\(read.name)` \(strict)\(at), but nothing sets, defaults or validates it; "
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

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        var running = reality.snapshot
        var drafts: [OperationDraft] = []
        // One cache for every re-read: only the task just changed is parsed again.
        let cache = reality.cache
        var required = RequiredEnvironment.Tally(reality)
        let unchecked = UncheckedReads.all(in: reality)
        // Each rewrite reads its task alone, and so does the analysis of what it leaves (the
        // tally reads it below): both on every core, before the tally is kept in order.
        let rewrites = unchecked.concurrentMap { task, reads -> String in
            let text = VariablesEdit.rewrite(task, reads: reads, vars: ScriptVariables.of(task, in: reality),
                                             scope: FunctionSummaries.scope(of: task, in: reality))
            if text != task.script.text {
                _ = ScriptVariables.of(ShellFile(path: task.path, script: cache.script(path: task.path, text: text)), in: reality)
            }
            return text
        }
        for ((task, reads), text) in zip(unchecked, rewrites) {
            guard text != task.script.text else { continue }
            let mode = reality.snapshot[task.path]?.mode ?? .executable
            running.write(task.path, RepoFile(text: text, mode: mode))
            required.update(task.path, script: cache.script(path: task.path, text: text))
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
                    + (checked.isEmpty ? ", and asks nothing more of the person who runs it." : ", and the entrypoint's REQUIRED_ENV lists what a person must export."),
                findings: reads.map { Finding(rule: id, key: "unchecked-\($0.name)", file: task.path, line: 1, message: "").id },
                dependsOn: context.operations(touching: task.path),
                preconditions: ["the working tree is committed, so the change can be reviewed and reverted"],
                commands: ["bash -n \(task.path)", "\(run) --dry-run"] + checked.prefix(1).map { "env -u \($0) \(run)" },
                expectedOutputs: ["--dry-run names any missing variable before anything runs"]
                    + checked.prefix(1).map { "with \($0) unset the task stops at once with a message naming it, before touching anything" },
                edits: edits))
        }
        return drafts
    }
}

