import PatchKit

/// What a rule wants done to one file.
public enum FileEdit: Sendable, Equatable {
    case write(String, mode: FileMode)
    case delete
    /// Takes a credential out of the tree without ever copying it: the patch carries no
    /// content (git checks the pre-image by blob id); `apply` leaves the bytes on disk, now
    /// ignored, and only drops the file from git's index.
    case untrack
    /// Writes a file whose old text holds a credential without copying that text: the patch
    /// deletes the old version by blob id (no content, as `untrack`) and creates the new one,
    /// a shape `git apply` and `git am` accept. The cost: the review shows the whole new file.
    case rewrite(String, mode: FileMode)
}

/// An operation before the planner has turned its edits into a patch.
public struct OperationDraft: Sendable {
    public var id: String
    public var title: String
    public var group: OpsBlock.Group
    public var risk: OpsBlock.Risk
    public var rationale: String
    public var findings: [String]
    public var dependsOn: [String]
    public var preconditions: [String]
    public var commands: [String]
    public var expectedOutputs: [String]
    public var rollback: [String]
    /// Edits keyed by repository path, applied in path order.
    public var edits: [String: FileEdit]

    public init(id: String, title: String, group: OpsBlock.Group = .local, risk: OpsBlock.Risk,
                rationale: String, findings: [String], dependsOn: [String] = [], preconditions: [String],
                commands: [String], expectedOutputs: [String],
                rollback: [String] = ["git revert the commit that applied this operation (or `infra-tui undo`)"],
                edits: [String: FileEdit]) {
        self.id = id
        self.title = title
        self.group = group
        self.risk = risk
        self.rationale = rationale
        self.findings = findings
        self.dependsOn = dependsOn
        self.preconditions = preconditions
        self.commands = commands
        self.expectedOutputs = expectedOutputs
        self.rollback = rollback
        self.edits = edits
    }
}

/// What a rule sees while proposing: the tree as earlier operations leave it, plus the ids
/// of the operations already queued (to depend on them).
public struct RuleContext: Sendable {
    public let reality: RepoReality
    /// Operation id -> the paths it touches, for every operation queued before this rule ran.
    public let queued: [String: Set<String>]

    /// Path -> the queued operations touching it (rules ask once per file they change).
    private let byPath: [String: [String]]
    /// Path -> the queued operations that wrote it, in plan order, each with the file before
    /// it wrote (nil: the file did not exist): the planner's own record, handed over as it is
    /// (mapping it for every rule was work on the planner's thread that one rule reads).
    /// Empty when the caller gives none.
    private let history: [String: [RealDependencies.Write]]

    /// The queued operations that wrote `path`, in plan order, each with the file's text
    /// before it wrote (nil: the file did not exist, or was no text).
    func writes(of path: String) -> [(id: String, before: String?)] {
        (history[path] ?? []).map { (id: $0.writer, before: $0.before?.text) }
    }

    public init(reality: RepoReality, queued: [String: Set<String>]) {
        self.init(reality: reality, queued: queued, history: [:])
    }

    init(reality: RepoReality, queued: [String: Set<String>], history: [String: [RealDependencies.Write]]) {
        self.reality = reality
        self.queued = queued
        self.history = history
        var byPath: [String: [String]] = [:]
        for (id, paths) in queued { for path in paths { byPath[path, default: []].append(id) } }
        self.byPath = byPath
    }

    /// The queued operations that touch `path`, in id order.
    public func operations(touching path: String) -> [String] {
        (byPath[path] ?? []).sorted()
    }
}

/// One coder-mode rule: finds a class of defect and proposes the operations that fix it.
/// Findings are computed on the tree as it is on disk; operations on the tree as the
/// operations of earlier rules leave it.
public protocol Rule: Sendable {
    /// Short id used in finding ids and `rule` fields (`entrypoint`, `helpers`).
    var id: String { get }
    /// One sentence: what the rule makes true.
    var purpose: String { get }
    func findings(in reality: RepoReality) -> [Finding]
    func operations(in context: RuleContext) -> [OperationDraft]
}
