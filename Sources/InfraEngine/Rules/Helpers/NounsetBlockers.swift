import ShellReader

/// Why `set -u` is not added to a task: something it runs reads a parameter that can be
/// unset in a way no default can be written for.
///
/// Under `set -u` bash stops at "an attempt to expand an unset variable or parameter other
/// than the special parameters `@` or `*`" (bash manual, The Set Builtin). The library's
/// functions run in the task's shell, so its options reach them: a `require_env` that reads
/// `${!v}` for a name that is not set, or tests a flag it only sets on one branch
/// (`missing=1` inside an `if`, read after it), stops with `unbound variable` and the
/// message it was written to print is lost. The patch cannot rewrite the library's code for
/// one task, so the task keeps running without `-u` and an info finding says why.
typealias NounsetBlocker = OptionHazard

extension StrictModeLine {
    /// `target`, with `-u` counted as settled when the task (`NounsetSafeReads.blocker`) or
    /// the library code it calls (`libraryBlocker`) reads what `-u` would stop at.
    /// `hazards` (`StrictModeHazards`) settles `-e` and pipefail as `target(_:hazards:)` does;
    /// a task another script sources is settled whole.
    static func target(_ script: ShellScript, hazards: StrictModeHazards?, libraryBlocker: NounsetBlocker?) -> StrictMode {
        var mode = target(script, hazards: hazards)
        if !mode.nounset && nounsetBlocker(script, libraryBlocker: libraryBlocker) != nil { mode.nounset = true }
        return mode
    }

    static func nounsetBlocker(_ script: ShellScript, libraryBlocker: NounsetBlocker?) -> NounsetBlocker? {
        if let e = NounsetSafeReads.blocker(script) {
            return NounsetBlocker(line: e.line, message: NounsetSafeReads.blockerMessage(e))
        }
        return libraryBlocker
    }
}

extension HelpersAnalysis {
    /// The first library function the task calls (directly or through other library
    /// functions) that reads a name `-u` would stop at; nil when there is none.
    func nounsetBlocker(_ task: TaskState) -> NounsetBlocker? {
        // `(( RETRIES > 0 )) || RETRIES=3`, `echo "$X"; X=1`: unset at the read, which `-u`
        // stops at (the session-9 tester's D7). Moving lines is a person's call (the variables
        // rule reports it), so the task keeps running without `-u`.
        if let early = task.earlyRead {
            return NounsetBlocker(line: early.line,
                                  message: "reads `$\(early.name)` on line \(early.line), before line \(early.providedAt) sets it; under `set -u` "
                                      + "bash stops there with `unbound variable`, so `-u` is not added")
        }
        // A library's top level runs in the task that sources it (or will, once the patch adds
        // the source line): an optional name it reads bare stops the task under `-u` (the
        // session-9 second tester's D3: `if [ "$ENV" = prod ]` in a config library).
        for path in task.sourced + (shouldSourceLibrary(task) ? [library] : []) {
            guard let (line, name) = libraryTopLevelOptionalReads[path] else { continue }
            return NounsetBlocker(line: 1, message: "sources `\(path)`, whose top level reads `$\(name)` (line \(line)), which may be unset; "
                                      + "under `set -u` bash stops there with `unbound variable`, so `-u` is not added")
        }
        let own = Set(task.ownFunctions.map(\.name))
        // Each library function reached, with the line of the task's call that leads to it.
        var queue: [(name: String, line: Int)] = task.file.script.commands.compactMap { c in
            guard let n = c.name, !own.contains(n), libraryDefinitions[n] != nil else { return nil }
            return (n, c.startLine)
        }
        var seen: Set<String> = []
        var index = 0
        while index < queue.count {
            let (name, line) = queue[index]
            index += 1
            guard seen.insert(name).inserted, let def = libraryDefinitions[name], let body = libraryBodies[name] else { continue }
            if let (libraryLine, variable) = libraryOptionalReads[name] {
                return NounsetBlocker(
                    line: line,
                    message: "calls `\(name)` (\(def.path):\(libraryLine)), which reads `$\(variable)`, a name that may be unset; "
                        + "under `set -u` bash stops there with `unbound variable` instead of running it, so `-u` is not added")
            }
            if let why = libraryUnsetReads[name] {
                return NounsetBlocker(
                    line: line,
                    message: "calls `\(name)` (\(def.path):\(def.function.startLine + why.line - 1)), which reads \(why.what); "
                        + "under `set -u` bash stops there with `unbound variable` instead of running it, so `-u` is not added")
            }
            queue += body.commands.compactMap { c in
                guard let n = c.name, libraryDefinitions[n] != nil, !seen.contains(n) else { return nil }
                return (n, line)
            }
        }
        return nil
    }

    /// A read in a function's body that `-u` can stop at although the function works
    /// without it: an indirect `${!v}` with no default, or a name the body assigns only on
    /// some paths (inside an `if`, a loop or a `case`) or only after the read, and `local x`
    /// without a value (declared, still unset). Names the body never assigns are the
    /// caller's (the environment the variables rule checks) and are not judged here.
    static func unsetRead(in body: ShellScript) -> (line: Int, what: String)? {
        if let e = body.expansions.first(where: { $0.isIndirect && !$0.hasDefault && !$0.isLength }) {
            return (e.line, "`${!\(e.name)}` with no default (the value of whatever name `\(e.name)` holds)")
        }
        // An assignment reaches a later read when it sits in the read's own construct or one
        // around it (`rc=$?` then `[ "$rc" -eq 0 ]` in one loop body); one inside an `if`,
        // loop or `case` the read is outside of runs on some paths only.
        // A condition's assignment (`while read -r line`, `if out=$(cmd)`) reaches its body.
        func reaches(_ a: ShellAssignment, _ e: ShellExpansion) -> Bool {
            let outer = a.enclosing.map { c -> ShellConstruct in
                switch c {
                case .loopHead(let k): return .loopBody(k)
                case .ifCondition(let k): return .ifBody(k)
                default: return c
                }
            }
            return a.line <= e.line && outer.count <= e.enclosing.count && Array(e.enclosing.prefix(outer.count)) == outer
        }
        for e in body.expansions where !e.hasDefault && !e.isIndirect && isName(e.name) {
            let sets = body.assignments.filter { $0.name == e.name && $0.kind != .prefix }
            guard !sets.isEmpty else { continue }
            // Lines, not offsets: a one-line function (`f() { local m=$1; echo "$m"; }`)
            // sets and reads on one line, and the assignment comes first in every such shape.
            let initialised = sets.contains { a in
                reaches(a, e) && (a.value != nil || a.kind == .read || a.kind == .forLoopVariable)
            } || sets.contains { $0.kind == .forLoopVariable && $0.line <= e.line }
            if !initialised {
                return (e.line, "`$\(e.name)`, which it sets only on some paths or after that read")
            }
        }
        return nil
    }

    /// A variable's name (not `$1`, `$?`, `$@`).
    private static func isName(_ name: String) -> Bool {
        guard let first = name.first else { return false }
        return first == "_" || first.isLetter
    }
}

extension SharedHelpersRule {
    /// The variables rule's switch findings this operation fixes: adding `-u`, it writes every
    /// switch read with the default that finding asks for (`VariablesEdit.switchDefaults`, and
    /// `${X:-}` for an emptiness test's read), so the variables rule has nothing left to patch there.
    /// Read on the task as it is (the patch moves lines), by the reads' own byte ranges.
    static func switchFindings(fixedBy edits: [String: FileEdit], _ a: HelpersAnalysis, in reality: RepoReality) -> [String] {
        var out: [String] = []
        for state in a.tasks where edits[state.file.path] != nil {
            let task = state.file
            let script = task.script
            let switches = UncheckedReads.of(task, in: reality).filter(\.isSwitch)
            guard !switches.isEmpty else { continue }
            let mode = StrictModeLine.target(script, hazards: StrictModeHazards.of(task, library: a.library, in: reality),
                                             libraryBlocker: a.nounsetBlocker(state))
            guard !mode.isStrict && !mode.nounset else { continue }
            let rewritten = Set(NounsetSafeReads.emptinessTestReads(script).map(\.start)
                + VariablesEdit.switchDefaults(switches, in: script).map(\.start))
            for read in switches {
                let lines = Set(read.lines)
                let left = script.expansions.contains {
                    $0.name == read.name && lines.contains($0.line) && !$0.hasDefault && !rewritten.contains($0.startOffset)
                }
                if !left { out.append(Finding(rule: VariablesRule().id, key: "unchecked-\(read.name)", file: task.path, line: 1, message: "").id) }
            }
        }
        return out
    }
}
