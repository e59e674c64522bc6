import Foundation

/// A review in progress, saved so it can be resumed: each operation's decision, the person's
/// edits and unfinished (refused) edit texts, keyed by the plan's file baselines so a plan
/// that no longer matches the tree is noticed instead of silently reapplied.
public struct SessionRecord: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    public struct OperationRecord: Codable, Sendable, Equatable {
        public var id: String
        /// The baseline the decision was taken against; a different one means the tree moved.
        public var baseline: [FileBaseline]
        public var decision: ApprovalGate.Decision
        /// The accepted edit of the patch / the ops block, as the person wrote them.
        public var patch: String?
        public var ops: String?
        /// Edit texts that were refused, kept so no typing is lost (key: "patch" or "ops").
        public var drafts: [String: String]
        /// The person chose to write this operation although its validation failed.
        public var override: Bool
        /// Already written to the tree in that session.
        public var written: Bool
        /// SHA-256 of the planned patch the decision was taken on; a new plan whose patch
        /// differs does not inherit the decision. Nil in records saved before it existed.
        public var plannedPatchSHA256: String?
        /// A written operation as it was planned (a one-operation plan in `PlanJSON`), so the
        /// queue still shows it (`W`) after reopening, when a fresh plan no longer proposes it.
        /// Left out when it holds key material.
        public var writtenOperation: String?

        public init(id: String, baseline: [FileBaseline], decision: ApprovalGate.Decision, patch: String? = nil,
                    ops: String? = nil, drafts: [String: String] = [:], override: Bool = false, written: Bool = false,
                    plannedPatchSHA256: String? = nil, writtenOperation: String? = nil) {
            self.id = id; self.baseline = baseline; self.decision = decision; self.patch = patch; self.ops = ops
            self.drafts = drafts; self.override = override; self.written = written
            self.plannedPatchSHA256 = plannedPatchSHA256; self.writtenOperation = writtenOperation
        }

        /// Whether this record says anything worth resuming.
        public var isMeaningful: Bool {
            decision != .pending || patch != nil || ops != nil || !drafts.isEmpty || override
        }
    }

    public var version: Int
    public var repo: String
    public var infraDir: String
    public var savedAt: String?
    public var operations: [OperationRecord]

    public init(repo: String, infraDir: String, operations: [OperationRecord], savedAt: String? = nil) {
        version = Self.currentVersion
        self.repo = repo; self.infraDir = infraDir; self.operations = operations; self.savedAt = savedAt
    }

    public var isMeaningful: Bool { operations.contains { $0.isMeaningful } }

    /// True when `text` holds key material (a PEM private key, a token): such a text is kept
    /// in memory only, never in the session file (issue 15: no key material at rest).
    public static func holdsKeyMaterial(_ text: String) -> Bool { SecretScanner.containsSecret(text) }

    /// The record as it may be written: every draft or edit holding key material left out.
    public func withoutKeyMaterial() -> SessionRecord {
        var copy = self
        for i in copy.operations.indices {
            copy.operations[i].drafts = copy.operations[i].drafts.filter { !Self.holdsKeyMaterial($0.value) }
            if let patch = copy.operations[i].patch, Self.holdsKeyMaterial(patch) { copy.operations[i].patch = nil }
            if let ops = copy.operations[i].ops, Self.holdsKeyMaterial(ops) { copy.operations[i].ops = nil }
            if let op = copy.operations[i].writtenOperation, Self.holdsKeyMaterial(op) { copy.operations[i].writtenOperation = nil }
        }
        return copy
    }

    /// Splits the saved records into those that still match `plan` and the ids that no longer
    /// do. A record matches an operation of the same id planned on the same files: the same
    /// baseline, or one that differs only by infra-tui's own writes of other operations
    /// (`ownWrites`: writing in steps, then reopening), with the same planned patch when the
    /// record knows it.
    public func match(_ plan: Plan, ownWrites: OwnWrites = OwnWrites()) -> (matching: [OperationRecord], stale: [String]) {
        var matching: [OperationRecord] = []
        var stale: [String] = []
        for record in operations where record.isMeaningful {
            if let op = plan.operation(record.id), Self.samePlan(op, record, ownWrites) {
                matching.append(record)
            } else if !record.written || (plan.operation(record.id) != nil && !Self.stillWritten(record, in: plan, ownWrites: ownWrites)) {
                // An undone write the plan proposes again, changed since: it starts over too.
                stale.append(record.id)
            }
        }
        return (matching, stale)
    }

    static func samePlan(_ op: Operation, _ record: OperationRecord, _ ownWrites: OwnWrites) -> Bool {
        if let hash = record.plannedPatchSHA256, hash != ContentHash.sha256(Data(op.patch.utf8)) { return false }
        if sameBaseline(op.baseline, record.baseline) { return true }
        let old = Dictionary(record.baseline.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        guard Set(old.keys) == Set(op.baseline.map(\.path)) else { return false }
        return op.baseline.allSatisfy { now in
            guard let planned = old[now.path], let chain = ownWrites.chain(path: now.path, planned: planned, now: now.sha256) else { return false }
            return !chain.contains { $0.contains(op.id) }
        }
    }

    static func sameBaseline(_ a: [FileBaseline], _ b: [FileBaseline]) -> Bool {
        a.sorted { $0.path < $1.path } == b.sorted { $0.path < $1.path }
    }
}

/// Where sessions live: the repository's state folder (under `.git/` or the XDG state
/// folder), never the working tree, so a review is never committed by accident.
public enum SessionStore {
    public static func url(root: URL, infraDir: String) -> URL {
        let slug = infraDir.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return StateLocation.folder(for: root).appendingPathComponent("session-\(String(slug)).json")
    }

    public static func load(root: URL, infraDir: String) -> SessionRecord? {
        guard let data = FileManager.default.contents(atPath: url(root: root, infraDir: infraDir).path),
              let record = try? JSONDecoder().decode(SessionRecord.self, from: data),
              record.version == SessionRecord.currentVersion, record.infraDir == infraDir else { return nil }
        return record
    }

    /// Writes `record` (mode 0600) without any text that holds key material.
    public static func save(_ record: SessionRecord, root: URL) throws(EngineError) {
        var record = record.withoutKeyMaterial()
        let f = ISO8601DateFormatter()
        record.savedAt = f.string(from: Date())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(record) } catch { throw .failed("cannot encode the session: \(error)") }
        let target = url(root: root, infraDir: record.infraDir)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .failed("cannot create \(target.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        try AtomicFile.write(data, to: target, mode: 0o600)
    }

    public static func discard(root: URL, infraDir: String) {
        try? FileManager.default.removeItem(at: url(root: root, infraDir: infraDir))
    }
}
