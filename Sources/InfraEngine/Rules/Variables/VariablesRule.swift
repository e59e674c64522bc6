import ShellReader

/// No task reads a variable that nothing sets, defaults or validates: under `set -u` such a
/// read stops the task halfway, after some of its work is done.
public struct VariablesRule: Rule {
    public let id = "variables"
    public let purpose = "Every variable a task reads is set, derived, defaulted or validated up front, and listed in the required environment."

    public init() {}

    /// Variables a task can derive from another instead of asking for it: name -> (source, expression).
    static let derivations: [String: (source: String, expression: String)] = [
        "REGION": ("ZONE", "${ZONE%-*}"),
    ]

    /// One variable one task reads without setting or checking it.
    struct Unchecked {
        let name: String
        let lines: [Int]
        /// The variable it is derived from, when it can be.
        let derivedFrom: String?
    }

    /// The unchecked reads of each task, in task order.
    static func unchecked(in reality: RepoReality) -> [(task: ShellFile, reads: [Unchecked])] {
        let uses = RequiredEnvironment.uses(in: reality)
        let libraryNames = Set(reality.libraries.flatMap { $0.script.assignments.filter { $0.enclosing.isEmpty }.map(\.name) })
        // A zone the scaffolding already asks for makes a region derivable.
        let known = Set(uses.map(\.name))
        // Per task, not a walk of every use for every task (quadratic on thousands of tasks).
        var validatedIn: [String: Set<String>] = [:]
        for use in uses where use.validated { validatedIn[use.path, default: []].insert(use.name) }
        var out: [(ShellFile, [Unchecked])] = []
        for task in reality.tasks {
            let script = task.script
            let assigned = Set(script.assignments.filter { $0.kind != .prefix }.map(\.name)).union(libraryNames)
            let validated = validatedIn[task.path] ?? []
            var lines: [String: [Int]] = [:]
            for exp in script.expansions where RequiredEnvironment.isEnvName(exp.name) && !exp.isIndirect && !exp.hasDefault {
                guard !assigned.contains(exp.name), !validated.contains(exp.name) else { continue }
                if !(lines[exp.name]?.contains(exp.line) ?? false) { lines[exp.name, default: []].append(exp.line) }
            }
            let reads = lines.keys.sorted().map { name in
                let d = derivations[name].flatMap { known.contains($0.source) ? $0.source : nil }
                return Unchecked(name: name, lines: lines[name]!.sorted(), derivedFrom: d)
            }
            if !reads.isEmpty { out.append((task, reads)) }
        }
        return out
    }

    public func findings(in reality: RepoReality) -> [Finding] {
        var out: [Finding] = []
        for (task, reads) in Self.unchecked(in: reality) {
            let strict = task.script.strictMode.nounset ? "under `set -u`" : "(and will under `set -u`)"
            for read in reads {
                let at = read.lines.count > 1 ? " (lines \(read.lines.map(String.init).joined(separator: ", ")))" : ""
                let fix = read.derivedFrom.map { "; derive it from \($0)" } ?? "; validate it up front"
                out.append(Finding(rule: id, key: "unchecked-\(read.name)", file: task.path, line: read.lines[0],
                                   message: "reads `$\(read.name)` \(strict)\(at), but nothing sets, defaults or validates it\(fix)"))
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
        let library = reality.libraries.flatMap { lib in lib.script.functions.map(\.name) }
        var required = RequiredEnvironment.Tally(reality)
        for (task, reads) in Self.unchecked(in: reality) {
            let text = VariablesEdit.rewrite(task, reads: reads, libraryFunctions: Set(library))
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
            let derived = reads.filter { $0.derivedFrom != nil }
            let checked = Set(reads.filter { $0.derivedFrom == nil }.map(\.name) + derived.compactMap(\.derivedFrom)).sorted()
            var what: [String] = []
            if !checked.isEmpty { what.append("validates \(checked.joined(separator: ", ")) up front") }
            for d in derived { what.append("derives \(d.name) from \(d.derivedFrom!) when it is not set") }
            let run = "./\(reality.layout.entrypoint) --only \(task.name)"
            drafts.append(OperationDraft(
                id: "variables-env-\(task.name)",
                title: "Check the environment \(task.name) reads",
                risk: .low,
                rationale: "\(task.path) reads \(reads.map { "$" + $0.name }.joined(separator: ", ")) without setting or checking "
                    + "\(reads.count == 1 ? "it" : "them"); under `set -u` the task stops halfway with `unbound variable`. "
                    + "It now \(what.joined(separator: " and ")), and the entrypoint's REQUIRED_ENV lists what a person must export.",
                findings: reads.map { Finding(rule: id, key: "unchecked-\($0.name)", file: task.path, line: 1, message: "").id },
                dependsOn: context.operations(touching: task.path),
                preconditions: ["the working tree is committed, so the change can be reviewed and reverted"],
                commands: ["bash -n \(task.path)", "\(run) --dry-run", "env -u \(checked.first ?? reads[0].name) \(run)"],
                expectedOutputs: ["--dry-run names any missing variable before anything runs",
                                  "with \(checked.first ?? reads[0].name) unset the task stops at once with a message naming it, before touching anything"],
                edits: edits))
        }
        return drafts
    }
}

/// The text changes: add names to the task's existing validation call, or add one, and the
/// derivations right after it.
enum VariablesEdit {
    static func rewrite(_ task: ShellFile, reads: [VariablesRule.Unchecked], libraryFunctions: Set<String>) -> String {
        let script = task.script
        var names: [String] = []
        for read in reads {
            let name = read.derivedFrom ?? read.name
            if !names.contains(name) { names.append(name) }
        }
        let validatedHere = Set(RequiredEnvironment.uses(in: [task]).filter(\.validated).map(\.name))
        names.removeAll { validatedHere.contains($0) }
        var derivations: [String] = []
        for r in reads where r.derivedFrom != nil {
            let expression = VariablesRule.derivations[r.name]!.expression
            derivations.append("\(r.name)=\"${\(r.name):-\(expression)}\"")
        }
        let firstRead = reads.flatMap(\.lines).min() ?? Int.max
        var editor = LineEditor(script.text)
        // An existing top-level call of a validator (`require_env A B`) before the first read.
        let call = script.commands.first { cmd in
            guard let n = cmd.name, RequiredEnvironment.validators.contains(n), cmd.enclosing.isEmpty,
                  cmd.startLine < firstRead else { return false }
            return CommandText(cmd, in: script).ownsItsLines
        }
        if let call {
            if !names.isEmpty {
                let t = CommandText(call, in: script)
                editor.replace(call.startLine...call.endLine,
                               with: t.lines(inserting: [(call.endOffset, " " + names.joined(separator: " "))]))
            }
            editor.insert(derivations, after: call.endLine)
            return editor.text()
        }
        var lines: [String] = []
        let canCall = libraryFunctions.contains("require_env") && !script.sources.isEmpty
            || script.functions.contains { $0.name == "require_env" }
        if !names.isEmpty {
            if canCall {
                lines.append("require_env \(names.joined(separator: " "))")
            } else {
                lines += names.map { ": \"${\($0):?\($0) must be set (see the required environment)}\"" }
            }
        }
        lines += derivations
        editor.insert(lines, after: anchor(script, before: firstRead))
        return editor.text()
    }

    /// After the last top-level `source` or `set` line near the top, else after the shebang.
    static func anchor(_ script: ShellScript, before limit: Int) -> Int {
        let top = script.commands.filter { cmd in
            cmd.enclosing.isEmpty && cmd.endLine < limit && (cmd.name == "source" || cmd.name == "." || cmd.name == "set")
                && CommandText(cmd, in: script).ownsItsLines
        }
        if let last = top.map(\.endLine).max() { return last }
        return script.shebang == nil ? 0 : 1
    }
}

extension RequiredEnvironment {
    /// `uses(in:)` for a single file, without a whole repository.
    static func uses(in files: [ShellFile]) -> [Use] {
        var out: [Use] = []
        for file in files {
            for exp in file.script.expansions where isEnvName(exp.name) && (exp.op == ":?" || exp.op == "?") {
                out.append(Use(name: exp.name, path: file.path, line: exp.line, validated: true))
            }
            for cmd in file.script.commands {
                guard let name = cmd.name else { continue }
                if validators.contains(name) {
                    for arg in cmd.arguments { if let v = arg.literal, isEnvName(v) { out.append(Use(name: v, path: file.path, line: cmd.startLine, validated: true)) } }
                }
                if name == "[" || name == "[[" || name == "test" {
                    let words = cmd.arguments.map(\.unquotedText)
                    if let flag = words.firstIndex(where: { $0 == "-n" || $0 == "-z" }), flag + 1 < words.count,
                       let v = variableName(in: words[flag + 1]), isEnvName(v) {
                        out.append(Use(name: v, path: file.path, line: cmd.startLine, validated: true))
                    }
                }
            }
        }
        return out
    }
}
