import ShellReader

/// The runbook under docs/plans/infra/: the one execution path, the environment it needs,
/// what each task does, and what a person does by hand. Generated from the tree, so it
/// cannot disagree with the scripts; regenerated when they change.
enum Runbook {
    static let folder = "docs/plans/infra"
    static let path = folder + "/runbook.md"
    static let marker = "<!-- managed by infra-tui: edit the scripts, then plan again to refresh this page -->"
    static let knownTools = ["gcloud", "kubectl", "helm", "envsubst", "jq", "yq", "curl", "openssl", "terraform", "gsutil"]
    /// What a person needs on PATH beyond the tools whose calls describe a task: local
    /// clusters, other clouds, git (`git rev-parse --show-toplevel`), containers, secrets.
    static let pathTools = knownTools + ["kind", "k3d", "aws", "az", "git", "docker", "kustomize", "sops"]

    static func text(_ reality: RepoReality, toolsCheck: String?, handSteps: [String]) -> String {
        let entry = "./" + reality.layout.entrypoint
        let ours = reality.entrypoint.map { EntrypointConformance.isReplaceable($0, reality: reality) } ?? true
        let tasksShown = reality.layout.tasksDir.isEmpty ? "the repository root" : "`\(reality.layout.tasksDir)/`"
        var out = "# Infrastructure runbook\n\n\(marker)\n\n"
        if ours, let target = MakeTarget.doorway(in: reality) {
            // The documented make target stays the way in; the script gives it the flags.
            out += "Bring up this infrastructure with `\(target.command)`, as the docs say. It runs `\(entry)`, which runs every "
            out += "numbered task in \(tasksShown) in order, checks the environment before anything runs, and logs each task to "
            out += "`\(reality.layout.logsDir)/<task>.log`; `\(target.command) INFRA_FLAGS=...` passes the script's flags, or run "
            out += "the script directly for them.\n\n"
        } else if ours {
            out += "There is one way to bring up this infrastructure: `\(entry)`, run from the repository root. "
            out += "It runs every numbered task in \(tasksShown) in order, checks the environment before "
            out += "anything runs, and logs each task to `\(reality.layout.logsDir)/<task>.log`. "
            out += RunbookFacts.keptRunnersSentence(reality, entry: reality.layout.entrypoint) + "\n\n"
        } else if RunbookFacts.entrypointRunsTasks(reality) {
            out += "`\(entry)`, run from the repository root, brings up this infrastructure: it runs the numbered "
            out += "tasks in \(tasksShown) in order.\n\n"
        } else {
            // An existing init script with work of its own (`terraform init`) that runs no task.
            out += "`\(entry)` does not run the numbered tasks in \(tasksShown): it does work of its own (read it before running it). "
            let runners = RunbookFacts.selfRunningScripts(reality).map { "`./\($0)`" } + RunbookFacts.selfRunningMakeTargets(reality).map { "`\($0.command)`" }
            out += runners.isEmpty ? "Run the tasks one by one, in order, from the repository root.\n\n"
                : "The tasks are run by \(runners.joined(separator: ", ")), from the repository root.\n\n"
        }
        out += "## Before you start\n\n"
        let tools = tools(reality)
        if !tools.isEmpty {
            out += "Tools on `PATH`: \(tools.map { "`\($0)`" }.joined(separator: ", "))"
            out += toolsCheck.map { " (`./\($0)` checks them).\n\n" } ?? ".\n\n"
        }
        out += RunbookFacts.envFileParagraph(reality, entry: entry, viaMake: ours && MakeTarget.doorway(in: reality) != nil)
        let variables = TaskEnvironment.variables(in: reality)
        let documented = RunbookFacts.documentedValues(reality)
        if !variables.isEmpty {
            out += RunbookFacts.entrypointRunsTasks(reality)
                ? "The environment (the entrypoint stops before any task when a required one is missing):\n\n"
                : "The environment the tasks read (export it before running them):\n\n"
            out += "| variable | | what it is |\n|---|---|---|\n"
            for v in variables {
                let given = v.role == .required ? nil : documented[v.name].map { "; the docs set `\($0)`" }
                out += "| `\(v.name)` | \(v.role.rawValue) | \(escape(v.explanation + (given ?? ""))) |\n"
            }
            out += "\n"
        }
        out += "## Run\n\n" + runAndTasks(reality)
        out += "\n## Steps a person does by hand\n\n"
        let steps = handSteps + [
            "Operations in the `cloud` and `external` groups (rotating a leaked credential, DNS) are done by a person: run the commands their ops block lists, then check its expected outputs.",
            "Review every infra-tui operation before it is written: nothing changes until it is accepted.",
        ]
        for step in steps { out += "- \(step)\n" }
        return out
    }

    /// The commands that run the tasks (with the flags the entrypoint really has), then the
    /// task table.
    static func runAndTasks(_ reality: RepoReality) -> String {
        let entry = "./" + reality.layout.entrypoint
        let ours = reality.entrypoint.map { EntrypointConformance.isReplaceable($0, reality: reality) } ?? true
        if !ours && !RunbookFacts.entrypointRunsTasks(reality) { return runnersAndTasks(reality) }
        let text = ours ? nil : reality.entrypoint?.script.text
        // Values the docs give optional variables go with the full run.
        let given = ours ? RunbookFacts.documentedPrefix(reality) : ""
        func has(_ flag: String) -> Bool { text.map { $0.contains(flag) } ?? true }
        let inputs = EntrypointInputs.of(reality, path: reality.layout.entrypoint)
        let byName = ours ? Set(inputs.teardown + inputs.needArguments) : []
        let sequence = reality.tasks.map(\.name).filter { !byName.contains($0) }
        var lines: [(String, String)] = []
        if has("--list") { lines.append(("\(entry) --list", "the tasks, in the order they run")) }
        if let dry = text.map(EntrypointConformance.dryRunFlag) ?? "--dry-run" {
            lines.append(("\(given)\(entry) \(dry)", "check the environment and show what would run; runs nothing"))
        }
        let everyTask = "run every task" + (byName.isEmpty ? "" : " (except those run only by name, below)")
        if ours, let target = MakeTarget.doorway(in: reality) {
            lines.insert((target.command, everyTask + ", as the docs say"), at: 0)
            lines.append((target.command + " INFRA_FLAGS=--dry-run", "the same, with the script's flags"))
        }
        lines.append((given + entry, everyTask + (given.isEmpty ? "" : ", with the values the docs give")))
        if has("--from"), let second = sequence.dropFirst().first {
            lines.append(("\(given)\(entry) --from \(second)", "resume from a task after fixing a failure"))
        }
        if has("--only"), let one = sequence.first { lines.append(("\(given)\(entry) --only \(one)", "run one task")) }
        for name in inputs.teardown where ours {
            // A task held back from a full run (the runner leaves it out) is no teardown: said as it is.
            let held = reality.task(named: name).map { TaskRoles.teardown($0, in: reality) == nil && TaskRoles.heldBack($0, in: reality) != nil } ?? false
            lines.append(("\(entry) --only \(name)", (held ? "held back from a full run" : "teardown") + ": asks to confirm (or pass --yes)"))
        }
        for name in inputs.needArguments where ours {
            // The invocation the docs give, else a placeholder.
            let example = reality.task(named: name).flatMap { DocumentedArguments.example(for: $0, in: reality) }
            lines.append(("\(entry) --only \(name) -- \(example ?? "ARGS")",
                          "needs arguments\(example == nil ? "" : " (as the docs show)"); never part of a full run"))
        }
        let width = lines.map(\.0.count).max() ?? 0
        var out = "```sh\n"
        for (command, comment) in lines {
            out += command + String(repeating: " ", count: width - command.count) + "   # \(comment)\n"
        }
        out += "```\n\n"
        return out + taskTable(reality)
    }

    static func taskTable(_ reality: RepoReality) -> String {
        var out = "## The tasks\n\n| task | what it does |\n|---|---|\n"
        let log = LibraryVocabulary.of(reality).log
        // Each task's summary on every core: the runbook lists a thousand.
        for row in reality.tasks.concurrentMap({ task in "| `\(task.name)` | \(TaskSummary.of(task, in: reality, log: log)) |\n" }) {
            out += row
        }
        return out
    }

    /// The run section when the entrypoint runs no task: the scripts that do, else each task.
    static func runnersAndTasks(_ reality: RepoReality) -> String {
        var lines: [(String, String)] = RunbookFacts.selfRunningScripts(reality).map { ("./" + $0, "runs the tasks (and work of its own)") }
            + RunbookFacts.selfRunningMakeTargets(reality).map { ($0.command, "runs tasks") }
        if lines.isEmpty { lines = reality.tasks.map { ("bash " + $0.path, "") } }
        let width = lines.map(\.0.count).max() ?? 0
        var out = "```sh\n"
        for (command, comment) in lines {
            out += comment.isEmpty ? command + "\n" : command + String(repeating: " ", count: width - command.count) + "   # \(comment)\n"
        }
        return out + "```\n\n" + taskTable(reality)
    }

    /// The tools the tasks call.
    static func tools(_ reality: RepoReality) -> [String] {
        // What the tasks run directly, through wrappers (`gc() { gcloud --project "$P" "$@"; }`),
        // and inside the libraries they source (a probe helper calls gcloud for them).
        var used: Set<String> = []
        var libraries: [String: ShellFile] = [:]  // each sourced file's commands once, not once per task sourcing it
        // Each task read alone, on every core; gathered in task order.
        let perTask = reality.tasks.concurrentMap { task in
            (Set(task.script.commands.compactMap(\.name)).union(EffectiveCommands.of(task, in: reality).commands.map(\.tool)),
             SourceGraph.closure(of: task, in: reality))
        }
        for (names, closure) in perTask {
            used.formUnion(names)
            for library in closure { libraries[library.path] = library }
        }
        for library in libraries.values { used.formUnion(library.script.commands.compactMap(\.name)) }
        return pathTools.filter(used.contains)
    }

    /// The kinds of command a task runs (`gcloud container clusters create`), or "".
    /// Calls through a wrapper count as the tool's (`gc container clusters create` with
    /// `gc() { gcloud --project "$P" "$@"; }` is `gcloud container clusters create`): the words
    /// are the call site's, after the flags the wrapper adds.
    static func summary(_ task: ShellFile, in reality: RepoReality) -> String {
        var kinds: [String] = []
        let effective = EffectiveCommands.of(task, in: reality)
        for (i, cmd) in task.script.commands.enumerated() where cmd.enclosing.allSatisfy({ $0 != .substitution }) {
            let name: String
            let arguments: [ShellWord]
            if let e = effective.command(at: i), e.via != nil, knownTools.contains(e.tool) {
                name = e.tool
                arguments = Array(e.words.dropFirst(e.callStart))
            } else if let direct = cmd.name, knownTools.contains(direct) {
                name = direct
                arguments = cmd.arguments
            } else {
                continue
            }
            var words = [name]
            for arg in arguments.prefix(name == "gcloud" ? 5 : 1) {
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
