import ShellReader

/// What control flow tells about a lookup at a given command (issue 12 item 3): whether the
/// thing the lookup asks about is known to be absent there (a create is then re-runnable),
/// known to exist, or neither. Bash's own rules, read from the parsed script:
///
/// - `if C; then A; elif D; then B; else E; fi`: A runs when C succeeded, B when C failed and
///   D succeeded, E when both failed;
/// - and-or lists are left-associative: `a && b || c` is `(a && b) || c`; only the last list
///   of a condition decides it; `!` flips a pipeline's status;
/// - a lookup succeeds when the thing exists (`describe`, `get`, `status`, a probe function),
///   `[ -z "$(lookup)" ]` when it does not, `[ -n "$(lookup)" ]` when it does.
///
/// Shape: facts are literals `(pipeline, exists)`, one per lookup pipeline; a branch knows the
/// literals every way into it implies. `nil` answers mean the condition is not readable this
/// way (a compound command in it, a lookup inside a test of another shape): callers keep the
/// older reading for those.
struct BranchFacts {
    struct Literal: Hashable {
        /// Index in `script.commands` of the pipeline's first command.
        let pipeline: Int
        let exists: Bool
    }

    /// The status of a pipeline said about existence: success means the thing exists, or is absent.
    enum Meaning { case exists, absent, unreadable }

    let script: ShellScript
    /// How a command reads as a lookup of the tool in question (nil: no lookup).
    let meaning: (ShellCommand) -> Meaning?
    /// Whether a command's status is 0 in practice (`cannotFail`, or a function that only prints).
    let succeeds: (ShellCommand) -> Bool

    init(script: ShellScript, succeeds: @escaping (ShellCommand) -> Bool = BranchFacts.cannotFail,
         meaning: @escaping (ShellCommand) -> Meaning?) {
        self.script = script
        self.succeeds = succeeds
        self.meaning = meaning
    }

    /// The literals known true when `indices` (the commands of one and-or list, in order)
    /// exits 0 (`ifTrue`) and when it does not (`ifFalse`); nil when a part is unreadable.
    func outcome(ofList indices: [Int]) -> (ifTrue: Set<Literal>, ifFalse: Set<Literal>, lookups: Bool)? {
        var t: Set<Literal> = [], f: Set<Literal> = []
        var lookups = false
        var first = true
        var k = 0
        while k < indices.count {
            let op = first ? nil : script.commands[indices[k]].operatorBefore
            // One pipeline: this command and those joined to it by `|`.
            var end = k + 1
            while end < indices.count, ["|", "|&"].contains(script.commands[indices[end]].operatorBefore ?? "") { end += 1 }
            let head = script.commands[indices[k]]
            var pt: Set<Literal> = [], pf: Set<Literal> = []
            var read: Meaning?
            for j in k..<end {
                guard let m = pipelineMeaning(indices[j]) else { continue }
                if read == nil || m == .unreadable { read = m }
            }
            // `[[ -z "$v" ]]` after `v="$(lookup)"`: a literal of the assignment's pipeline.
            var at = indices[k]
            if read == nil, end == k + 1, let c = captured(indices[k]) { (at, read) = (c.pipeline, c.meaning) }
            switch read {
            case .unreadable?: return nil
            case .exists?:
                pt = [Literal(pipeline: at, exists: true)]; pf = [Literal(pipeline: at, exists: false)]
            case .absent?:
                pt = [Literal(pipeline: at, exists: false)]; pf = [Literal(pipeline: at, exists: true)]
            case nil: break
            }
            if read != nil { lookups = true }
            if head.negated { swap(&pt, &pf) }
            if !first, op == "&&", read == nil, end == k + 1, !head.negated, succeeds(head) {
                // `probe && echo there || create`: bash runs create when probe fails or echo
                // does; echo to a live stdout does not fail, so this reads as `if probe`.
                k = end
                continue
            }
            if first {
                (t, f) = (pt, pf)
            } else if op == "&&" {
                (t, f) = (t.union(pt), f.intersection(t.union(pf)))
            } else if op == "||" {
                (t, f) = (t.intersection(f.union(pt)), f.union(pf))
            } else {
                return nil
            }
            first = false
            k = end
        }
        return (t, f, lookups)
    }

    /// Builtins whose status is 0 in practice: `:`, `true`, and `echo`/`printf` with no
    /// redirection to a file (they fail only on a closed or full output, where
    /// the script's own logging fails too). ShellCheck's SC2015 warns of the same shape.
    static func cannotFail(_ command: ShellCommand) -> Bool {
        guard let name = command.name else { return false }
        if name == ":" || name == "true" { return true }
        guard name == "echo" || name == "printf" else { return false }
        return command.redirections.allSatisfy { r in
            (r.op == ">&" && r.target?.literal.map { ["1", "2"].contains($0) } == true) || r.op == "<<" || r.op == "<<<"
        }
    }

    /// A command's meaning, tests over a substitution included (`[ -z "$(kubectl get ...)" ]`,
    /// `out=$(kubectl get ...)`, whose status is the substitution's).
    private func pipelineMeaning(_ index: Int) -> Meaning? {
        let command = script.commands[index]
        if let m = meaning(command) { return m }
        // Lookups run inside the command's words (the commands just after it, by offset).
        var inner = false
        var counts = false
        var i = index + 1
        while i < script.commands.count, script.commands[i].startOffset < command.endOffset {
            if script.commands[i].enclosing.last == .substitution, meaning(script.commands[i]) != nil { inner = true }
            if script.commands[i].enclosing.last == .substitution, Self.counts(script.commands[i]) { counts = true }
            i += 1
        }
        guard inner else { return nil }
        guard let name = command.name else { return command.words.isEmpty ? .exists : .unreadable }
        guard ["[", "[[", "test"].contains(name) else { return .unreadable }
        let words = command.arguments.map(\.unquotedText).filter { $0 != "]" && $0 != "]]" }
        if words.count == 2, words[0] == "-n" { return .exists }
        if words.count == 2, words[0] == "-z" { return .absent }
        if words.count == 1 { return .exists }
        // `[ "$(lookup | grep -c X)" -eq 0 ]`: the count of what the lookup found.
        if counts, let (_, m) = Self.countTest(command.arguments.filter { $0.literal != "]" && $0.literal != "]]" }) { return m }
        return .unreadable
    }

    /// The and-or list that decides condition `indices` (its last list), direct commands only;
    /// nil when the condition holds a compound command.
    func deciding(condition indices: [Int], of conditional: Int) -> [Int]? {
        let c = script.conditionals[conditional]
        let level = c.enclosing + [.ifCondition(conditional)]
        var direct: [Int] = []
        for i in indices where i < script.commands.count {
            let e = script.commands[i].enclosing
            if e == level { direct.append(i); continue }
            // Substitutions inside a test are read with the test; anything else is compound.
            if e.count > level.count, Array(e.prefix(level.count)) == level, e[level.count] == .substitution { continue }
            return nil
        }
        guard let lastStart = direct.lastIndex(where: { script.commands[$0].operatorBefore == nil }) else { return direct.isEmpty ? [] : nil }
        return Array(direct[lastStart...])
    }

    /// What each branch of `conditional` knows, in branch order, plus the implicit else when
    /// there is none (last). Nil when a condition is unreadable.
    func branchFacts(_ conditional: Int) -> [(facts: Set<Literal>, lookups: Bool)]? {
        let c = script.conditionals[conditional]
        var failed: Set<Literal> = []
        var lookups = false
        var out: [(Set<Literal>, Bool)] = []
        for branch in c.branches {
            guard let condition = branch.conditionCommandIndices else {
                out.append((failed, lookups))
                return out
            }
            guard let list = deciding(condition: condition, of: conditional), let o = outcome(ofList: list) else { return nil }
            lookups = lookups || o.lookups
            out.append((failed.union(o.ifTrue), lookups))
            failed.formUnion(o.ifFalse)
        }
        out.append((failed, lookups))  // no else: falling through the if
        return out
    }

    /// Index in `conditional.branches` of the branch holding `command`.
    func branch(of command: ShellCommand, in conditional: Int) -> Int? {
        script.conditionals[conditional].branches.lastIndex { $0.startOffset <= command.startOffset }
    }

    /// The line of the `if` whose branch holding `command` knows the lookup found nothing
    /// (`if ! probe; then create`, the else of `if probe`); nil when no
    /// enclosing branch is such a guard. Conditions this reading cannot follow count as guards
    /// when they hold a lookup (the reading before branches were told apart).
    func guardingBranch(of command: ShellCommand, isLookup: (Int) -> Bool) -> Int? {
        for construct in command.enclosing {
            guard case .ifBody(let i) = construct, i < script.conditionals.count else { continue }
            let conditional = script.conditionals[i]
            guard conditional.conditionCommandIndices.contains(where: { $0 < script.commands.count && (isLookup($0) || captured($0) != nil) })
            else { continue }
            guard let all = branchFacts(i), let b = branch(of: command, in: i), b < all.count else { return conditional.startLine }
            if all[b].facts.contains(where: { !$0.exists }) { return conditional.startLine }
        }
        return nil
    }

    /// For a command after `&&`/`||`, or inside a `{ ...; }` or `( ... )` group that follows
    /// one: whether the list before it tells that the lookup found nothing when it runs
    /// (`probe || create`, `! probe && create`, `probe || { log ...; create; }`). A command in a
    /// group runs only when the group does, so each group around it (up to the function it is
    /// in) is read as one member of its own list. Nil when no such list holds a lookup, or
    /// one cannot be read (a compound command in it).
    func guardedByList(_ index: Int) -> Bool? {
        let command = script.commands[index]
        var answer: Bool?
        if let op = command.operatorBefore, op == "&&" || op == "||" {
            answer = guarded(after: op, level: command.enclosing, before: index - 1)
            if answer == true { return true }
        }
        var offset = command.startOffset, enclosing = command.enclosing
        while let (group, depth) = script.innermostGroup(containing: offset, enclosing: enclosing) {
            // Inside a function defined in the group, the command runs when the function is called.
            if enclosing[depth...].contains(where: \.isFunction) { break }
            let level = Array(enclosing.prefix(depth))
            if let op = group.operatorBefore, op == "&&" || op == "||" {
                let last = (script.commands.firstIndex { $0.startOffset >= group.startOffset } ?? script.commands.count) - 1
                if let g = guarded(after: op, level: level, before: last) {
                    if g { return true }
                    answer = false
                }
            }
            (offset, enclosing) = (group.startOffset, level)
        }
        return answer
    }

    /// Whether the and-or list at `level` whose members end at command `last` tells the
    /// lookup found nothing when the member after `op` runs; nil as for `guardedByList`.
    private func guarded(after op: String, level: [ShellConstruct], before last: Int) -> Bool? {
        guard let o = listOutcome(level: level, before: last), o.lookups else { return nil }
        return (op == "||" ? o.ifFalse : o.ifTrue).contains { !$0.exists }
    }

    /// The outcome of the and-or list at `level` whose members end at command `last` (its
    /// commands walked back to the first); nil when a member is a compound command.
    func listOutcome(level: [ShellConstruct], before last: Int) -> (ifTrue: Set<Literal>, ifFalse: Set<Literal>, lookups: Bool)? {
        var prefix: [Int] = []
        var j = last
        while j >= 0 {
            let c = script.commands[j]
            if c.enclosing == level {
                prefix.insert(j, at: 0)
                if c.operatorBefore == nil { break }
            } else if !(c.enclosing.count > level.count && Array(c.enclosing.prefix(level.count)) == level
                        && c.enclosing[level.count] == .substitution) {
                return nil
            }
            j -= 1
        }
        return prefix.isEmpty ? nil : outcome(ofList: prefix)
    }

    /// Whether `enclosing` holds a loop body with no subshell, function or substitution
    /// after it: where a `continue`/`break` in the innermost construct acts on that loop.
    static func innermostLoopIsDirect(_ enclosing: [ShellConstruct]) -> Bool {
        for construct in enclosing.reversed() {
            switch construct {
            case .loopBody: return true
            case .subshell, .function, .substitution: return false
            default: continue
            }
        }
        return false
    }

    /// For a command after `if ...; fi` blocks at its level (or an outer one): the line of one
    /// whose every way of carrying on knows the lookup found nothing (`if probe; then ...;
    /// exit 0; fi`). A branch ends the way out when it exits 0 at its own level (or in a `{ }`
    /// group there, which runs whenever the branch does). Lists that exit (`probe && exit 0`)
    /// are `listExit`'s.
    func earlyExit(before command: ShellCommand, isLookup: (Int) -> Bool) -> Int? {
        for (i, conditional) in script.conditionals.enumerated() where conditional.endLine < command.startLine {
            guard conditional.enclosing.count <= command.enclosing.count,
                  Array(command.enclosing.prefix(conditional.enclosing.count)) == conditional.enclosing else { continue }
            let lookups = conditional.conditionCommandIndices.filter { $0 < script.commands.count && isLookup($0) }
            guard !lookups.isEmpty else { continue }
            // Inside a loop body, `continue` and `break` leave the rest of this pass the same way
            // (bash manual, "Bourne Shell Builtins"): a create after `if probe; then continue; fi`
            // in the same body runs only when the lookup found nothing. Only the innermost loop's,
            // and not from a subshell or function between the loop and the `if`.
            let leavesPass = Self.innermostLoopIsDirect(conditional.enclosing)
            let exits = conditional.branches.indices.map { b in
                script.commands.contains { c in
                    guard c.enclosing.last(where: { $0 != .braceGroup }) == .ifBody(i) && branch(of: c, in: i) == b else { return false }
                    if c.name == "exit" || c.name == "return" { return (c.arguments.first?.literal ?? "0") == "0" }
                    if leavesPass && (c.name == "continue" || c.name == "break") { return (c.arguments.first?.literal ?? "1") == "1" }
                    return false
                }
            }
            guard exits.contains(true) else { continue }
            guard let all = branchFacts(i) else {
                // Unreadable condition: the earlier reading, a positive lookup.
                if lookups.contains(where: { !script.commands[$0].negated }) { return conditional.startLine }
                continue
            }
            let carryingOn = all.indices.filter { $0 >= exits.count || !exits[$0] }.map { all[$0].facts }
            guard let first = carryingOn.first else { return conditional.startLine }
            let common = carryingOn.dropFirst().reduce(first) { $0.intersection($1) }
            if common.contains(where: { !$0.exists }) { return conditional.startLine }
        }
        return listExit(before: command)
    }
}
