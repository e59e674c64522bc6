import ShellReader

/// Strict mode that keeps what the author wrote (issue 13, item 8): the flags already on a
/// `set` line stay (`-x` tracing, `-E`), and an option switched off later on purpose
/// (`set +u` around optional variables) counts as chosen, not missing.
enum StrictModeLine {
    /// The strict options the script switches on somewhere in its own shell with `set`,
    /// whether or not a later `set +...` turns them off again.
    static func intended(_ script: ShellScript) -> StrictMode {
        var mode = StrictMode()
        // A shebang's flags (`#!/bin/bash -eu`) are not counted: `bash task.sh`, which the
        // entrypoint runs, ignores the shebang, so the task never ran with them there (the
        // session-9 tester's D2); the `set` line makes them hold however it is run.
        for cmd in script.commands where cmd.name == "set" && cmd.enclosing.allSatisfy(runsInOwnShell) {
            let on = switchedOn(cmd)
            mode.errexit = mode.errexit || on.errexit
            mode.nounset = mode.nounset || on.nounset
            mode.errtrace = mode.errtrace || on.errtrace
            mode.pipefail = mode.pipefail || on.pipefail
        }
        return mode
    }

    /// The strict options one `set` command switches on (`-euo pipefail`, `-o nounset`);
    /// `+` forms switch off and are not counted (bash manual, "The Set Builtin").
    static func switchedOn(_ set: ShellCommand) -> StrictMode {
        var mode = StrictMode()
        let args = set.arguments.map { $0.literal ?? "" }
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            guard arg.hasPrefix("-"), arg.count > 1, arg != "--" else { continue }
            for letter in arg.dropFirst() {
                switch letter {
                case "e": mode.errexit = true
                case "u": mode.nounset = true
                case "E": mode.errtrace = true
                case "o":
                    guard i < args.count else { break }
                    switch args[i] {
                    case "errexit": mode.errexit = true
                    case "nounset": mode.nounset = true
                    case "pipefail": mode.pipefail = true
                    default: break
                    }
                    i += 1
                default: break
                }
            }
        }
        return mode
    }

    private static func runsInOwnShell(_ c: ShellConstruct) -> Bool {
        switch c {
        case .function, .subshell, .substitution: return false
        default: return true
        }
    }

    /// Whether `cmd` runs every time the task runs, in the task's own shell: at the top level
    /// (no if/case/loop/function/subshell/group around it) and not part of an and-or list or
    /// pipeline (`[[ $DEBUG == 1 ]] && set -x` runs only when the test passes; a pipeline's
    /// commands run in subshells), nor in the background. Only such a `set` may take the
    /// strict-mode flags: added to any other, strict mode would hold only when it runs.
    /// Bash manual, "Lists of Commands" and "Pipelines".
    static func runsUnconditionally(_ cmd: ShellCommand) -> Bool {
        cmd.enclosing.isEmpty && cmd.operatorBefore == nil && (cmd.operatorAfter == nil || cmd.operatorAfter == ";")
            && !cmd.negated && !cmd.background
    }

    /// The `set` line with what strict mode lacks added after what is there:
    /// `set -x` -> `set -x -euo pipefail`, `set -eo pipefail` -> `set -eo pipefail -u`.
    /// What the helpers rule makes of the task: `intended`, with errexit counted as settled
    /// when the task reads `$?` itself (`cmd; if [ $? -ne 0 ]; then ...`): under `set -e` the
    /// failing command would end the task before its own check ran (bash manual, "The Set
    /// Builtin"), so `-e` is not added there; `-u` and pipefail still are.
    /// Pipefail likewise counts as settled when a pipeline's reader can stop early
    /// (`EarlyPipeReaders`): added, it would fail pipelines that work.
    /// `hazards` extends both to what the task calls and adds the other kinds
    /// (`StrictModeHazards`); a task another script sources gets nothing.
    static func target(_ script: ShellScript, hazards: StrictModeHazards? = nil) -> StrictMode {
        var mode = intended(script)
        guard let hazards else {
            // The task read alone: its own `$?` and pipes.
            if !mode.errexit && checksExitStatus(script) { mode.errexit = true }
            if !mode.pipefail && EarlyPipeReaders.firstLine(in: script) != nil { mode.pipefail = true }
            return mode
        }
        // The hazards read the task's own `$?` and pipes first, then what it calls.
        if hazards.sourcedBy != nil { return StrictMode(errexit: true, nounset: true, pipefail: true, errtrace: mode.errtrace, line: mode.line) }
        if hazards.errexit != nil { mode.errexit = true }
        if hazards.pipefail != nil { mode.pipefail = true }
        return mode
    }

    /// Whether the script reads `$?` (outside single quotes and heredocs, where bash expands it).
    static func checksExitStatus(_ script: ShellScript) -> Bool {
        script.expansions.contains { $0.name == "?" && !$0.inHeredoc }
    }

    static func merged(arguments: [String], have: StrictMode) -> String {
        var letters = ""
        if !have.errexit { letters += "e" }
        if !have.nounset { letters += "u" }
        var added: [String] = []
        if !letters.isEmpty || !have.pipefail {
            added.append("-" + letters + (have.pipefail ? "" : "o pipefail"))
        }
        return (["set"] + arguments + added).joined(separator: " ")
    }
}
