import Foundation
import PatchKit
import Yams

/// Checks that every operation is complete before it reaches the queue: its patch applies to
/// the tree it was planned on, the files it names exist afterwards, it carries no credential,
/// its YAML parses and the manifests layer still builds (`kubectl kustomize`), the paths its
/// new shell lines use exist, and its shell passes `bash -n` and `shellcheck` (on the lines it
/// adds). The results travel with the operation.
///
/// The in-process checks walk the series in order on one tree. The external tools then run
/// once for the whole plan: only on the files operations change, one job per distinct file
/// version and context, answered from the cache where it can be, the rest batched and spread
/// over every core (ToolJobs.swift), in scratch folders, never in the person's tree.
public struct Validator: Sendable {
    public var useExternalTools: Bool
    /// nil: the person's cache for the plan's repository (ValidationCache.standard).
    public var cache: ValidationCache?

    public init(useExternalTools: Bool = true, cache: ValidationCache? = nil) {
        self.useExternalTools = useExternalTools
        self.cache = cache
    }

    /// What one operation still waits for from the external tools.
    struct Pending {
        var results: [ValidationResult]
        var references: ValidationResult?
        var roots: [(root: String, job: String)] = []
        var scripts: [(path: String, syntax: String, lint: String)] = []
        var added: [String: Set<Int>] = [:]
    }

    public func validate(_ plan: Plan, original: RepoSnapshot) async -> Plan {
        let tools = useExternalTools ? Self.installedTools() : [:]
        var plan = plan
        var tree = original
        // Only shellcheck reads what a script sources.
        var context = tools[.shellcheck] == nil ? ShellContext() : ShellContext(original)
        var kustomizations = KustomizeCheck.folders(in: original)
        var broken: Set<String> = []
        var pending: [Int: Pending] = [:]
        var jobs: [String: ToolJob] = [:]
        for i in plan.operations.indices {
            let op = plan.operations[i]
            if let dep = op.dependsOn.first(where: broken.contains) {
                plan.operations[i].validation = [.init(check: "applies", status: .failed, detail: "depends on \(dep), which does not apply")]
                broken.insert(op.id)
                continue
            }
            let added: [String: Set<Int>]
            switch Self.apply(op, to: &tree) {
            case .failure(let message):
                plan.operations[i].validation = [.init(check: "applies", status: .failed, detail: message)]
                broken.insert(op.id)
                continue
            case .success(let lines): added = lines
            }
            let touched = op.files.map(\.path)
            if tools[.shellcheck] != nil { context.update(touched, in: tree) }
            KustomizeCheck.update(&kustomizations, touched, in: tree)
            var wait = Pending(results: [.init(check: "applies", status: .passed), Self.filesExist(op, tree),
                                         SecretCheck.check(op, original: original)] + Self.yaml(op, tree),
                               references: ReferenceCheck.check(op, after: tree, added: added), added: added)
            for root in KustomizeCheck.roots(op, folders: kustomizations) {
                var key = ""
                if let kubectl = tools[.kustomize] {
                    // Only the layer's files: kustomize must not see (or need) anything else of the tree.
                    let files = Dictionary(uniqueKeysWithValues: tree.paths(under: root).map { ($0, tree.files[$0]!.data) })
                    let job = ToolJob(kind: .kustomize, tool: kubectl, target: root, files: files)
                    jobs[job.key] = job
                    key = job.key
                }
                wait.roots.append((root, key))
            }
            for path in touched where ShellContext.isShell(path) && tree.files[path] != nil {
                let syntax = tools[.bashSyntax].map { ToolJob(kind: .bashSyntax, tool: $0, target: path, files: [path: tree.files[path]!.data]) }
                let lint = tools[.shellcheck].map { ToolJob(kind: .shellcheck, tool: $0, target: path, files: context.files(for: path, in: tree)) }
                for job in [syntax, lint].compactMap({ $0 }) { jobs[job.key] = job }
                wait.scripts.append((path, syntax?.key ?? "", lint?.key ?? ""))
            }
            pending[i] = wait
        }
        let cache = self.cache ?? ValidationCache.standard(for: URL(fileURLWithPath: plan.repo))
        let answers = jobs.isEmpty ? [:] : await ToolJobRunner(cache: cache, cores: ProcessInfo.processInfo.activeProcessorCount, tools: tools).run(jobs)
        cache.save()
        for (i, wait) in pending {
            plan.operations[i].validation = wait.results + kustomizeResult(wait, answers, tools)
                + (wait.references.map { [$0] } ?? []) + shellResults(wait, answers, tools)
        }
        if !useExternalTools { plan.notes.append("validation skipped the external tools (bash, shellcheck, kubectl kustomize): --no-validate") }
        return plan
    }

    static func installedTools() -> [ToolJob.Kind: ToolIdentity] {
        var tools: [ToolJob.Kind: ToolIdentity] = [:]
        tools[.bashSyntax] = ToolIdentity.find("bash")
        tools[.shellcheck] = ToolIdentity.find("shellcheck")
        tools[.kustomize] = ToolIdentity.find("kubectl")
        return tools
    }

    func kustomizeResult(_ wait: Pending, _ answers: [String: ValidationCache.Entry],
                         _ tools: [ToolJob.Kind: ToolIdentity]) -> [ValidationResult] {
        guard !wait.roots.isEmpty else { return [] }
        guard useExternalTools else { return [.init(check: "kustomize", status: .skipped, detail: "--no-validate")] }
        guard tools[.kustomize] != nil else { return [.init(check: "kustomize", status: .skipped, detail: "kubectl is not installed")] }
        var failures: [String] = []
        for (root, key) in wait.roots {
            let dir = root.isEmpty ? "." : root
            guard let answer = answers[key] else { failures.append("\(dir): kubectl did not run"); continue }
            if !answer.ok { failures.append("\(dir): " + (answer.lines.first ?? "failed")) }
        }
        let dirs = wait.roots.map { $0.root.isEmpty ? "." : $0.root }.joined(separator: ", ")
        return [failures.isEmpty ? .init(check: "kustomize", status: .passed, detail: "kubectl kustomize \(dirs)")
                : .init(check: "kustomize", status: .failed, detail: failures.joined(separator: "; "))]
    }

    func shellResults(_ wait: Pending, _ answers: [String: ValidationCache.Entry],
                      _ tools: [ToolJob.Kind: ToolIdentity]) -> [ValidationResult] {
        guard !wait.scripts.isEmpty else { return [] }
        guard useExternalTools else {
            return [.init(check: "bash -n", status: .skipped, detail: "--no-validate"),
                    .init(check: "shellcheck", status: .skipped, detail: "--no-validate")]
        }
        var results: [ValidationResult] = []
        if tools[.bashSyntax] != nil {
            let failures = wait.scripts.compactMap { script -> String? in
                guard let answer = answers[script.syntax] else { return "\(script.path): bash did not run" }
                return answer.ok ? nil : answer.lines.first ?? script.path
            }
            results.append(failures.isEmpty ? .init(check: "bash -n", status: .passed)
                           : .init(check: "bash -n", status: .failed, detail: failures.joined(separator: "; ")))
        } else {
            results.append(.init(check: "bash -n", status: .skipped, detail: "bash is not installed"))
        }
        if tools[.shellcheck] != nil {
            var fresh: [String] = []
            var preexisting = 0
            for script in wait.scripts {
                guard let answer = answers[script.lint] else { fresh.append("\(script.path): shellcheck did not run"); continue }
                for line in answer.lines {
                    let parts = line.split(separator: ":", maxSplits: 3)
                    guard parts.count >= 3, let n = Int(parts[1]) else { continue }
                    if wait.added[String(parts[0])]?.contains(n) ?? true { fresh.append(line) } else { preexisting += 1 }
                }
            }
            let note = preexisting > 0 ? "\(preexisting) finding(s) on lines this patch does not change" : ""
            results.append(fresh.isEmpty ? .init(check: "shellcheck", status: .passed, detail: note)
                           : .init(check: "shellcheck", status: .failed, detail: fresh.prefix(5).joined(separator: "; ")))
        } else {
            results.append(.init(check: "shellcheck", status: .skipped, detail: "shellcheck is not installed"))
        }
        return results
    }
}
