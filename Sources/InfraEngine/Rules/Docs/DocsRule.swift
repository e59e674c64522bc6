/// A runbook under docs/plans/infra/ describes the one execution path, and no README or
/// doc names another way or a script that does not exist.
public struct DocsRule: Rule {
    public let id = "docs"
    public let purpose = "One runbook describes the one execution path; every doc names only it and scripts that exist."
    public static let operationID = "docs-runbook"

    public init() {}

    public func findings(in reality: RepoReality) -> [Finding] {
        // No entrypoint can be planned until the tasks are numbered, nor beside a runner that
        // keeps it out (the entrypoint rule says so): docs are not pointed at one that cannot
        // run them.
        if reality.tasksAreUnnumbered && reality.entrypoint == nil || Runner.keepingTheEntrypointOut(in: reality) != nil { return [] }
        var out: [Finding] = []
        let entry = reality.layout.entrypoint
        for ref in DocReference.all(in: reality) {
            let (key, message): (String, String)
            switch ref.kind {
            case .runner:
                key = "runner-\(ref.script)"
                message = "names `\(ref.command.command)`, another way to run the tasks; the canonical entrypoint is \(entry)"
            case .task(let path):
                key = "task-\(ref.script)"
                // The replacement the patch writes, arguments kept (`--only 030-add-tenant -- acme`).
                let replacement = taskReplacement(ref, task: reality.task(at: path), entry: entry)
                    ?? "\(entry) --only \(InfraLayout.taskName(path))"
                message = "runs a task by hand (`\(ref.command.command)`) instead of `\(replacement)`"
            case .missing:
                key = "missing-\(ref.script)"
                message = "names `\(ref.command.command)`, but \(ref.script) does not exist"
            }
            out.append(Finding(rule: id, key: key, file: ref.doc.path, line: ref.command.line, message: message))
        }
        if let doc = RunbookPlacement.existing(reality) {
            if let updated = RunbookPlacement.updated(doc, reality: reality), updated != doc.text {
                let fresh = !doc.text.contains(RunbookPlacement.begin)
                out.append(Finding(rule: id, key: fresh ? "runbook-in-place" : "runbook-stale", file: doc.path,
                                   line: fresh ? RunbookPlacement.evidenceLine(doc, reality: reality) : 1,
                                   message: fresh ? "is the runbook, and describes running the tasks another way; it gets a section on "
                                       + "\(entry), in place, and keeps its own steps and notes" : "the runbook's entrypoint section no longer matches the scripts"))
            }
        } else if let current = reality.snapshot.text(Runbook.path) {
            if current.contains(Runbook.marker), current != Runbook.text(reality, toolsCheck: toolsCheckPath(reality), handSteps: handSteps(reality)) {
                out.append(Finding(rule: id, key: "runbook-stale", file: Runbook.path, line: 1,
                                   message: "the runbook no longer matches the scripts"))
            }
        } else {
            // The infra folder's README, else the repository's, else any doc: where a person looks first.
            let evidence = reality.docs.first { $0.path == repoPath(reality.layout.infraDir, "README.md") }?.path
                ?? reality.docs.first { $0.path.lowercased() == "readme.md" }?.path
                ?? reality.docs.first?.path ?? reality.layout.infraDir
            out.append(Finding(rule: id, key: "runbook-missing", file: evidence, line: 1,
                               message: "there is no runbook under docs/plans/infra/ describing the one execution path"))
        }
        return out
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        let found = findings(in: reality)
        guard !found.isEmpty else { return [] }
        var edits: [String: FileEdit] = [:]
        var docs: [String: LineEditor] = [:]
        var fixed: [String] = []
        let entry = reality.layout.entrypoint
        let runners = Dictionary(Runner.all(in: reality).map { ($0.file.path, $0) }, uniquingKeysWith: { a, _ in a })
        // Findings by where they are: a doc may name a thousand tasks.
        let foundAt = Dictionary(grouping: found) { "\($0.file):\($0.line)" }
        // A line is rewritten whole or not at all: `bash a.sh && bash b.sh` with only b.sh
        // rewritten would be half a migration, and the next plan would rewrite a.sh.
        var planned: [(ref: DocReference, replacement: String?)] = []
        for ref in DocReference.all(in: reality) {
            var replacement: String?
            switch ref.kind {
            case .runner(let path):
                replacement = runnerReplacement(ref, runner: runners[path], entry: entry)
            case .task(let path):
                replacement = taskReplacement(ref, task: reality.task(at: path), entry: entry)
            case .missing(let resolved):
                if ref.isToolsCheck {
                    if edits[resolved] == nil {
                        edits[resolved] = .write(Runbook.toolsCheck(path: resolved, tools: Runbook.tools(reality)), mode: .executable)
                    }
                    fixed.append("\(id):\(ref.doc.path):missing-\(ref.script)")
                } else if ref.isEntryLike, !ref.command.isMention {
                    replacement = ref.command.command.replacingOccurrences(of: ref.script, with: ref.spelling(of: entry))
                }
            }
            planned.append((ref, replacement))
        }
        let lineKey = { (ref: DocReference) in "\(ref.doc.path):\(ref.command.line)" }
        let halfDone = Set(planned.filter { p in
            p.replacement == nil && !(p.ref.isToolsCheck && { if case .missing = p.ref.kind { return true }; return false }())
        }.map { lineKey($0.ref) })
        // The line as rewritten so far (LineEditor.line reads the original): each command on
        // it is replaced in turn.
        var rewritten: [String: String] = [:]
        for (ref, replacement) in planned {
            guard let replacement, !halfDone.contains(lineKey(ref)) else { continue }
            // Only the command is replaced: a comment after it on the line stays.
            var editor = docs[ref.doc.path] ?? LineEditor(ref.doc.text)
            let line = rewritten[lineKey(ref)] ?? editor.line(ref.command.line)
            guard let at = line.range(of: ref.command.command) else { continue }
            let new = line.replacingCharacters(in: at, with: replacement)
            rewritten[lineKey(ref)] = new
            editor.replace(ref.command.line...ref.command.line, with: [new])
            docs[ref.doc.path] = editor
            fixed.append(foundAt["\(ref.doc.path):\(ref.command.line)", default: []].first { $0.message.contains(ref.command.command) }?.id ?? "")
        }
        let runbookPath = RunbookPlacement.existing(reality)?.path ?? Runbook.path
        for (path, var editor) in docs {
            let text = editor.text()
            if !text.contains(runbookPath) {
                let link = "See [the runbook](\(relativePath(from: parentFolder(path), to: runbookPath))) for the one way to run the infrastructure."
                editor.insert(["", link], after: editor.lineCount)
            }
            edits[path] = .write(editor.text(), mode: reality.snapshot[path]?.mode ?? .regular)
        }
        // The runbook is written against the tree this operation leaves (tools check included).
        let runbook = Runbook.text(reality, toolsCheck: toolsCheckPath(reality, creating: edits), handSteps: handSteps(reality))
        if let doc = RunbookPlacement.existing(reality) {
            if let updated = RunbookPlacement.updated(doc, reality: reality) {
                edits[doc.path] = .write(updated, mode: reality.snapshot[doc.path]?.mode ?? .regular)
                fixed += found.filter { $0.file == doc.path }.map(\.id)
            }
        } else if reality.snapshot.text(Runbook.path) != runbook,
           reality.snapshot.text(Runbook.path).map({ $0.contains(Runbook.marker) }) ?? true {
            edits[Runbook.path] = .write(runbook, mode: .regular)
            fixed += found.filter { $0.id.hasSuffix(":runbook-missing") || $0.id.hasSuffix(":runbook-stale") }.map(\.id)
        }
        guard !edits.isEmpty else { return [] }
        let dependsOn = context.operations(touching: entry)
        return [OperationDraft(
            id: Self.operationID,
            title: "Write the runbook and point every doc at \(entry)",
            risk: .low,
            rationale: "The READMEs name runners that drift, tasks run by hand and scripts that do not exist, so people "
                + "follow different paths. \(Runbook.path) is generated from the scripts (the one execution path, the "
                + "required environment, each task, the steps done by hand) and the docs now name only \(entry).",
            findings: fixed.filter { !$0.isEmpty }.sorted(),
            dependsOn: dependsOn,
            preconditions: ["the entrypoint \(entry) exists (or is created by the operation this one depends on)"],
            commands: ["less \(Runbook.path)", "./\(entry) --list"],
            expectedOutputs: ["the runbook's task table lists the same tasks, in the same order, as --list"],
            edits: edits)]
    }

    /// `bash tasks/030-x.sh acme` -> `./init.sh --only 030-x -- acme`; nil (the line stays)
    /// when the doc passes arguments to a task that takes none.
    func taskReplacement(_ ref: DocReference, task: ShellFile?, entry: String) -> String? {
        let args = ref.arguments
        let only = DocCommandPrefix.environment(ref.command) + "\(ref.spelling(of: entry)) --only \(InfraLayout.taskName(ref.resolved))"
        if args.isEmpty { return only }
        // `--only NAME -- ARGS` hands ARGS to any task (EntrypointScript's run_task), so a task
        // that reads its positional parameters, even optionally (`VERSION="${1:-v1.16.1}"`),
        // keeps the arguments the doc gives it. A task that reads none keeps the line as it is.
        guard let task, TaskRoles.arguments(task) != nil || Self.readsPositionalParameters(task) else { return nil }
        return only + " -- " + args
    }

    /// `$1`..`$9`, `$@`, `$*`, `$#` read outside any function (inside one they are the
    /// function's own arguments; bash manual, "Positional Parameters").
    static func readsPositionalParameters(_ task: ShellFile) -> Bool {
        task.script.expansions.contains { e in
            ["1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*", "#"].contains(e.name)
                && !e.enclosing.contains(where: \.isFunction)
        }
    }

    /// A runner the entrypoint stands in for: the whole-run door becomes the entrypoint with
    /// the same arguments; a one-task runner's `NAME` becomes `--only NAME`.
    func runnerReplacement(_ ref: DocReference, runner: Runner?, entry: String) -> String? {
        let spelled = DocCommandPrefix.environment(ref.command) + ref.spelling(of: entry)
        let args = ref.arguments
        if case .mapped(let options)? = runner?.coverage {
            // `run-all.sh -n` -> `init.sh --dry-run`; an argument it does not know keeps the line.
            let words = args.split(separator: " ").map(String.init)
            return options.translated(words).map { ([spelled] + $0).joined(separator: " ") }
        }
        guard runner?.coverage == .oneTask else { return args.isEmpty ? spelled : spelled + " " + args }
        guard !args.isEmpty else { return nil }
        let parts = args.split(separator: " ", maxSplits: 1).map(String.init)
        return "\(spelled) --only \(parts[0])" + (parts.count > 1 ? " -- \(parts[1])" : "")
    }

    func toolsCheckPath(_ reality: RepoReality, creating edits: [String: FileEdit] = [:]) -> String? {
        let candidates = reality.allPaths + edits.keys.sorted()
        return candidates.first { path in
            let name = InfraLayout.taskName(path).lowercased()
            return path.hasPrefix(folderPrefix(reality.layout.infraDir)) && name.contains("check") && name.contains("tool")
        }
    }

    func handSteps(_ reality: RepoReality) -> [String] {
        var steps: [String] = []
        // Through wrappers too: the words after the tool, flags the wrapper adds included.
        // Each task's commands read alone, on every core (the last view's tasks are mostly
        // new texts, whose effective commands nothing has made yet).
        let zoneCreated = reality.tasks.concurrentMap { task in
            EffectiveCommands.of(task, in: reality).commands.contains { c in
                c.tool == "gcloud"
                    && (" " + c.words.dropFirst().compactMap(\.literal).filter { !$0.hasPrefix("-") }.joined(separator: " ") + " ")
                        .contains(" dns managed-zones create ")
            }
        }
        if zoneCreated.contains(true) {
            steps.append("Delegate the domain to the Cloud DNS zone at your registrar (name servers: `gcloud dns managed-zones describe ZONE --format='value(nameServers)'`).")
        }
        return steps
    }
}
