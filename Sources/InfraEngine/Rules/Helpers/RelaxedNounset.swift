import ShellReader

/// A deliberate `set +u` (issue 13, item 8): variables a task reads only between `set +u`
/// and the next `set -u` are optional on purpose (case 12's pins), so the entrypoint must not
/// demand them. A query on the tasks; it can move to the shared semantic model later.
enum RelaxedNounset {
    /// Line ranges of the script's own shell where `set +u` is in effect.
    static func ranges(_ script: ShellScript) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        var openedAt: Int?
        let sets = script.commands.filter { $0.name == "set" && $0.enclosing.isEmpty }
        for cmd in sets {
            let args = cmd.arguments.compactMap(\.literal)
            let off = args.contains { $0.hasPrefix("+") && !$0.hasPrefix("+o") && $0.contains("u") }
                || zip(args, args.dropFirst()).contains { $0 == "+o" && $1 == "nounset" }
            let on = args.contains { $0.hasPrefix("-") && $0.contains("u") && !$0.hasPrefix("-o") }
                || zip(args, args.dropFirst()).contains { $0 == "-o" && $1 == "nounset" }
            if off, openedAt == nil { openedAt = cmd.startLine }
            if on, let start = openedAt {
                out.append(start...cmd.startLine)
                openedAt = nil
            }
        }
        if let start = openedAt { out.append(start...max(start, script.lines.count)) }
        return out
    }

    /// Variables the tasks read inside a `set +u` range and nowhere else without a default.
    /// `cache`: where each task's own reads are kept by its text, for the next view.
    static func optionalVariables(in tasks: [ShellFile], cache: ScriptCache? = nil) -> Set<String> {
        var relaxed: Set<String> = []
        var strict: Set<String> = []
        for task in tasks {
            let reads = cache.map { $0.derived("relaxed-nounset-reads", path: task.path, from: task.script.text) { Self.reads(task.script) } }
                ?? Self.reads(task.script)
            relaxed.formUnion(reads.relaxed)
            strict.formUnion(reads.strict)
        }
        return relaxed.subtracting(strict)
    }

    /// The names `script` reads inside a `set +u` range, and those it reads elsewhere
    /// without a default.
    private static func reads(_ script: ShellScript) -> (relaxed: Set<String>, strict: Set<String>) {
        var relaxed: Set<String> = []
        var strict: Set<String> = []
        let ranges = ranges(script)
        for e in script.expansions {
            if ranges.contains(where: { $0.contains(e.line) }) { relaxed.insert(e.name) } else if !e.hasDefault { strict.insert(e.name) }
        }
        return (relaxed, strict)
    }
}
