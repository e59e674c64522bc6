import PatchKit
import Synchronization

/// One file an operation touches.
public struct FileTouch: Sendable, Equatable, Codable {
    public enum Change: String, Sendable, Codable { case create, modify, delete }
    public let path: String
    public let change: Change
    public init(path: String, change: Change) { self.path = path; self.change = change }
}

/// A file's content when the plan was made: the SHA-256 of its bytes, or nil when absent.
/// `apply --plan` refuses an operation when any of these no longer holds.
public struct FileBaseline: Sendable, Equatable, Codable {
    public let path: String
    public let sha256: String?
    public init(path: String, sha256: String?) { self.path = path; self.sha256 = sha256 }

    // `null` is written out: an absent file is part of the contract, not a missing key.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(sha256, forKey: .sha256)
    }
}

/// The outcome of one validation check on an operation.
public struct ValidationResult: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case passed, failed, skipped }
    public let check: String
    public let status: Status
    public let detail: String
    public init(check: String, status: Status, detail: String = "") {
        self.check = check
        self.status = status
        self.detail = detail
    }
}

/// A proposed change: a patch over one or more files paired with its ops block.
public struct Operation: Sendable, Equatable {
    public var ops: OpsBlock
    public var rule: String
    public var rationale: String
    public var findings: [String]
    public var files: [FileTouch]
    /// The unified diff, relative to the tree as the operations before it leave it.
    public var patch: String
    public var baseline: [FileBaseline]
    public var validation: [ValidationResult]
    /// The `rehearsal` check's runs and verdict, when the patch changes a shell script.
    public var rehearsal: OperationRehearsal?

    public var id: String { ops.id }
    public var dependsOn: [String] { ops.dependsOn }
    public var title: String { ops.title }

    /// Whether every validation check that ran passed.
    public var isValid: Bool { !validation.contains { $0.status == .failed } }

    public init(ops: OpsBlock, rule: String, rationale: String, findings: [String], files: [FileTouch],
                patch: String, baseline: [FileBaseline], validation: [ValidationResult] = []) {
        self.ops = ops
        self.rule = rule
        self.rationale = rationale
        self.findings = findings
        self.files = files
        self.patch = patch
        self.baseline = baseline
        self.validation = validation
    }
}

/// The result of planning: operations in dependency order and every finding.
public struct Plan: Sendable, Equatable {
    public static let schemaVersion = 1
    public var repo: String
    public var infraDir: String
    public var operations: [Operation]
    public var findings: [Finding]
    /// Things the user should know about the plan itself (validation skipped, files not read).
    public var notes: [String]

    public init(repo: String, infraDir: String, operations: [Operation], findings: [Finding], notes: [String] = []) {
        self.repo = repo
        self.infraDir = infraDir
        self.operations = operations
        self.findings = findings
        self.notes = notes
    }

    /// Where each operation sits, remembered between lookups (apply and export look up every
    /// operation, often several times): checked against `operations` on every use, so a
    /// changed plan only costs a rebuild.
    private let positions = OperationPositions()

    public func operation(_ id: String) -> Operation? {
        if let i = positions.lookup(id), i < operations.count, operations[i].id == id { return operations[i] }
        positions.rebuild(operations)
        return positions.lookup(id).map { operations[$0] }
    }
}

/// Equal to every other one, so plans compare by their content only.
final class OperationPositions: Sendable, Equatable {
    private let byID = Mutex<[String: Int]>([:])

    func lookup(_ id: String) -> Int? { byID.withLock { $0[id] } }

    func rebuild(_ operations: [Operation]) {
        let fresh = Dictionary(operations.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        byID.withLock { $0 = fresh }
    }

    static func == (a: OperationPositions, b: OperationPositions) -> Bool { true }
}
