import ShellReader

extension BranchFacts {
    /// For a command after an and-or list that exits 0 when the thing exists (`probe && exit
    /// 0`, `probe && { log "there"; exit 0; }`, `! probe || return 0`) at its level or an
    /// outer one: the line of that list. Carrying on past it means the exit did not run, so
    /// the list before the exit took the other way (false for `&&`, true for `||`). An exit
    /// in a `( )` subshell leaves only the subshell, so only `{ }` groups count.
    func listExit(before command: ShellCommand) -> Int? {
        for (i, c) in script.commands.enumerated() where c.startOffset < command.startOffset {
            guard c.name == "exit" || c.name == "return", (c.arguments.first?.literal ?? "0") == "0", c.operatorAfter == nil else { continue }
            var member: (op: String, level: [ShellConstruct], last: Int)?
            if let op = c.operatorBefore, op == "&&" || op == "||" {
                member = (op, c.enclosing, i - 1)
            } else if c.operatorBefore == nil, let (group, depth) = script.innermostGroup(of: c), group.kind == .brace,
                      c.enclosing.count == depth + 1, let op = group.operatorBefore, op == "&&" || op == "||", group.operatorAfter == nil {
                // The exit runs whenever its group does (it is at the group's own level).
                let last = (script.commands.firstIndex { $0.startOffset >= group.startOffset } ?? script.commands.count) - 1
                member = (op, Array(c.enclosing.prefix(depth)), last)
            }
            guard let m = member, m.last >= 0, m.level.count <= command.enclosing.count,
                  Array(command.enclosing.prefix(m.level.count)) == m.level,
                  let o = listOutcome(level: m.level, before: m.last), o.lookups else { continue }
            let carryingOn = m.op == "&&" ? o.ifFalse : o.ifTrue
            if carryingOn.contains(where: { !$0.exists }) { return script.commands[m.last].startLine }
        }
        return nil
    }
}
