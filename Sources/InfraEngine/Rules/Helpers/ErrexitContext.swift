import ShellReader

/// Where a failing command ends the shell under `set -e`, as bash decides it (bash manual,
/// "The Set Builtin", `-e`): not in the condition of `if`/`elif`/`while`/`until`, not in a
/// `&&`/`||` list except the command after the last operator, not in a pipeline under `!`,
/// not in a background job, and nothing inside a group or a function called in one of those
/// places. Only the status of a pipeline counts, which without pipefail is its last
/// command's; a command in `$( )` counts when its substitution is the status of a plain
/// assignment (`x=$(cmd)`), not of `local`/`export`/`declare` or of another command's word.
enum ErrexitContext {
    /// Whether a non-zero status of `cmd` would end the shell, judged within the scope that
    /// starts after the constructs at `scopeDepth` (0 for the top level; the index after a
    /// `.function` for a body, whose call site is judged by the caller).
    static func ends(_ cmd: ShellCommand, in script: ShellScript, scopeDepth: Int = 0) -> Bool {
        if cmd.background { return false }
        let inner = Array(cmd.enclosing.dropFirst(scopeDepth))
        // A substitution's commands count through the command it is a word of.
        if let sub = inner.lastIndex(of: .substitution) {
            let hostEnclosing = Array(cmd.enclosing.prefix(scopeDepth + sub))
            guard let host = script.commands.last(where: {
                $0.enclosing == hostEnclosing && $0.startOffset <= cmd.startOffset && cmd.endOffset <= $0.endOffset
            }) else { return false }
            guard host.words.isEmpty, !host.prefixAssignments.isEmpty else { return false }
            return ends(host, in: script, scopeDepth: scopeDepth)
        }
        for (i, construct) in inner.enumerated() {
            switch construct {
            case .ifCondition: return false
            case .loopHead(let n):
                if n < script.loops.count, [.whileLoop, .untilLoop].contains(script.loops[n].kind) { return false }
            case .braceGroup, .subshell:
                let outer = Array(cmd.enclosing.prefix(scopeDepth + i + 1))
                if let (group, _) = script.innermostGroup(containing: cmd.startOffset, enclosing: outer),
                   group.negated || group.operatorAfter == "&&" || group.operatorAfter == "||" {
                    return false
                }
            default: break
            }
        }
        return !pipelineExempt(cmd, in: script)
    }

    /// Whether the pipeline `cmd` is part of is under `!` or followed by `&&`/`||`.
    private static func pipelineExempt(_ cmd: ShellCommand, in script: ShellScript) -> Bool {
        if cmd.negated || cmd.operatorAfter == "&&" || cmd.operatorAfter == "||" { return true }
        let commands = script.commands
        guard commands.contains(where: { $0 === cmd }) else { return false }
        // The pipeline's other commands are `cmd`'s neighbours among the commands of its own
        // list (the same constructs around them), by position; found only while a pipe joins
        // them, so a command outside any pipeline (most) costs the check above and nothing
        // more. Sorting the list's commands on each ask made a script's check quadratic.
        func neighbour(of c: ShellCommand, after: Bool) -> ShellCommand? {
            var best: ShellCommand?
            for o in commands {
                let nearer = after ? o.startOffset > c.startOffset && (best.map { o.startOffset < $0.startOffset } ?? true)
                                   : o.startOffset < c.startOffset && (best.map { o.startOffset > $0.startOffset } ?? true)
                if nearer && o.enclosing == c.enclosing { best = o }
            }
            return best
        }
        var before = cmd
        while before.operatorBefore == "|" || before.operatorBefore == "|&", let previous = neighbour(of: before, after: false) {
            before = previous
            if before.negated { return true }
        }
        var after = cmd
        while after.operatorAfter == "|" || after.operatorAfter == "|&", let next = neighbour(of: after, after: true) {
            after = next
            if after.operatorAfter == "&&" || after.operatorAfter == "||" { return true }
        }
        return false
    }

    /// The scope depth of a function body's commands: just after its `.function` construct.
    static func bodyDepth(_ cmd: ShellCommand, function name: String) -> Int {
        (cmd.enclosing.lastIndex(of: .function(name)) ?? -1) + 1
    }
}
