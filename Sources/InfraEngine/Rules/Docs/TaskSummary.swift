import ShellReader

/// One line saying what a task does, for the runbook's task table (issue 13, item 5): its
/// header comment (every line of the sentence, joined), else its first progress log line (never
/// a message it prints only when a command fails or succeeds), else the
/// description a README's task list gives it, else the kinds of command it runs. Never empty.
enum TaskSummary {
    static func of(_ task: ShellFile, in reality: RepoReality, log: String?) -> String {
        let docs = reality.docs
        if let header = header(task) { return header }
        if let line = firstLogLine(task, log: log) { return line }
        if let listed = listed(task, in: docs) { return listed }
        let kinds = Runbook.summary(task, in: reality)
        return kinds.isEmpty ? "runs `\(fileName(task.path))`" : kinds
    }

    /// The comment block at the top (after the shebang and shellcheck directives), rulers
    /// (`# -----`) skipped, its lines joined into one.
    static func header(_ task: ShellFile) -> String? {
        var parts: [String] = []
        for line in task.script.lines.prefix(12) {
            let t = line.trimmingWhitespace()
            if t.hasPrefix("#!") || t.hasPrefix("# shellcheck") { continue }
            // Strict mode and environment checks put above the comment (by hand, or by this
            // tool's own operations) leave it the task's header: the summary does not change
            // when they are added.
            if parts.isEmpty, t.hasPrefix("set -") || t.hasPrefix("set +") || t.hasPrefix(": \"${") || t.hasPrefix(": ${") { continue }
            guard t.hasPrefix("#") else { if parts.isEmpty && t.isEmpty { continue } else { break } }
            let text = t.drop { $0 == "#" }.trimmingWhitespace()
            if text.allSatisfy({ "-=*#_~".contains($0) }) {
                if parts.isEmpty { continue } else { break }
            }
            parts.append(text)
        }
        let joined = parts.joined(separator: " ")
        return joined.isEmpty ? nil : Runbook.escape(joined)
    }

    /// The literal text of the first `echo`/`printf`/log-helper call in the task's own shell
    /// that says what it is doing: a call that runs only when a command fails or succeeds
    /// (`kubectl rollout status ... || log "rollout not ready yet"`, `cond && echo ...`) or
    /// writes to stderr is a status or error message, not what the task does.
    static func firstLogLine(_ task: ShellFile, log: String?) -> String? {
        let printers = Set(["echo", "printf"] + (log.map { [$0] } ?? []))
        for cmd in task.script.commands where cmd.enclosing.isEmpty {
            guard let name = cmd.name, printers.contains(name) else { continue }
            let andOr: Set<String> = ["||", "&&"]
            if cmd.operatorBefore.map(andOr.contains) == true { continue }
            if cmd.redirections.contains(where: { $0.op == ">&" && $0.target?.unquotedText == "2" && ($0.fd ?? "1") == "1" }) { continue }
            let words = cmd.arguments.filter { !($0.literal ?? "-").hasPrefix("-") || $0.literal == nil }
            guard let first = words.first, let text = first.literal, text.count > 3, !text.contains("%") else { continue }
            return Runbook.escape(text)
        }
        return nil
    }

    /// `- \`010-apis.sh\`: enables the APIs` (or ` - `, ` — `) in a doc's list.
    static func listed(_ task: ShellFile, in docs: [DocFile]) -> String? {
        let name = String(fileName(task.path))
        for doc in docs {
            for line in doc.text.split(separator: "\n") where line.contains("`\(name)`") || line.contains("/\(name)`") {
                guard let tick = line.range(of: "`", options: .backwards) else { continue }
                var rest = line[tick.upperBound...].trimmingWhitespace()
                for separator in [":", "-", "—", "–"] where rest.hasPrefix(separator) {
                    rest = String(rest.dropFirst(separator.count)).trimmingWhitespace()
                    if !rest.isEmpty { return Runbook.escape(rest) }
                }
            }
        }
        return nil
    }
}
