import InfraEngine

/// Which pane has the keyboard.
public enum Focus: Sendable, Equatable { case queue, detail }

/// What the right pane shows for the selected operation.
public enum DetailView: Int, Sendable, Equatable, CaseIterable {
    case diff, ops, info
    public var title: String { ["Diff", "Ops", "Info"][rawValue] }
}

/// Questions that need a yes or no before anything happens.
public enum Confirm: Sendable, Equatable {
    case acceptWithDependencies(id: String, missing: [String])
    case write(ids: [String], refusing: [String: String])
    case override(id: String, reason: String)
    case quit(unwritten: Int)
    case resume(SessionRecord, matching: Int, stale: [String])
    /// The second question before a saved review is thrown away ("start fresh" at `resume`).
    case discardSaved(SessionRecord, matching: Int, stale: [String])
    /// `A`/`R`: accept or reject every operation the queue shows (see `GroupDecision`).
    case group(GroupDecision)
    /// Throw away the refused edit texts (drafts) of an operation: the person's typing.
    case discardDraft(id: String, kinds: [EditKind])
}

/// A line being typed at the bottom of the screen.
public struct Input: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable { case search, exportFolder, filter }
    public var purpose: Purpose
    public var text: String
    /// Why the last entry of this line was refused (a bad filter key), shown in the prompt
    /// while the person fixes it.
    public var refusal: String? = nil
}

public enum Mode: Sendable, Equatable {
    case normal
    case help(top: Int)
    case confirm(Confirm)
    case input(Input)
    /// Every finding of the plan, filterable (`FindingsView`).
    case findings(FindingsView)
    /// The whole plan's rehearsal preview, scrolled to `top` (`PlanPreview`).
    case preview(top: Int)
}

/// The line under the panes: what the last action did.
public struct Message: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case info, success, error }
    public var text: String
    public var kind: Kind
    public init(_ text: String, _ kind: Kind = .info) { self.text = text; self.kind = kind }
}

/// Everything the UI shows and remembers. A value: `update` returns a new one.
public struct AppState: Sendable, Equatable {
    public var gate: ApprovalGate
    public var root: String
    public var selected = 0
    public var queueTop = 0
    public var focus: Focus = .queue
    public var view: DetailView = .diff
    /// First visible row of the detail pane (a line, unless the view wraps or is side by side).
    public var top = 0
    /// First visible column of the detail pane's lines when they do not wrap (`<` `>`).
    public var left = 0
    /// Views whose long lines wrap (`z` toggles the shown one): the prose of ops and info
    /// from the start, the diff (code) scrolls sideways until asked.
    public var wrapped: Set<DetailView> = [.ops, .info]
    /// The diff side by side (`s`), shown from `SideBySideIndex.minWidth` columns.
    public var sideBySide = false
    public var mode: Mode = .normal
    public var message: Message?
    public var lastSearch: String?
    public var matchLine: Int?
    /// Edit texts the re-validation refused, by `draftKey`: reopening starts from them.
    public var drafts: [String: String] = [:]
    /// Edit texts being re-validated in the background, by `draftKey`.
    public var checking: [String: String] = [:]
    public var overrides: Set<String> = []
    public var written: Set<String> = []
    /// What each `a`/`r`/`A`/`R` changed, oldest first, so `u` can put back exactly the most
    /// recent one (the dependants a rejection moved included).
    var history: [DecisionChange] = []
    /// The queue filter (`f`); nil shows every operation.
    public var filter: QueueFilter?
    /// The operations the queue shows (indexes into `operations`, in plan order): all of
    /// them, or those the filter lets through. Refreshed after every event.
    public internal(set) var queueRows: [Int] = []
    /// infra-tui's own earlier writes (the journals), against which a saved review's
    /// baselines are re-based when it is resumed after writing in steps.
    public var ownWrites = OwnWrites()
    /// Decisions changed since the last write or export.
    public var unsaved = false
    /// The external validators are still running in the background.
    public var validating: Bool
    public var width = 80
    public var height = 24
    public var defaultExportFolder: String
    /// Parsed diffs by operation id, rebuilt when a patch changes.
    var docs: [String: DiffDocument] = [:]
    /// Who depends on whom, rebuilt with the docs and when an edit is accepted.
    public internal(set) var deps: DependencyIndex

    public init(plan: Plan, root: String, validating: Bool, defaultExportFolder: String, resume: SessionRecord? = nil,
                ownWrites: OwnWrites = OwnWrites()) {
        gate = ApprovalGate(plan: plan)
        self.ownWrites = ownWrites
        self.root = root
        self.validating = validating
        self.defaultExportFolder = defaultExportFolder
        deps = DependencyIndex(gate)
        rebuildDocs()
        refreshQueueRows()
        if let resume, resume.isMeaningful {
            let (matching, stale) = resume.match(plan, ownWrites: ownWrites)
            let written = resume.writtenOperations(notIn: plan)
            if !matching.isEmpty || !written.isEmpty {
                mode = .confirm(.resume(resume, matching: matching.count + written.count, stale: stale))
            } else if !stale.isEmpty {
                message = Message("Your earlier review no longer matches the tree (files changed since): starting over", .error)
            }
        }
    }

    public static func draftKey(_ id: String, _ kind: EditKind) -> String { "\(id)/\(kind.rawValue)" }

    /// An edit of this operation (patch or ops block) is being checked.
    public func isChecking(_ id: String) -> Bool {
        checking[Self.draftKey(id, .patch)] != nil || checking[Self.draftKey(id, .ops)] != nil
    }

    public var operations: [Operation] { gate.plan.operations }
    /// The selected operation as it will be written (the person's edit when there is one);
    /// nil when the filter hides every operation.
    public var current: Operation? {
        guard operations.indices.contains(selected), filter == nil || !queueRows.isEmpty else { return nil }
        let planned = operations[selected]
        return gate.edits[planned.id] ?? planned
    }

    public func document(_ id: String) -> DiffDocument {
        docs[id] ?? DiffDocument(patch: gate.effective(id)?.patch ?? "")
    }

    /// Indexes every operation's diff; one whose patch did not change (validation results
    /// landing) keeps its document, so a huge diff is not parsed again in the key loop.
    mutating func rebuildDocs() {
        deps = DependencyIndex(gate)
        var next: [String: DiffDocument] = [:]
        for op in operations {
            let patch = (gate.edits[op.id] ?? op).patch
            next[op.id] = docs[op.id].flatMap { $0.source == patch ? $0 : nil } ?? DiffDocument(patch: patch)
        }
        docs = next
    }

    /// Accepted operations not yet written, which quitting would leave undone.
    public var unwritten: [String] {
        operations.map(\.id).filter { gate.decision($0) == .accepted && !written.contains($0) }
    }

    /// Where a kept draft lives: said only when it holds key material, which the session file
    /// never receives (it is lost on quit).
    static func keptWhere(_ draft: String) -> String {
        SessionRecord.holdsKeyMaterial(draft) ? " in memory only (it holds key material, so it is never saved; quitting drops it)" : ""
    }

    /// The review as it would be saved.
    public func sessionRecord() -> SessionRecord {
        let records = operations.map { planned -> SessionRecord.OperationRecord in
            let id = planned.id
            let edit = gate.edits[id]
            var drafts: [String: String] = [:]
            for kind in [EditKind.patch, .ops] { drafts[kind.rawValue] = self.drafts[Self.draftKey(id, kind)] }
            let isWritten = written.contains(id)
            return .init(id: id, baseline: planned.baseline, decision: gate.decision(id),
                         patch: edit.flatMap { $0.patch != planned.patch ? $0.patch : nil },
                         ops: edit.flatMap { $0.ops != planned.ops ? OpsBlockText.render($0.ops) : nil },
                         drafts: drafts, override: overrides.contains(id), written: isWritten,
                         plannedPatchSHA256: SessionRecord.patchHash(planned.patch),
                         writtenOperation: isWritten ? SessionRecord.encodeWritten(edit ?? planned, repo: root, infraDir: gate.plan.infraDir) : nil)
        }
        return SessionRecord(repo: root, infraDir: gate.plan.infraDir, operations: records)
    }

    // MARK: geometry shared by update (paging, clamping) and render

    public static let minWidth = 50
    public static let minHeight = 10
    public var tooSmall: Bool { width < Self.minWidth || height < Self.minHeight }
    /// The queue: two fifths of the screen, growing more slowly past 140 columns so the
    /// diff keeps most of a wide screen (32 at 80, 56 at 140, 74 at 200, at most 100).
    public var leftWidth: Int { min(max(width * 2 / 5, 26), min(24 + width / 4, 100)) }
    public var rightWidth: Int { width - leftWidth - 1 }
    /// Rows of the queue list and of the detail content (both under a one-line header).
    public var listHeight: Int { max(height - 4, 1) }
    public var detailHeight: Int { max(height - 4, 1) }
}
