import ShellReader

// The variables half of a function summary: validator, setter/deriver, logger, killer
// (issue 12 item 2). Each role is read from the body as bash runs it; roles compose through
// the summaries already known (`known`), so a function that calls a validator with `"$@"`
// validates its own arguments, and one that calls a killer is a killer.
extension FunctionSummaries {
    static func summarizeVariables(_ s: inout FunctionSummary, function: ShellFunction, body: [ShellCommand],
                                   in script: ShellScript, known: [String: FunctionSummary]) {
        let inside = { (enclosing: [ShellConstruct]) in enclosing.contains(.function(function.name)) }
        var exits = false
        for command in body {
            guard let name = command.name else { continue }
            let calledKills = known[name]?.kills == true
            if name == "exit" || calledKills {
                exits = true
                // Always ends the script only when it is not under a condition.
                if command.operatorBefore == nil, command.enclosing.count <= 1 { s.kills = true }
            }
            if name == "return", command.arguments.first?.literal.map({ $0 != "0" }) ?? false { exits = true }
            if name == "exec", command.arguments.isEmpty,
               command.redirections.contains(where: { $0.op.hasPrefix(">") || $0.target?.raw.hasPrefix(">(") == true }) {
                s.startsLogging = true
            }
            if let inner = known[name] {
                if inner.startsLogging { s.startsLogging = true }
                for assigned in inner.setNames where !s.setNames.contains(assigned) { s.setNames.append(assigned) }
                for v in inner.validates { s.validates.append(contentsOf: composed(v, call: command)) }
            }
        }
        // A validator: a test of an indirect `${!N}` (or `${!v}` over `"$@"`) or a `:?`
        // on it, in a function that can stop the script.
        let loopVariables = Set(script.loops.filter { loop in
            inside(loop.enclosing) && (loop.words.isEmpty || loop.words.allSatisfy { $0.raw == "\"$@\"" || $0.raw == "$@" })
        }.compactMap(\.variable))
        var positions: [Int] = []
        var everyArgument = false
        var fixed: [String] = []
        for exp in script.expansions where inside(exp.enclosing) {
            if exp.isIndirect {
                if let n = Int(exp.name), n > 0 { if !positions.contains(n) { positions.append(n) } }
                if loopVariables.contains(exp.name) { everyArgument = true }
            } else if exp.op == ":?" || exp.op == "?", RequiredEnvironment.isEnvName(exp.name) {
                fixed.append(exp.name)
            }
        }
        let checksIndirect = exits || script.expansions.contains { inside($0.enclosing) && $0.isIndirect && ($0.op == ":?" || $0.op == "?") }
        if checksIndirect && everyArgument { s.validates.append(.arguments(positions: nil)) }
        else if checksIndirect && !positions.isEmpty { s.validates.append(.arguments(positions: positions.sorted())) }
        if !fixed.isEmpty { s.validates.append(.names(fixed)) }
        s.validates = merged(s.validates)

        // A setter: assigns a variable the caller sees (not `local`); conditional when the
        // assignment sits under an `if`/`&&`/`||` or is a `:=` default.
        for assignment in script.assignments where inside(assignment.enclosing) && assignment.kind != .local && assignment.kind != .prefix {
            guard RequiredEnvironment.isEnvName(assignment.name), assignment.value != nil || assignment.kind == .read else { continue }
            let conditional = assignment.enclosing.contains { if case .ifBody = $0 { return true } else { return false } }
            add(SetName(name: assignment.name, conditional: conditional), to: &s)
        }
        for exp in script.expansions where inside(exp.enclosing) && (exp.op == ":=" || exp.op == "=") && RequiredEnvironment.isEnvName(exp.name) {
            add(SetName(name: exp.name, conditional: true), to: &s)
        }
    }

    typealias SetName = FunctionSummary.SetName

    /// One `.arguments` entry (every argument wins over positions) and one `.names`.
    private static func merged(_ all: [FunctionSummary.Validated]) -> [FunctionSummary.Validated] {
        var positions: Set<Int> = []
        var every = false
        var any = false
        var names: [String] = []
        for v in all {
            switch v {
            case .arguments(let p):
                any = true
                if let p { positions.formUnion(p) } else { every = true }
            case .names(let n): names += n.filter { !names.contains($0) }
            }
        }
        var out: [FunctionSummary.Validated] = []
        if any { out.append(.arguments(positions: every ? nil : positions.sorted())) }
        if !names.isEmpty { out.append(.names(names)) }
        return out
    }

    private static func add(_ set: SetName, to s: inout FunctionSummary) {
        if let i = s.setNames.firstIndex(where: { $0.name == set.name }) {
            s.setNames[i].conditional = s.setNames[i].conditional && set.conditional
        } else {
            s.setNames.append(set)
        }
    }

    /// What a call of a validator validates, seen from the calling function: `want "$1"` in
    /// `need() { want "$1"; }` validates need's first argument; `check_env "$@"` every one.
    private static func composed(_ v: FunctionSummary.Validated, call: ShellCommand) -> [FunctionSummary.Validated] {
        switch v {
        case .names: return [v]
        case .arguments(let positions):
            let words = call.arguments.map(\.raw)
            if words.contains(where: { $0 == "\"$@\"" || $0 == "$@" }) { return [.arguments(positions: nil)] }
            var mine: [Int] = []
            for (i, w) in words.enumerated() where positions?.contains(i + 1) ?? true {
                let digits = w.filter(\.isNumber)
                if w.hasPrefix("\"$") || w.hasPrefix("$"), let n = Int(digits) { mine.append(n) }
            }
            return mine.isEmpty ? [] : [.arguments(positions: mine)]
        }
    }
}

extension FunctionSummary {
    /// The variable names a call of this function validates, from the call's literal words.
    public func validatedNames(by call: ShellCommand) -> [String] {
        var out: [String] = []
        for v in validates {
            switch v {
            case .names(let names): out += names
            case .arguments(let positions):
                for (i, word) in call.arguments.enumerated() where positions?.contains(i + 1) ?? true {
                    if let name = word.literal, RequiredEnvironment.isEnvName(name) { out.append(name) }
                }
            }
        }
        return out
    }
}
