import ShellReader

/// Early readers reached through functions: pipefail is a shell option, so it holds inside
/// every function the task calls, a sourced library's included (bash manual, "The Set
/// Builtin": `pipefail`; "Shell Functions": functions run in the caller's shell). A library
/// probe `sa_exists() { gcloud ... list | grep -qx "$1"; }` fails under pipefail once the
/// listing outgrows the pipe buffer, and so does `kubectl get ns | has_line dev` when
/// `has_line` runs `grep -q` on its input.
extension EarlyPipeReaders {
    typealias Hazard = OptionHazard

    /// The first reason not to add `-o pipefail` to `task`; nil when it is safe.
    static func firstHazard(in task: ShellFile, functions: CalledFunctions) -> Hazard? {
        let script = task.script
        if let line = firstLine(in: script) { return Hazard(line: line, message: message(line: line)) }
        var visited: Set<String> = []
        for cmd in script.commands {
            guard let name = CalledFunctions.unwrapped(cmd).name, let def = functions[name] else { continue }
            if cmd.operatorBefore == "|" || cmd.operatorBefore == "|&", readsPart(def, functions: functions, seen: []) {
                return Hazard(line: cmd.startLine, message: "reads a pipe with `\(name)` (line \(cmd.startLine), \(def.file.path)), "
                    + "which runs a command that can stop reading early, so " + consequence)
            }
            if let (where_, line) = earlyPipeline(in: def, functions: functions, visited: &visited) {
                return Hazard(line: cmd.startLine, message: "calls `\(name)` (line \(cmd.startLine)), whose pipeline at "
                    + "\(where_):\(line) reads with a command that can stop early (`grep -q`, `head`, `read`...), so " + consequence)
            }
        }
        return nil
    }

    private static let consequence = "`-o pipefail` is not added: under pipefail the writer's SIGPIPE (141) would fail "
        + "that pipeline once its output outgrows the pipe buffer"

    /// The file and line of an early-reading pipeline in `def`'s body or a function it calls.
    private static func earlyPipeline(in def: CalledFunctions.Definition, functions: CalledFunctions,
                                      visited: inout Set<String>) -> (String, Int)? {
        guard !visited.contains(def.function.name) else { return nil }
        visited.insert(def.function.name)
        let script = def.file.script
        for cmd in def.body {
            if cutsPipeShort(cmd, in: script) { return (def.file.path, cmd.startLine) }
            if let name = CalledFunctions.unwrapped(cmd).name, let callee = functions[name] {
                if (cmd.operatorBefore == "|" || cmd.operatorBefore == "|&"), readsPart(callee, functions: functions, seen: []) {
                    return (def.file.path, cmd.startLine)
                }
                if let found = earlyPipeline(in: callee, functions: functions, visited: &visited) { return found }
            }
        }
        return nil
    }

    /// Whether a function used as a pipe's reader runs a command that may stop reading its
    /// input early (`grep -q`, `head`, a lone `read`...), directly or through another function.
    private static func readsPart(_ def: CalledFunctions.Definition, functions: CalledFunctions, seen: Set<String>) -> Bool {
        guard !seen.contains(def.function.name) else { return false }
        return def.body.contains { cmd in
            // A command fed by a pipe of its own inside the body reads that pipe, not the caller's.
            guard cmd.operatorBefore != "|" && cmd.operatorBefore != "|&" else { return false }
            if stopsEarly(cmd) { return true }
            if let name = CalledFunctions.unwrapped(cmd).name, let callee = functions[name] {
                return readsPart(callee, functions: functions, seen: seen.union([def.function.name]))
            }
            return false
        }
    }
}
