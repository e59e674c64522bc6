import ShellReader

/// What part a numbered task plays in a full run (issue 13, item 2).
///
/// - A **teardown** task removes what the others build: its name says so (teardown,
///   destroy, cleanup, reset, uninstall), or every command it runs against a tool deletes.
///   It is never part of the default run and runs only when named.
/// - An **argument-taking** task needs positional arguments (`${1:?usage}`, or `$1` under
///   `set -u`): a generic runner cannot run it bare.
enum TaskRoles {
    struct Teardown: Equatable {
        /// The first deleting command, else line 1.
        let line: Int
        /// What it removes, for messages (`container clusters`, `namespace`).
        let removes: [String]
    }

    struct Arguments: Equatable {
        /// Line of the first required positional parameter.
        let line: Int
        /// The usage message the task gives (`usage: 030-add-tenant.sh TENANT [TIER]`), if any.
        let usage: String?
    }

    static let teardownWords: Set<String> = ["teardown", "destroy", "cleanup", "reset", "uninstall", "decommission", "nuke"]
    static let deletingVerbs: Set<String> = ["delete", "destroy", "uninstall", "remove", "rm", "purge"]
    /// Verbs that change nothing: they neither build nor remove.
    static let readingVerbs: Set<String> = ["describe", "get", "list", "get-credentials", "status", "version", "show",
                                            "config", "auth", "repo", "wait", "logs", "history", "search", "info"]
    static let tools: Set<String> = ["gcloud", "kubectl", "helm", "k3d", "kind", "terraform", "gsutil", "az", "aws", "docker", "doctl"]

    /// Calls through a wrapper count as the tool's (`g container clusters delete c` with
    /// `g() { gcloud --project "$P" "$@"; }` deletes a cluster): a task that only deletes
    /// through its library's wrapper is a teardown as much as one that calls gcloud itself.
    /// Without a `reality` (a task read alone) only direct calls are read.
    static func teardown(_ task: ShellFile, in reality: RepoReality? = nil) -> Teardown? {
        guard let reality else { return readTeardown(task, in: nil) }
        // Asked per task by several rules in every view: once per task text and libraries
        // (where its wrappers come from) for the whole plan.
        // By text within the view too (`inView`): a rewrite is asked under the task's path.
        return reality.inView("task-teardown", task) {
            reality.cache.derived("task-teardown", path: task.path, from: task.script.text, reality.librariesVersion) {
                readTeardown(task, in: reality)
            }
        }
    }

    private static func readTeardown(_ task: ShellFile, in reality: RepoReality?) -> Teardown? {
        let words = task.name.lowercased().split(whereSeparator: { "-_.".contains($0) }).map(String.init)
        let joined = words.joined()
        let named = words.contains(where: teardownWords.contains) || joined.contains("teardown") || joined.contains("cleanup")
        var deleting: [(Int, String)] = []
        var building = false
        let effective = reality.map { EffectiveCommands.of(task, in: $0) }
        for (i, cmd) in task.script.commands.enumerated() where cmd.enclosing.allSatisfy({ $0 != .substitution }) {
            let arguments: [ShellWord]
            if let e = effective?.command(at: i), e.via != nil, tools.contains(e.tool) {
                arguments = Array(e.words.dropFirst())
            } else if let name = cmd.name, tools.contains(name) {
                arguments = cmd.arguments
            } else {
                continue
            }
            let literals = arguments.compactMap(\.literal).filter { !$0.hasPrefix("-") }
            if let verb = literals.firstIndex(where: deletingVerbs.contains) {
                deleting.append((cmd.startLine, literals[..<verb].joined(separator: " ")))
            } else if !literals.prefix(4).contains(where: readingVerbs.contains) {
                building = true
            }
        }
        guard named || (!deleting.isEmpty && !building) else { return nil }
        return Teardown(line: deleting.first?.0 ?? 1, removes: deleting.map(\.1).filter { !$0.isEmpty })
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
