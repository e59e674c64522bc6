import ShellReader

/// What sourcing the library runs besides defining functions, and whether a task that does
/// not source it yet would behave differently once it does. `source` executes the file in the
/// caller's shell (bash manual, "Bourne Shell Builtins": `.`/`source` read and execute the
/// commands from the file in the current shell), so the library's top-level assignments,
/// defaults (`: "${REGION:=europe-west1}"`), commands and functions named like the task's
/// tools all take effect in the task. The helpers rule adds a `source` line only to a task
/// none of that reaches; otherwise the task keeps its own helpers and the finding says why.
enum LibraryTopLevel {
    /// Commands a library runs at load time that change nothing a task sees beyond their
    /// assignments (read separately) and the strict options the helpers rule adds anyway.
    static let inert: Set<String> = [":", "true", "set", "export", "readonly", "declare", "typeset", "local", "source", ".",
                                     "[", "[[", "test"]

    /// Why sourcing `library` (and what it sources) would change `task`, as "…" completing
    /// "sourcing the library would …"; nil when only function definitions the task does not
    /// call under another meaning would arrive.
    static func interference(of library: ShellFile, closure: [ShellFile], with task: ShellScript) -> String? {
        let touched = Set(task.expansions.map(\.name)).union(task.assignments.map(\.name))
        let ownFunctions = Set(task.functions.map(\.name))
        let called = Set(task.commands.compactMap(\.name))
        for file in [library] + closure {
            let script = file.script
            let name = fileName(file.path)
            for a in script.assignments where a.kind != .prefix && !a.enclosing.contains(where: \.isFunction) && touched.contains(a.name) {
                return "set `\(a.name)` (\(name):\(a.line)), which this task also sets or reads"
            }
            for e in script.expansions where (e.op == ":=" || e.op == "=") && !e.enclosing.contains(where: \.isFunction) && touched.contains(e.name) {
                return "default `\(e.name)` (\(name):\(e.line)), which this task also sets or reads"
            }
            if let cmd = loadTimeCommand(script) {
                return "run `\(cmd.name ?? "")` when it loads (\(name):\(cmd.startLine))"
            }
            if let check = loadTimeCheck(script) {
                return "stop when `\(check.name)` is unset (\(name):\(check.line))"
            }
            for fn in script.functions where fn.enclosing.isEmpty && called.contains(fn.name) && !ownFunctions.contains(fn.name)
                && HelpersAnalysis.standardHelpers[fn.name] == nil && RealDependencies.standalone.contains(fn.name) {
                return "replace the `\(fn.name)` command this task runs with its function of that name (\(name):\(fn.startLine))"
            }
        }
        return nil
    }

    /// The first command a file runs when it is sourced, besides definitions, assignments
    /// and `inert` ones: `echo`, `exit`, `gcloud config set`, ... (nil when it runs none).
    static func loadTimeCommand(_ script: ShellScript) -> ShellCommand? {
        script.commands.first { c in
            // In `$(...)` or `( )` a command runs in a subshell: nothing of it reaches the task.
            guard let n = c.name, !c.enclosing.contains(where: \.isFunction), !c.enclosing.contains(.substitution),
                  !c.enclosing.contains(.subshell) else { return false }
            // `set -euo pipefail` and the like: only what strict mode turns on (the reading
            // the library-options rule makes of a library's `set` line).
            return !inert.contains(n) || (n == "set" && !LibraryShellOptionsRule.strictOptions(c.arguments.map { $0.literal ?? "?" }).1)
        }
    }

    /// The first `${NAME:?message}` (or `${NAME?message}`) a file's top level expands when it
    /// is sourced, typically `: "${PROJECT:?PROJECT must be set}"`: it checks the environment
    /// and stops the sourcing shell when NAME is unset (bash manual, "Shell Parameter
    /// Expansion"), however inert the command it sits in (`:`) looks.
    static func loadTimeCheck(_ script: ShellScript) -> ShellExpansion? {
        script.expansions.first { e in
            (e.op == ":?" || e.op == "?") && !e.isGuarded && !e.enclosing.contains(where: \.isFunction)
        }
    }

    /// The first name a file's top level reads bare (no default) before setting it: sourced by
    /// a script under `set -u` (the entrypoint's own strict mode, before its environment check
    /// has run), it stops that script with `unbound variable` when the name is unset.
    static func unsetTopLevelRead(_ script: ShellScript) -> ShellExpansion? {
        var firstSet: [String: Int] = [:]
        for a in script.assignments where a.kind != .prefix && !a.enclosing.contains(where: \.isFunction) {
            firstSet[a.name] = min(firstSet[a.name] ?? Int.max, a.line)
        }
        for e in script.expansions where e.op == ":=" || e.op == "=" { firstSet[e.name] = min(firstSet[e.name] ?? Int.max, e.line) }
        return script.expansions.first { e in
            // `DEBUG`, `CI`: names the environment may leave unset, though no task's input.
            !e.hasDefault && !e.isIndirect && (RequiredEnvironment.isEnvName(e.name) || NounsetSafeReads.mayBeUnset.contains(e.name))
                && !e.enclosing.contains(where: \.isFunction)
                && !e.enclosing.contains(.substitution) && (firstSet[e.name] ?? Int.max) >= e.line
        }
    }
}
