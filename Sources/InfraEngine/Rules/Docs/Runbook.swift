import ShellReader

/// The runbook under docs/plans/infra/: the one execution path, the environment it needs,
/// what each task does, and what a person does by hand. Generated from the tree, so it
/// cannot disagree with the scripts; regenerated when they change.
enum Runbook {
    static let path = "docs/plans/infra/runbook.md"
    static let marker = "<!-- managed by infra-tui: edit the scripts, then plan again to refresh this page -->"
    static let knownTools = ["gcloud", "kubectl", "helm", "envsubst", "jq", "yq", "curl", "openssl", "terraform", "gsutil"]

    static func text(_ reality: RepoReality, toolsCheck: String?, handSteps: [String]) -> String {
        let entry = "./" + reality.layout.entrypoint
        var out = "# Infrastructure runbook\n\n\(marker)\n\n"
        out += "There is one way to bring up this infrastructure: `\(entry)`, run from the repository root. "
        out += "It runs every numbered task in `\(reality.layout.tasksDir)/` in order, checks the environment before "
        out += "anything runs, and logs each task to `\(reality.layout.logsDir)/<task>.log`. "
        out += "Every other runner hands over to it.\n\n"
        out += "## Before you start\n\n"
        let tools = tools(reality)
        if !tools.isEmpty {
            out += "Tools on `PATH`: \(tools.map { "`\($0)`" }.joined(separator: ", "))"
            out += toolsCheck.map { " (`./\($0)` checks them).\n\n" } ?? ".\n\n"
        }
        let variables = TaskEnvironment.variables(in: reality)
        if !variables.isEmpty {
            out += "The environment (the entrypoint stops before any task when a required one is missing):\n\n"
            out += "| variable | | what it is |\n|---|---|---|\n"
            for v in variables {
                out += "| `\(v.name)` | \(v.role.rawValue) | \(escape(v.explanation)) |\n"
            }
            out += "\n"
        }
        out += "## Run\n\n```sh\n"
        out += "\(entry) --list      # the tasks, in the order they run\n"
        out += "\(entry) --dry-run   # check the environment and show what would run; runs nothing\n"
        out += "\(entry)             # run every task\n"
        if let first = reality.tasks.dropFirst().first?.name, let one = reality.tasks.first?.name {
            out += "\(entry) --from \(first)   # resume from a task after fixing a failure\n"
            out += "\(entry) --only \(one)   # run one task\n"
        }
        out += "```\n\n"
        out += "## The tasks\n\n| task | what it does |\n|---|---|\n"
        for task in reality.tasks { out += "| `\(task.name)` | \(summary(task)) |\n" }
        out += "\n## Steps a person does by hand\n\n"
        let steps = handSteps + [
            "Operations in the `cloud` and `external` groups (rotating a leaked credential, DNS) are done by a person: run the commands their ops block lists, then check its expected outputs.",
            "Review every infra-tui operation before it is written: nothing changes until it is accepted.",
        ]
        for step in steps { out += "- \(step)\n" }
        return out
    }

    /// The tools the tasks call.
    static func tools(_ reality: RepoReality) -> [String] {
        let used = Set(reality.tasks.flatMap { $0.script.commands.compactMap(\.name) })
        return knownTools.filter(used.contains)
    }

    /// A task's leading comment, else the kinds of command it runs.
    static func summary(_ task: ShellFile) -> String {
        for line in task.script.lines.prefix(6) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#!") || t.hasPrefix("# shellcheck") { continue }
            if t.hasPrefix("#") {
                let text = t.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { return escape(text) }
            } else if !t.isEmpty { break }
        }
        var kinds: [String] = []
        for cmd in task.script.commands where cmd.enclosing.allSatisfy({ $0 != .substitution }) {
            guard let name = cmd.name, knownTools.contains(name) else { continue }
            var words = [name]
            for arg in cmd.arguments.prefix(name == "gcloud" ? 5 : 1) {
                guard let w = arg.literal, !w.hasPrefix("-"), !w.contains("/"), !w.contains(".") else { break }
                words.append(w)
                if verbs.contains(w) || w.hasPrefix("create") || w.hasPrefix("get-") || w.hasPrefix("add-") { break }
            }
            let kind = words.joined(separator: " ")
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds.isEmpty ? "" : kinds.prefix(4).map { "`\($0)`" }.joined(separator: ", ")
    }

    static let verbs = ["create", "enable", "describe", "get", "add", "delete", "update", "set", "list", "deploy", "apply", "install", "upgrade"]

    static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// The tools check a doc names when it does not exist yet.
    static func toolsCheck(path: String, tools: [String]) -> String {
        let list = (tools.isEmpty ? ["bash"] : tools).joined(separator: " ")
        return """
            #!/usr/bin/env bash
            # Checks that the tools the infra tasks call are installed (managed by infra-tui).
            set -euo pipefail
            missing=0
            for tool in \(list); do
              if command -v "$tool" >/dev/null 2>&1; then
                printf 'ok       %s\\n' "$tool"
              else
                printf 'MISSING  %s\\n' "$tool"
                missing=1
              fi
            done
            exit "$missing"

            """
    }
}
