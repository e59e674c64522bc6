import ShellReader

/// One command that fails (or piles up) on a second run, or calls a resource with the wrong
/// scope, with the rewrite that makes it right when the rule can make one.
struct RerunHazard {
    enum Tool { case gcloud, kubectl, helm, local }
    let key: String
    let line: Int
    let message: String
    let tool: Tool
    /// A wrong flag rather than a re-run hazard.
    var isFlag = false
    /// Lines of the task to replace, and what replaces them; nil when reported only.
    let fix: (range: ClosedRange<Int>, lines: [String])?
}

/// A regional GKE cluster some task creates (`--region`), by name: calls that reach it by
/// zone miss it.
struct RegionalCluster {
    let path: String
    let line: Int
    /// The `--region` value as written at the create.
    let region: ShellWord
}

/// Finds the re-run hazards and wrong flags of one task, reading its effective commands
/// (calls through wrappers resolved, guards read from control flow).
struct RerunAnalysis {
    let file: ShellFile
    let commands: ScriptCommands
    /// The tree read: where a message cites a wrapper's definition, it is looked up here.
    let reality: RepoReality
    let regionalClusters: [String: RegionalCluster]
    /// The task's bytes, read once for the `CommandText` of each of its commands.
    let scriptBytes: ScriptBytes
    private(set) var hazards: [RerunHazard] = []
    private var keys: Set<String> = []

    init(_ file: ShellFile, in reality: RepoReality, regionalClusters: [String: RegionalCluster]) {
        self.file = file
        commands = EffectiveCommands.of(file, in: reality)
        self.reality = reality
        self.regionalClusters = regionalClusters
        scriptBytes = ScriptBytes(file.script)
        for e in commands.commands {
            switch e.tool {
            case "gcloud": gcloud(e)
            case "kubectl": kubectl(e)
            case "helm": helm(e)
            case "k3d", "kind": localCluster(e)
            default: break
            }
        }
        hiddenCreates()
        for cmd in file.script.commands where !cmd.enclosing.contains(.substitution) {
            switch cmd.name {
            case "mkdir": mkdir(cmd)
            case "ln": ln(cmd)
            case "echo", "printf": append(cmd)
            default: break
            }
        }
    }

    /// Regional clusters created by any task of `reality` (`container clusters create N --region R`).
    static func regionalClusters(in reality: RepoReality) -> [String: RegionalCluster] {
        var out: [String: RegionalCluster] = [:]
        for task in reality.tasks {
            for e in EffectiveCommands.of(task, in: reality).commands where e.tool == "gcloud" && e.action == .create {
                guard e.subcommand == "container clusters create", let region = e.flagValue("--region"),
                      let name = e.subject?.split(separator: "/").last.map(String.init), out[name] == nil else { continue }
                out[name] = RegionalCluster(path: task.path, line: e.line, region: region)
            }
        }
        return out
    }

    var script: ShellScript { file.script }

    /// Byte-exact views of `command`, a command of this task.
    func commandText(_ command: ShellCommand) -> CommandText {
        CommandText(command, in: script, bytes: scriptBytes)
    }

    mutating func add(_ parts: [String], _ cmd: ShellCommand, _ message: String, _ tool: RerunHazard.Tool,
                      _ fix: (ClosedRange<Int>, [String])?, prefix: String = "unguarded", isFlag: Bool = false) {
        var key = prefix + "-" + findingKey(parts)
        if keys.contains(key) {
            var n = 2
            while keys.contains("\(key)-\(n)") { n += 1 }
            key += "-\(n)"
        }
        keys.insert(key)
        hazards.append(RerunHazard(key: key, line: cmd.startLine, message: message, tool: tool, isFlag: isFlag,
                                   fix: fix.map { (range: $0.0, lines: $0.1) }))
    }

    /// How a call is named in messages: `gcloud x create` (through `gx`).
    func shown(_ e: EffectiveCommand, _ text: String) -> String {
        "`\(text)`" + (e.via.map { " (through `\($0)`)" } ?? "")
    }

    /// The words of the call site before effective index `i`, as written; nil when the
    /// wrapper supplies word `i` itself (the call cannot be rewritten at its site).
    func callSitePrefix(_ e: EffectiveCommand, before i: Int) -> [String]? {
        guard let at = e.callSiteIndex(i), at > 0 else { return nil }
        return e.command.words[0..<at].map(\.raw)
    }

    /// `create || true`, `create 2>/dev/null || echo ...` rewritten as `PREFIX create SUFFIX`:
    /// the swallowing handler and the silencing redirection go, the create keeps every word.
    func rewriteSwallowed(_ e: EffectiveCommand, prefix: String, suffix: String) -> (ClosedRange<Int>, [String])? {
        let all = script.commands
        guard e.index >= 0, e.index + 1 < all.count else { return nil }
        let handler = all[e.index + 1]
        guard handler.operatorBefore == "||", handler.operatorAfter == nil, handler.enclosing == e.command.enclosing,
              ["true", ":", "echo", "printf"].contains(handler.name ?? "") || (handler.name.flatMap { commands.scope[$0] }.map { !$0.kills } ?? false)
        else { return nil }
        let t = commandText(e.command)
        guard !t.hasHeredoc, !t.hasMultilineWord, let ownText = t.listText(through: handler) else { return nil }
        var text = ownText
        for silencer in [" >/dev/null 2>&1", " &>/dev/null", " 2>/dev/null", " 2> /dev/null"] {
            text = text.replacingOccurrences(of: silencer, with: "")
        }
        while let last = text.last, last == " " || last == "\\" || last == "\n" || last == "\t" { text.removeLast() }
        let lines = (t.indentation + prefix + text + suffix).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (e.command.startLine...handler.endLine, lines)
    }
}
