import ShellReader

/// Why a task must not get `set -e`: it relies on a non-zero status that is not a failure,
/// where `-e` would end it (`ErrexitContext`, bash manual "The Set Builtin"). The kinds:
/// - it reads `$?` or `PIPESTATUS` itself (it handles the status after the command);
/// - a bare `(( ))` or `let` (status 1 when the value is 0, "Shell Arithmetic": `((count++))`
///   with count=0), and `expr` (exit 1 on a 0 or empty result, expr(1));
/// - a bare `diff`, `cmp`, `grep` or `kubectl diff` (through wrappers too): exit status 1
///   is their answer (differences, no match); so is a bare `git diff --quiet`,
///   `terraform plan -detailed-exitcode` or `helm diff --detailed-exitcode` (`statusQuestion`);
/// - a bare `shift` when the arguments are optional (`optionalShift`), a bare `read` (end of
///   input), a command whose errors are silenced or a delete of what may be gone (`tolerated`);
/// - a bare call to a function (its own or a sourced library's) that reads `$?`/`PIPESTATUS`
///   (a retry loop), ends in an `&&` list, a test or `!` (a function's status is its last
///   command's, "Shell Functions"), returns a non-zero status, or has such a command itself.
/// The first one found is reported; nil when `-e` keeps the task working.
enum ErrexitHazards {
    typealias Hazard = OptionHazard

    static func first(in task: ShellFile, functions: CalledFunctions, scope: FunctionScope) -> Hazard? {
        let script = task.script
        if let read = script.expansions.first(where: { ($0.name == "?" || $0.name == "PIPESTATUS") && !$0.inHeredoc }) {
            if read.name == "?" {
                return Hazard(line: script.strictMode.line ?? 1,
                              message: "checks `$?` itself after its commands, so `set -e` is not added (it would end the task before that check)")
            }
            return Hazard(line: read.line, message: "reads `PIPESTATUS` (line \(read.line)) to handle a pipeline's status itself, "
                + "so `set -e` is not added (it would end the task before that check)")
        }
        let top = script.commands.filter { $0.functionName == nil && ErrexitContext.ends($0, in: script) }
        var visited: Set<String> = []
        for cmd in top {
            if let why = optionalShift(cmd, in: script) {
                return Hazard(line: cmd.startLine, message: "line \(cmd.startLine): \(why), so `set -e` is not added")
            }
            if let why = hazard(cmd, scope: scope, functions: functions, visited: &visited) {
                return Hazard(line: cmd.startLine, message: "line \(cmd.startLine): \(why), so `set -e` is not added")
            }
        }
        return nil
    }

    /// The same for a file the task sources (or will source: the library the patch adds):
    /// its top-level code runs in the task's shell under the task's options, and `source`
    /// returns the status of its last command ("Bourne Shell Builtins"), so a library ending
    /// in `[ -f .env ] && . .env` ends a task that sources it under `-e`.
    static func firstInSourced(_ file: ShellFile, functions: CalledFunctions, scope: FunctionScope) -> Hazard? {
        let script = file.script
        var visited: Set<String> = []
        let top = script.commands.filter { $0.functionName == nil }
        if let last = lastStatement(of: top, direct: [], in: script), nonZeroOnABranch(last) {
            return Hazard(line: last.startLine, message: "\(file.path) ends (line \(last.startLine)) in an `&&` list, a test or `!`, "
                + "so sourcing it returns non-zero on one branch, which `set -e` takes for a failure; `set -e` is not added")
        }
        for cmd in top where ErrexitContext.ends(cmd, in: script) {
            if let why = hazard(cmd, scope: scope, functions: functions, visited: &visited) {
                return Hazard(line: cmd.startLine, message: "\(file.path) line \(cmd.startLine), run when the task sources it: \(why), so `set -e` is not added")
            }
        }
        return nil
    }

    /// Why `cmd`, run where `-e` applies, would end the task though nothing failed.
    private static func hazard(_ cmd: ShellCommand, scope: FunctionScope, functions: CalledFunctions, visited: inout Set<String>) -> String? {
        let call = CalledFunctions.unwrapped(cmd)
        let name = call.name
        switch name {
        case "((", "let":
            return "`\(name!)` returns status 1 when its value is 0 (`((count++))` with count=0), which `set -e` takes for a failure"
        case "diff", "cmp", "grep", "egrep", "fgrep":
            return "a bare `\(name!)` exits 1 as an answer (differences, no match), which `set -e` takes for a failure"
        case "expr":
            return "`expr` exits 1 when its result is 0 or empty (`expr 4 - 4`), which `set -e` takes for a failure"
        default: break
        }
        let effective = EffectiveCommand.resolve(cmd, scope: scope.summaries)
        if let effective, effective.tool == "kubectl", effective.subcommand == "diff" {
            return "a bare `kubectl diff` exits 1 when there are differences, which `set -e` takes for a failure"
        }
        if let why = tolerated(cmd, call: call, effective: effective) { return why }
        guard let name, let def = functions[name], !visited.contains(name) else { return nil }
        visited.insert(name)
        return functionHazard(def, scope: scope, functions: functions, visited: &visited).map { "`\(name)` (\(def.file.path)) \($0)" }
    }

    /// Whether `e` is read in `fn`'s own body (by its lines and its enclosing function).
    static func inBody(_ e: ShellExpansion, of fn: ShellFunction) -> Bool {
        e.line >= fn.startLine && e.line <= fn.endLine && e.enclosing.contains(.function(fn.name))
    }

    /// Why a bare call of `def` would end the task under `-e`.
    private static func functionHazard(_ def: CalledFunctions.Definition, scope: FunctionScope, functions: CalledFunctions,
                                       visited: inout Set<String>) -> String? {
        let fn = def.function
        let script = def.file.script
        if script.expansions.contains(where: { ($0.name == "?" || $0.name == "PIPESTATUS") && !$0.inHeredoc
            && inBody($0, of: fn) }) {
            return "reads `$?` after its commands (a retry or status check); called bare, `set -e` would end the task at the first failure before that check"
        }
        if let last = lastStatement(def), nonZeroOnABranch(last) {
            return "returns the status of its last command (line \(last.startLine): an `&&` list, a test or `!`), non-zero on one branch; "
                + "called bare, `set -e` would end the task there"
        }
        for cmd in def.body where ErrexitContext.ends(cmd, in: script, scopeDepth: ErrexitContext.bodyDepth(cmd, function: fn.name)) {
            if let why = optionalShift(cmd, in: script, function: fn) { return "has \(why) (line \(cmd.startLine))" }
            if cmd.name == "return", let code = cmd.arguments.first, code.literal != "0" {
                return "returns a non-zero status on purpose (line \(cmd.startLine)); called bare, `set -e` would end the task there"
            }
            if let why = hazard(cmd, scope: scope, functions: functions, visited: &visited) {
                return "has \(why) (line \(cmd.startLine))"
            }
        }
        return nil
    }

    /// A last statement whose status is non-zero on one branch: an `&&` list, a test, `!`.
    private static func nonZeroOnABranch(_ last: ShellCommand) -> Bool {
        last.negated || last.operatorBefore == "&&" || ["[", "[[", "test"].contains(last.name ?? "")
    }

    /// The function's last statement when it is a simple command (a compound one after it, an
    /// `if` or a loop, has a status of its own and is not judged).
    private static func lastStatement(_ def: CalledFunctions.Definition) -> ShellCommand? {
        let fn = def.function
        return lastStatement(of: def.body, direct: fn.enclosing + [.function(fn.name)], in: def.file.script)
    }

    /// The last of `commands` directly in `direct`, unless a compound command ends after it.
    private static func lastStatement(of commands: [ShellCommand], direct: [ShellConstruct], in script: ShellScript) -> ShellCommand? {
        guard let last = commands.filter({ $0.enclosing == direct }).max(by: { $0.endOffset < $1.endOffset }) else { return nil }
        let compoundAfter = script.conditionals.contains { $0.enclosing == direct && $0.endLine > last.endLine }
            || script.loops.contains { $0.enclosing == direct && $0.endLine > last.endLine }
            || script.groups.contains { $0.enclosing == direct && $0.endOffset > last.endOffset }
            || script.functions.contains { $0.enclosing == direct && $0.endOffset > last.endOffset }  // a definition returns 0
        return compoundAfter ? nil : last
    }
}
