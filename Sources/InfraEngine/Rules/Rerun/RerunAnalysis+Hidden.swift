import ShellReader

// Creates the rewrites cannot reach: run through another command (`sudo -E kubectl`,
// `retry 3 kubectl`, a dry-run `run` function), piped (`kubectl create ... | tee -a log`) or
// captured (`X=$(kubectl create sa r -o name)`). Each fails on a second run like any create,
// but a rewrite would have to know what the runner, the reader of the pipe or the caller of
// the substitution does with it: they are reported, never rewritten.
extension RerunAnalysis {
    static let hiddenTools: Set<String> = ["gcloud", "kubectl", "helm", "k3d", "kind"]

    mutating func hiddenCreates() {
        let all = script.commands
        for (i, cmd) in all.enumerated() {
            var toolAt: Int?
            var how = ""
            if cmd.enclosing.contains(.substitution) {
                guard let name = cmd.name, Self.hiddenTools.contains(name) || commands.scope[name]?.wrapper != nil else { continue }
                toolAt = 0
                how = "inside `$( )`"
            } else if let name = cmd.name, !Self.hiddenTools.contains(name), commands.scope[name]?.wrapper == nil {
                // A runner: the tool is a later word (`sudo -E kubectl`, `retry 3 kubectl`).
                guard !["echo", "printf", ":", "command", "type", "which", "hash"].contains(name),
                      commands.scope[name]?.onlyPrints != true,
                      let at = cmd.words.indices.dropFirst().first(where: { cmd.words[$0].literal.map(Self.hiddenTools.contains) == true })
                else { continue }
                toolAt = at
                how = "through `\(name)`"
            } else if cmd.name == "kubectl", cmd.operatorAfter == "|" || cmd.operatorAfter == "|&" {
                // gcloud, helm and k3d creates in a pipeline are reported by their own checks.
                toolAt = 0
                how = "in a pipeline"
            }
            guard let at = toolAt, let tool = cmd.words[at].literal ?? cmd.name,
                  let e = resolvedCreate(cmd, from: at, tool: tool), runsUnconditionally(i),
                  // A delete of the same thing before it (`kubectl delete ... --ignore-not-found`) makes room.
                  !commands.commands.contains(where: { $0.index < i && $0.action == .delete && $0.tool == e.tool && $0.subject == e.subject })
            else { continue }
            let shownText = ([tool] + e.words.dropFirst().prefix(5).map(\.raw)).joined(separator: " ")
            add([tool, e.subcommand, e.subject ?? ""], cmd,
                "`\(shownText)` (\(how)) is unguarded: a second run fails because it already exists; "
                    + "it is not rewritten because its \(how == "in a pipeline" ? "pipeline" : how.hasPrefix("through") ? "runner" : "caller") "
                    + "may depend on the create's own output or status: check first by hand", e.tool == "gcloud" ? .gcloud : .kubectl, nil)
        }
    }

    /// The effective create that words `from...` of `cmd` make (a wrapper call or a tool).
    private func resolvedCreate(_ cmd: ShellCommand, from at: Int, tool: String) -> (words: [ShellWord], subcommand: String, subject: String?, tool: String)? {
        var words = Array(cmd.words[at...])
        var realTool = tool
        if let wrapper = commands.scope[tool]?.wrapper {
            realTool = wrapper.tool
            words = wrapper.words(around: words.dropFirst(1 + wrapper.shifted), at: cmd.startLine)
        }
        let (action, subcommand, subject) = ToolGrammar.read(tool: realTool, words: words)
        guard action == .create, !GcloudKnowledge.unguardable.contains(subcommand.split(separator: " ").dropLast().joined(separator: " "))
        else { return nil }
        return (words, subcommand, subject, realTool)
    }

    /// No `if`/`while`/`until` and no `&&`/`||` list around command `index` (or the command
    /// whose substitution holds it): any of those may be its guard, which this report does
    /// not read, so only plain lines are reported. `case` items and loop bodies guard nothing.
    private func runsUnconditionally(_ index: Int) -> Bool {
        let all = script.commands
        var cmd = all[index]
        if cmd.enclosing.contains(.substitution) {
            guard let outer = all[..<index].last(where: { !$0.enclosing.contains(.substitution) && $0.startOffset <= cmd.startOffset && $0.endOffset >= cmd.endOffset })
            else { return false }
            cmd = outer
        }
        for construct in cmd.enclosing {
            switch construct {
            case .ifBody, .ifCondition, .loopHead, .substitution: return false
            default: continue
            }
        }
        var j = index
        while j + 1 < all.count, all[j].operatorAfter == "|" || all[j].operatorAfter == "|&" { j += 1 }
        let ops = [cmd.operatorBefore, cmd.operatorAfter, all[j].operatorAfter]
        return !ops.contains("&&") && !ops.contains("||") && !cmd.negated
    }
}
