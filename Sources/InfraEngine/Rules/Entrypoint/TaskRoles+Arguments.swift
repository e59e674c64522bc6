import ShellReader

/// Argument-taking tasks (`TaskRoles`): what a task needs on its command line, by its own
/// text or by what a runner hands it.
extension TaskRoles {
    /// A task that needs arguments by its own text, or one a runner runs with arguments of
    /// its own (`bash tasks/20-backend.sh -t "$TAG"`, the task parsing them with `getopts`):
    /// run bare by a full run, it would stop at its usage line.
    static func arguments(_ task: ShellFile, in reality: RepoReality) -> Arguments? {
        // Asked per task by every rule that sorts tasks into roles: once per view.
        reality.inView("task-arguments", task) { () -> Arguments? in
            if let own = arguments(task) { return own }
            guard passedArguments(in: reality).contains(task.name) else { return nil }
            let line = task.script.commands.first { $0.name == "getopts" }?.startLine ?? 1
            return Arguments(line: line, usage: usage(in: task.script, line: line))
        }
    }

    /// The tasks some runner hands arguments of its own, itself or through the entrypoint
    /// (`init.sh --only 20-backend -- -t "$TAG"`, what such a runner's task line becomes).
    static func passedArguments(in reality: RepoReality) -> Set<String> {
        reality.memo.value("runner-argument-tasks") {
            var names = Set(Runner.all(in: reality).flatMap(\.argumentTasks))
            let entryName = String(fileName(reality.layout.entrypoint))
            for file in reality.otherScripts {
                for cmd in file.script.commands where cmd.words.contains(where: { $0.unquotedText.hasSuffix("/" + entryName) }) {
                    let words = cmd.words.map { $0.literal }
                    guard let only = words.firstIndex(of: "--only"), only + 1 < words.count, let name = words[only + 1],
                          let dash = words[(only + 2)...].firstIndex(of: "--"), dash + 1 < words.count,
                          let task = reality.task(named: name) else { continue }
                    names.insert(task.name)
                }
            }
            return names
        }
    }

    static func arguments(_ task: ShellFile) -> Arguments? {
        let script = task.script
        let nounset = script.strictMode.nounset
        for e in script.expansions where ("1"..."9").contains(e.name) && e.name.count == 1 && !e.inHeredoc {
            if e.enclosing.contains(where: \.isFunction) { continue }
            let required = e.op == ":?" || e.op == "?"
                || (e.op == nil && nounset && e.enclosing.allSatisfy { c in
                    switch c {
                    case .loopHead, .loopBody, .ifCondition, .ifBody, .caseItem: return false
                    default: return true
                    }
                })
            // `X=$1` then `[ -z "$X" ] && X=...`: the script supplies a value itself.
            guard required, !(e.op == nil && OptionalPositional.fallsBack(script, line: e.line, parameter: e.name)) else { continue }
            return Arguments(line: e.line, usage: usage(in: script, line: e.line))
        }
        return nil
    }

    /// The `usage: ...` text on the line of the parameter, or in the header comment.
    private static func usage(in script: ShellScript, line: Int) -> String? {
        let candidates = [script.lines[line - 1]] + script.lines.prefix(6)
        for text in candidates {
            guard let r = text.range(of: "usage:", options: .caseInsensitive) else { continue }
            var tail = text[r.lowerBound...]
            if let end = tail.firstIndex(where: { "}\"'".contains($0) }) { tail = tail[..<end] }
            let clean = tail.trimmingWhitespace()
            if clean.count > 6 { return clean }
        }
        return nil
    }
}
