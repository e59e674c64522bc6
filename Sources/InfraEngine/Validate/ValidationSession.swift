import Foundation

/// One validation of a series, fed an operation at a time as the planner makes them: the
/// in-process checks run at once on one tree, and the external tools start on each
/// operation's files while the planner is still working on the next rules, so planning
/// hides under the tools instead of coming before them. `finish` gathers the answers.
///
/// `add` only queues the operation: the checks run in order on a queue of their own, so they
/// use the second core while the planner goes on. Call `add` from one thread, then `finish`.
public final class ValidationSession: @unchecked Sendable {
    /// Where the checks run, in order. Without external tools (`--no-validate`) nothing is
    /// waited for before the plan is done, so they run behind the planner.
    private let queue: BackgroundWorker
    let validator: Validator
    let original: RepoSnapshot
    let cache: ValidationCache
    let tools: [ToolJob.Kind: ToolIdentity]
    private var tree: RepoSnapshot
    private var context: ShellContext
    private var kustomizations: Set<String>
    private var broken: Set<String> = []
    private var done: [String: [ValidationResult]] = [:]
    private var pending: [String: Validator.Pending] = [:]
    /// What each script sources, by path, for the text it was worked out on: the rehearsal
    /// check asks for every script of the tree on every operation (a thousand tasks made that
    /// quadratic in the parsing of `source` lines).
    private var sourcedByPath: [String: (text: String, names: Set<String>)] = [:]
    /// The scripts the operations added so far changed (the session's tree holds them all).
    private var scriptsChanged: Set<String> = []

    private func sourcedNames(_ path: String, _ text: String) -> Set<String> {
        if let known = sourcedByPath[path], known.text == text { return known.names }
        let names = ShellContext.sourcedNames(text)
        sourcedByPath[path] = (text, names)
        return names
    }
    private let stream: ToolJobStream?
    private let scripts: ScriptCache
    private let rehearsals: Result<RehearsalJobs, RehearsalUnavailable>

    /// `repo` names the repository whose cache to use when the validator brings none;
    /// `scripts`, the parsed scripts it shares with the planner.
    public init(_ validator: Validator, original: RepoSnapshot, repo: String, scripts: ScriptCache = ScriptCache(),
                infraDir: String = "ai/infra") {
        self.validator = validator
        queue = BackgroundWorker(name: "infra-tui.validation", behind: !validator.useExternalTools)
        self.scripts = scripts
        self.original = original
        tree = original
        tools = validator.useExternalTools ? Validator.installedTools() : [:]
        cache = validator.cache ?? ValidationCache.standard(for: URL(fileURLWithPath: repo))
        // Only shellcheck reads what a script sources.
        context = tools[.shellcheck] == nil ? ShellContext() : ShellContext(original)
        kustomizations = KustomizeCheck.folders(in: original)
        stream = tools.isEmpty ? nil : ToolJobStream(cache: cache, cores: ProcessInfo.processInfo.activeProcessorCount, tools: tools)
        rehearsals = validator.useExternalTools
            ? RehearsalJobs.start(original: original, infraDir: infraDir, cache: cache, scripts: scripts)
            : .failure(RehearsalUnavailable(reason: "--no-validate"))
    }

    public func add(_ op: Operation) {
        queue.async { self.check(op) }
    }

    private func check(_ op: Operation) {
        if let dep = op.dependsOn.first(where: broken.contains) {
            done[op.id] = [.init(check: "applies", status: .failed, detail: "depends on \(dep), which does not apply")]
            broken.insert(op.id)
            return
        }
        let added: [String: Set<Int>]
        let touched = op.files.map(\.path)
        // The tree before the patch only when rehearsal compares the two: a copy held across
        // the patch makes it copy every file's entry (with --no-validate that was a seventh of a plan).
        let rehearsing = touched.contains(where: ShellContext.isShell) && (try? rehearsals.get()) != nil
        let before = rehearsing ? tree : nil
        switch Validator.apply(op, to: &tree) {
        case .failure(let message):
            done[op.id] = [.init(check: "applies", status: .failed, detail: message)]
            broken.insert(op.id)
            return
        case .success(let lines): added = lines
        }
        if tools[.shellcheck] != nil { context.update(touched, in: tree) }
        KustomizeCheck.update(&kustomizations, touched, in: tree)
        var wait = Validator.Pending(
            results: [.init(check: "applies", status: .passed), Validator.filesExist(op, tree), SecretCheck.check(op, original: original, scripts: scripts)]
                + Validator.yaml(op, tree),
            references: ReferenceCheck.check(op, after: tree, added: added, scripts: scripts), added: added)
        for root in KustomizeCheck.roots(op, folders: kustomizations) {
            var key = ""
            if let kubectl = tools[.kustomize] {
                // Only the layer's files: kustomize must not see (or need) anything else of the tree.
                let files = Dictionary(uniqueKeysWithValues: tree.paths(under: root).map { ($0, tree.files[$0]!.data) })
                let job = ToolJob(kind: .kustomize, tool: kubectl, target: root, files: files)
                stream?.submit(job)
                key = job.key
            }
            wait.roots.append((root, key))
        }
        for path in touched where ShellContext.isShell(path) && tree.files[path] != nil {
            let syntax = tools[.bashSyntax].map { ToolJob(kind: .bashSyntax, tool: $0, target: path, files: [path: tree.files[path]!.data]) }
            let lint = tools[.shellcheck].map { ToolJob(kind: .shellcheck, tool: $0, target: path, files: context.files(for: path, in: tree)) }
            for job in [syntax, lint].compactMap({ $0 }) { stream?.submit(job) }
            wait.scripts.append((path, syntax?.key ?? "", lint?.key ?? ""))
        }
        if touched.contains(where: ShellContext.isShell), !rehearsing {
            // Skipped (no sandbox, --no-validate): nothing to choose, the result says why.
            wait.rehearsal = ([], false, Set(touched))
        } else if let before {
            let chosen = RehearsalCheck.scripts(touching: touched, before: before, after: tree, names: sourcedNames)
            let jobs = try? rehearsals.get()
            scriptsChanged.formUnion(touched.filter(ShellContext.isShell))
            let env = jobs?.environment(changed: scriptsChanged, in: tree, scripts: scripts) ?? [:]
            wait.rehearsal = (chosen.scripts.map { script in
                (script, before.files[script] == nil ? nil : jobs?.submit(script, on: before, environment: env),
                 tree.files[script] == nil ? nil : jobs?.submit(script, on: tree, environment: env))
            }, chosen.capped, Set(touched))
        }
        pending[op.id] = wait
    }

    /// `plan` with every added operation's results, once the tools are done.
    public func finish(_ plan: Plan) async -> Plan {
        queue.sync()  // every queued operation checked and its jobs submitted
        let answers = await stream?.finish() ?? [:]
        let rehearsed = (try? rehearsals.get())?.finish() ?? [:]
        cache.save()
        var plan = plan
        for i in plan.operations.indices {
            let id = plan.operations[i].id
            if let results = done[id] {
                plan.operations[i].validation = results
            } else if let wait = pending[id] {
                plan.operations[i].validation = wait.results + validator.kustomizeResult(wait, answers, tools)
                    + (wait.references.map { [$0] } ?? []) + validator.shellResults(wait, answers, tools)
                if let asked = wait.rehearsal {
                    let (result, rehearsal) = RehearsalJobs.outcome(asked, rehearsed, rehearsals)
                    plan.operations[i].validation.append(result)
                    plan.operations[i].rehearsal = rehearsal
                }
            }
        }
        if !validator.useExternalTools {
            plan.notes.append("validation skipped the external tools (bash, shellcheck, kubectl kustomize): --no-validate")
        }
        return plan
    }
}
