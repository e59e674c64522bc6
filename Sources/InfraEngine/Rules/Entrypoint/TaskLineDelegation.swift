import ShellReader

/// A runner with options or work of its own keeps all of it; only the commands that run one
/// task each hand that task to the entrypoint (issue 13, item 1: "otherwise replace only the
/// lines that run tasks").
///
/// `bash "$here/../tasks/020-network.sh" "$zone"` becomes
/// `bash "$here/../init.sh" --only 020-network -- "$zone"`: the same launcher, the path
/// spelled from the same base (so it resolves from the same working folder), the task's
/// arguments after `--`, and anything around the command (`|| exit 1`, `if`, a redirection)
/// unchanged. The script's options, arguments and logic stay byte for byte.
///
/// All or nothing per runner: when one place runs tasks in a way that cannot be handed over
/// as `--only NAME` (a loop over the tasks, a computed task name, a task sourced into the
/// runner's own shell, output captured by `$(...)` or a pipe, where the entrypoint's own log
/// lines would change what the runner reads), the runner is reported and left alone.
enum TaskLineDelegation {
    /// The runner's new text, or nil when it cannot be delegated line by line.
    /// `entrypoint`: repository path of the canonical entrypoint (`ai/infra/init.sh`), which
    /// offers `--only NAME [--yes] [-- ARGS]`.
    static func text(_ runner: Runner, reality: RepoReality, entrypoint: String) -> String? {
        let script = runner.file.script
        // A loop over the tasks runs many of them from one line.
        let loopLines = Set(script.loops.map(\.startLine))
        guard runner.runLines.isDisjoint(with: loopLines) else { return nil }
        let values = ScriptValues(script)
        let folder = String(reality.layout.tasksDir.split(separator: "/").last ?? "")
        let bytes = Array(script.text.utf8)
        var replacements: [(range: Range<Int>, text: String)] = []
        for cmd in script.commands {
            guard let target = Runner.executedWord(cmd) else { continue }
            let expanded = values.expand(target.unquotedText)
            let runsTask = Runner.mentionsTasks(expanded, folder: folder) || Runner.taskName(in: expanded) != nil
                || Runner.entersTasks(expanded, folder: folder)
            guard runsTask else { continue }
            guard let name = Runner.taskName(in: expanded), let task = reality.task(named: name),
                  let new = replacement(cmd, in: script, target: target, task: task, reality: reality, entrypoint: entrypoint),
                  cmd.startOffset >= 0, cmd.endOffset <= bytes.count, cmd.startOffset < cmd.endOffset else { return nil }
            replacements.append((cmd.startOffset..<cmd.endOffset, new))
        }
        guard !replacements.isEmpty else { return nil }
        var out = bytes
        for r in replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            out.replaceSubrange(r.range, with: Array(r.text.utf8))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The command's text with its task path turned into the entrypoint and `--only NAME`;
    /// nil when the command cannot be handed over safely.
    static func replacement(_ cmd: ShellCommand, in script: ShellScript, target: ShellWord, task: ShellFile,
                            reality: RepoReality, entrypoint: String) -> String? {
        // Sourced into the runner's shell, the task's variables reach the runner; through the
        // entrypoint they would not.
        if let first = cmd.words.first?.literal, ["source", "."].contains(first) { return nil }
        // Captured output would gain the entrypoint's log lines.
        if cmd.enclosing.contains(.substitution) || cmd.operatorAfter == "|" || cmd.background { return nil }
        let text = HelpersAnalysis.commandText(cmd, in: script)
        let raw = target.raw
        // The path is replaced as written: it must be there once, ending in the task's file name.
        guard text.components(separatedBy: raw).count == 2,
              let entry = entrypointPath(raw: raw, taskFile: String(fileName(task.path)), tasksDir: reality.layout.tasksDir,
                                         entrypoint: entrypoint) else { return nil }
        var flags = " --only \(task.name)"
        // The runner ran it without asking (a held-back task is listed with the teardowns).
        if TaskRoles.teardown(task, in: reality) != nil || TaskRoles.heldBack(task, in: reality) != nil { flags += " --yes" }
        let index = cmd.words.firstIndex { $0 == target } ?? cmd.words.count
        if index + 1 < cmd.words.count { flags += " --" }
        return text.replacingOccurrences(of: raw, with: entry + flags)
    }

    /// The entrypoint spelled from the same base as the task path `raw`
    /// (`"$here/../tasks/020-x.sh"` -> `"$here/../init.sh"`, `tasks/020-x.sh` -> `./init.sh`),
    /// or nil when `raw` does not end in the task's file name.
    static func entrypointPath(raw: String, taskFile: String, tasksDir: String, entrypoint: String) -> String? {
        var body = Substring(raw)
        let opening = String(body.prefix { $0 == "\"" || $0 == "'" })
        body = body.dropFirst(opening.count)
        var closing = ""
        while let last = body.last, last == "\"" || last == "'" {
            closing = String(last) + closing
            body = body.dropLast()
        }
        guard body.hasSuffix(taskFile) else { return nil }
        var prefix = String(body.dropLast(taskFile.count))
        guard prefix.isEmpty || prefix.hasSuffix("/") else { return nil }
        var rel = relativePath(from: tasksDir, to: entrypoint)
        let folder = String(tasksDir.split(separator: "/").last ?? "")
        // `.../tasks/` + `../init.sh` is `.../init.sh`.
        while rel.hasPrefix("../"), !folder.isEmpty, prefix == folder + "/" || prefix.hasSuffix("/" + folder + "/") {
            prefix = String(prefix.dropLast(folder.count + 1))
            rel = String(rel.dropFirst(3))
        }
        if prefix == "./", rel.hasPrefix("../") { prefix = "" }
        var path = prefix + rel
        // A bare name would be looked up on PATH when run directly.
        if !path.contains("/") { path = "./" + path }
        return opening + path + closing
    }
}
