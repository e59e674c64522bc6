import Foundation
import Synchronization
import PatchKit

public struct PlanOptions: Sendable {
    public var infraDir: String
    public var rules: [any Rule]

    public init(infraDir: String = "ai/infra", rules: [any Rule] = RuleSet.coderMode) {
        self.infraDir = infraDir
        self.rules = rules
    }
}

/// Turns a tree into a plan. Findings come from the tree as it is; operations are proposed
/// rule by rule on a virtual copy that each queued operation has already changed, so a later
/// patch applies on top of the earlier ones (and depends on them when it touches their files).
public enum Planner {
    public static func plan(root: URL, options: PlanOptions = PlanOptions()) throws(EngineError) -> Plan {
        let snapshot = try RepoReader(root: root, infraDir: options.infraDir).read()
        return try plan(snapshot: snapshot, repo: root.path, options: options)
    }

    /// `onOperation` sees each operation as soon as it is built, in plan order (validation
    /// starts its tools on it while later rules are still planning).
    /// `cache`: parsed scripts to share with whoever else reads this plan's trees (validation).
    public static func plan(snapshot original: RepoSnapshot, repo: String, options: PlanOptions = PlanOptions(),
                            cache: ScriptCache = ScriptCache(),
                            onOperation: ((Operation) -> Void)? = nil) throws(EngineError) -> Plan {
        let warming = PlanTrace.now()
        cache.warm(original)
        PlanTrace.mark("parsed the scripts (\(PlanTrace.ms(since: warming)))")
        let reality0 = try RepoReality(snapshot: original, infraDir: options.infraDir, cache: cache)
        // Findings read the tree as it is, operations the tree as earlier rules leave it:
        // neither needs the other, so the findings are made behind the operations.
        let rules = options.rules
        // The manifests rule's findings first: they parse every manifest, which the operations
        // need once the earlier rules are done, and a file two threads parse at once costs twice.
        let manifests = ManifestsRule().id
        let findings0 = BackgroundFindings(rules.filter { $0.id == manifests } + rules.filter { $0.id != manifests }, on: reality0)
        var current = original
        var operations: [Operation] = []
        var touched: [String: Set<String>] = [:]
        var lastWriter: [String: String] = [:]
        var history: [String: [RealDependencies.Write]] = [:]
        var patchByID: [String: String] = [:]
        var addedByID: [String: RealDependencies.Added] = [:]
        var usedIDs: Set<String> = []

        // A rule that built no operation leaves the tree as it found it: the next rule plans on
        // the same view, with every analysis already made there (the first rules start on the
        // findings' view of the tree as it is, which the findings thread is filling in).
        var view = reality0
        var viewIsCurrent = true
        // Views are freed when the plan is returned, not between two rules: freeing the
        // analyses of a thousand tasks kept the next rule waiting.
        var views: [RepoReality] = [reality0]
        defer { PlanViews.release(&views) }

        for rule in options.rules {
            let viewing = PlanTrace.now()
            if !viewIsCurrent {
                view = try RepoReality(snapshot: current, infraDir: options.infraDir, cache: cache, baseline: original)
                views.append(view)
                viewIsCurrent = true
            }
            let reality = view
            let drafting = PlanTrace.now()
            let madeBefore = PlanTrace.enabled ? CacheMisses.snapshot : [:]
            let drafts = rule.operations(in: RuleContext(reality: reality, queued: touched,
                                                         history: history))
            let building = PlanTrace.now()
            let before = operations.count
            defer {
                PlanTrace.mark("operations \(rule.id): \(operations.count - before) (view \(PlanTrace.ms(since: viewing, to: drafting)), "
                               + "drafts \(PlanTrace.ms(since: drafting, to: building)), patches \(PlanTrace.ms(since: building)); "
                               + "made \(CacheMisses.summary(since: madeBefore)))")
            }
            let inOrder = ordered(drafts)
            // The scripts the next view reads afresh are parsed on the other core while this
            // thread builds the patches (a rule rewriting hundreds of tasks left their parsing
            // to the next view, on this thread's critical path). Their last text each; a draft
            // the build skips costs a parse and changes nothing.
            let parsing = DispatchGroup()
            let rewritten = Self.lastShellWrites(inOrder)
            if rewritten.count >= Self.parseAheadMinimum {
                DispatchQueue.global().async(group: parsing) {
                    for (path, text) in rewritten { _ = cache.script(path: path, text: text) }
                }
            }
            defer { parsing.wait() }
            for draft in inOrder {
                guard let built = build(draft, rule: rule.id, on: &current, original: original,
                                        lastWriter: lastWriter, usedIDs: usedIDs, history: &history, patchByID: patchByID,
                                        added: &addedByID) else { continue }
                viewIsCurrent = false
                patchByID[built.id] = built.patch
                operations.append(built)
                onOperation?(built)
                usedIDs.insert(built.id)
                touched[built.id] = Set(built.files.map(\.path))
                for file in built.files { lastWriter[file.path] = built.id }
            }
        }
        PlanTrace.mark("operations planned, planner thread CPU \(PlanTrace.threadCPU)")
        var findings = findings0.collect()
        let fixedBy = Dictionary(operations.flatMap { op in op.findings.map { ($0, op.id) } }, uniquingKeysWith: { a, _ in a })
        for i in findings.indices { findings[i].operation = fixedBy[findings[i].id] }
        var notes: [String] = []
        for (path, why) in original.skipped.sorted(by: { $0.key < $1.key }) { notes.append("\(path) \(why)") }
        return Plan(repo: repo, infraDir: options.infraDir, operations: operations,
                    findings: findings.sortedForOutput(), notes: notes)
    }

    /// Below this many rewritten scripts the next view parses them itself.
    static let parseAheadMinimum = 16

    /// The shell scripts `drafts` write (in order), each with the last text written: what the
    /// next view parses.
    static func lastShellWrites(_ drafts: [OperationDraft]) -> [(path: String, text: String)] {
        var last: [String: String] = [:]
        var order: [String] = []
        for draft in drafts {
            for (path, edit) in draft.edits {
                guard ShellContext.isShell(path) else { continue }
                let text: String
                switch edit {
                case .write(let t, _), .rewrite(let t, _): text = t
                default: continue
                }
                if last.updateValue(text, forKey: path) == nil { order.append(path) }
            }
        }
        return order.map { ($0, last[$0]!) }
    }

    /// A rule's drafts by id, except that a draft comes after the drafts it depends on.
    static func ordered(_ drafts: [OperationDraft]) -> [OperationDraft] {
        var pending = drafts.sorted { $0.id < $1.id }
        let ids = Set(pending.map(\.id))
        var done: Set<String> = []
        var out: [OperationDraft] = []
        while !pending.isEmpty {
            let next = pending.firstIndex { d in d.dependsOn.allSatisfy { !ids.contains($0) || done.contains($0) } } ?? 0
            let draft = pending.remove(at: next)
            done.insert(draft.id)
            out.append(draft)
        }
        return out
    }

    /// The operation a draft makes on `tree`, which it leaves changed as the patch says (in
    /// place: a copy of a tree of thousands of files per operation was most of a large plan).
    /// Nil, and `tree` unchanged, when the draft changes nothing.
    /// `history`: every earlier write of each path (this one's are added); `patchByID`: the
    /// patches of the operations built so far. Both decide which dependencies are real.
    private static func build(_ draft: OperationDraft, rule: String, on tree: inout RepoSnapshot, original: RepoSnapshot,
                              lastWriter: [String: String], usedIDs: Set<String>,
                              history: inout [String: [RealDependencies.Write]], patchByID: [String: String],
                              added: inout [String: RealDependencies.Added]) -> Operation? {
        var patches: [FilePatch] = []
        var files: [FileTouch] = []
        var baseline: [FileBaseline] = []
        var deps = Set(draft.dependsOn)
        var befores: [String: RepoFile?] = [:]
        var plainWrites: Set<String> = []
        for (path, edit) in draft.edits.sorted(by: { $0.key < $1.key }) {
            let old = tree[path]
            befores[path] = old
            if case .write = edit { plainWrites.insert(path) }
            let oldText = old?.text
            // Never patch what could not be read as text; only untracking works on any bytes.
            if old != nil && oldText == nil && edit != .untrack { continue }
            let patch: FilePatch
            switch edit {
            case .untrack:
                guard let old else { continue }
                patch = UnifiedDiff.contentlessDeletion(path: path, oldMode: old.mode, oldBlob: ContentHash.gitBlob(old.data))
                tree.delete(path)
                files.append(FileTouch(path: path, change: .delete))
            case .write(let text, let mode):
                if let old, oldText == text, old.mode == mode { continue }
                patch = UnifiedDiff.filePatch(path: path, old: oldText, new: text, oldMode: old?.mode,
                                              newMode: mode, oldBlob: old.map { ContentHash.gitBlob($0.data) },
                                              newBlob: ContentHash.gitBlob(text))
                tree.write(path, RepoFile(text: text, mode: mode))
                files.append(FileTouch(path: path, change: old == nil ? .create : .modify))
            case .rewrite(let text, let mode):
                guard let old else { continue }
                let created = UnifiedDiff.filePatch(path: path, old: nil, new: text, oldMode: nil, newMode: mode, oldBlob: nil,
                                                    newBlob: ContentHash.gitBlob(text))
                patches.append(UnifiedDiff.contentlessDeletion(path: path, oldMode: old.mode, oldBlob: ContentHash.gitBlob(old.data)))
                patch = created
                tree.write(path, RepoFile(text: text, mode: mode))
                files.append(FileTouch(path: path, change: .modify))
            case .delete:
                guard let old, let oldText else { continue }
                patch = UnifiedDiff.filePatch(path: path, old: oldText, new: nil, oldMode: old.mode, newMode: nil,
                                              oldBlob: ContentHash.gitBlob(old.data), newBlob: nil)
                tree.delete(path)
                files.append(FileTouch(path: path, change: .delete))
            }
            patches.append(patch)
            baseline.append(FileBaseline(path: path, sha256: original[path]?.sha256))
            if let writer = lastWriter[path] { deps.insert(writer) }
        }
        guard !patches.isEmpty else { return nil }
        var id = OperationID.slug(draft.id)
        if usedIDs.contains(id) {
            var n = 2
            while usedIDs.contains("\(id)-\(n)") { n += 1 }
            id = "\(id)-\(n)"
        }
        deps.remove(id)
        // Sharing a file is not needing: keep a dependency only when this patch needs it first.
        var ours: RealDependencies.Added?
        for dep in deps.sorted() where !RealDependencies.needs(dep, dependencyPatch: patchByID[dep], patches: patches,
                                                               plainWrites: plainWrites, history: history, added: &added,
                                                               ours: &ours) {
            deps.remove(dep)
        }
        for file in files { history[file.path, default: []].append(.init(writer: id, before: befores[file.path] ?? nil)) }
        let ops = OpsBlock(id: id, title: draft.title, group: draft.group, risk: draft.risk,
                           dependsOn: deps.sorted(), preconditions: draft.preconditions,
                           commands: draft.commands, expectedOutputs: draft.expectedOutputs, rollback: draft.rollback)
        let op = Operation(ops: ops, rule: rule, rationale: draft.rationale, findings: draft.findings.sorted(),
                           files: files, patch: UnifiedDiff.render(patches), baseline: baseline)
        return op
    }
}

/// Where a plan's views go when it is done: freed on a background queue, as freeing the
/// analyses of every view of a large tree is work nobody waits for.
enum PlanViews {
    /// Takes `views` (left empty) and drops them on a background queue. The queue must hold
    /// the last reference: when the caller kept one, a queue that ran first left the freeing
    /// to the caller after all (25 ms on the planner's thread at 1,000 tasks).
    static func release(_ views: inout [RepoReality]) {
        let handoff = Handoff(views)
        views = []
        // A process that exits after this plan frees nothing: the exit returns the memory at once.
        if processExitsAfterPlan.load(ordering: .relaxed) {
            ProcessLifetime.keep(handoff)
            return
        }
        DispatchQueue.global(qos: .utility).async { handoff.views = [] }
    }

    /// Set by a one-shot command (`PlanPipeline.run(oneShot: true)`) before it plans.
    static let processExitsAfterPlan = Atomic<Bool>(false)

    final class Handoff: @unchecked Sendable {
        var views: [RepoReality]
        init(_ views: [RepoReality]) { self.views = views }
    }
}
