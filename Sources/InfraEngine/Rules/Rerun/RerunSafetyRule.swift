/// Every task can run twice: creates are checked first or use their idempotent form, and
/// gcloud commands carry only the location flags their resource accepts.
public struct RerunSafetyRule: Rule {
    public let id = "rerun"
    public let purpose = "Every create in the tasks is checked first or idempotent, so each task can run again safely."

    public init() {}

    static func operationID(_ task: ShellFile) -> String { "rerun-guard-\(task.name)" }

    private func analyses(_ reality: RepoReality) -> [RerunAnalysis] {
        let regional = RerunAnalysis.regionalClusters(in: reality)
        // Each task is read alone (the view's caches are shared and locked): on every core.
        return reality.tasks.concurrentMap { RerunAnalysis($0, in: reality, regionalClusters: regional) }
    }

    public func findings(in reality: RepoReality) -> [Finding] {
        var out: [Finding] = []
        for a in analyses(reality) {
            for h in a.hazards {
                let message = h.fix == nil ? h.message + " (no safe rewrite: fix it by hand)" : h.message
                out.append(Finding(rule: id, key: h.key, severity: h.isFlag ? .error : .warning, file: a.file.path, line: h.line, message: message))
            }
        }
        return out
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        // Each task's rewrite reads its analysis alone: on every core, kept in task order.
        return analyses(reality).concurrentMap { a -> OperationDraft? in
            var editor = LineEditor(a.file.script.text)
            var used: Set<Int> = []
            var applied: [Int: [String]] = [:]
            var fixed: [RerunHazard] = []
            for h in a.hazards {
                guard let fix = h.fix else { continue }
                // A wrong scope and a missing guard on one command share one rewrite.
                if applied[fix.range.lowerBound] == fix.lines { fixed.append(h); continue }
                guard fix.range.allSatisfy({ !used.contains($0) }) else { continue }
                used.formUnion(fix.range)
                applied[fix.range.lowerBound] = fix.lines
                editor.replace(fix.range, with: fix.lines)
                fixed.append(h)
            }
            guard !fixed.isEmpty else { return nil }
            let path = a.file.path
            let tools = Set(fixed.map(\.tool))
            let group: OpsBlock.Group = tools.contains(.gcloud) ? .cloud : (tools.contains(.kubectl) || tools.contains(.helm)) ? .cluster : .local
            let entry = reality.layout.entrypoint
            let run = "./\(entry) --only \(a.file.name)"
            var preconditions = ["the working tree is committed, so the change can be reviewed and reverted"]
            switch group {
            case .cloud: preconditions.append("gcloud authenticated against the project the task targets")
            case .cluster: preconditions.append("kubectl and helm pointed at the cluster the task targets")
            default: break
            }
            return OperationDraft(
                id: Self.operationID(a.file),
                title: fixed.allSatisfy(\.isFlag) ? "Call \(a.file.name)'s gcloud commands in their resource's scope" : "Make \(a.file.name) safe to run twice",
                group: group,
                risk: .med,
                rationale: "Re-running a task is how a failed run is resumed; \(fixed.count == 1 ? "one command" : "\(fixed.count) commands") in \(path) "
                    + "fail\(fixed.count == 1 ? "s" : "") when what \(fixed.count == 1 ? "it creates" : "they create") already exists. "
                    + "Each now checks first (gcloud describe) or uses its idempotent form (kubectl apply, helm upgrade --install, mkdir -p, ln -sfn, "
                    + "an append only when the line is missing). The original commands are kept as written inside the guards."
                    + (fixed.contains(where: \.isFlag) ? " Calls whose wrapper adds a scope the resource does not have call gcloud with the resource's own scope and the wrapper's other flags." : ""),
                findings: fixed.map { Finding(rule: id, key: $0.key, file: path, line: $0.line, message: "").id },
                dependsOn: context.operations(touching: path),
                preconditions: preconditions,
                commands: ["bash -n \(path)", run, run],
                expectedOutputs: ["the first run creates what is missing",
                                  "the second run succeeds too, reporting or skipping what already exists"],
                rollback: ["git revert the commit that applied this operation (or `infra-tui undo`); nothing in the cloud changes until the task runs"],
                edits: [path: .write(editor.text(), mode: reality.snapshot[path]?.mode ?? .executable)])
        }.compactMap { $0 }
    }
}
