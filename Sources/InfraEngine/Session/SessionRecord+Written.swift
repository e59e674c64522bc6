import Foundation

/// Written operations kept in the saved review, so that after reopening the queue still shows
/// them as written (`W`) although a fresh plan of the tree no longer proposes them.
extension SessionRecord {
    /// `op` as `OperationRecord.writtenOperation` holds it: a one-operation plan in PlanJSON.
    public static func encodeWritten(_ op: Operation, repo: String, infraDir: String) -> String {
        String(decoding: PlanJSON.encode(Plan(repo: repo, infraDir: infraDir, operations: [op], findings: [])), as: UTF8.self)
    }

    /// The planned patch's hash, as `OperationRecord.plannedPatchSHA256` holds it.
    public static func patchHash(_ patch: String) -> String { ContentHash.sha256(Data(patch.utf8)) }

    /// The written operations this record holds that `plan` does not propose, in the order
    /// they were saved (plan order). A record whose text no longer decodes is skipped.
    public func writtenOperations(notIn plan: Plan) -> [Operation] {
        operations.compactMap { record in
            guard record.written, plan.operation(record.id) == nil, let text = record.writtenOperation,
                  let decoded = try? PlanJSON.decode(Data(text.utf8)) else { return nil }
            return decoded.operations.first { $0.id == record.id }
        }
    }

    /// Whether the write `record` remembers is still on disk. A written operation the fresh
    /// `plan` no longer proposes stays written. One it proposes again was undone (its journal
    /// is gone: `infra-tui undo`) or reverted by hand (a file no longer holds the bytes that
    /// write left, nor infra-tui's own later writes on top of them): it is not written any more,
    /// and comes back with its old decision so it can be written again.
    public static func stillWritten(_ record: OperationRecord, in plan: Plan, ownWrites: OwnWrites) -> Bool {
        guard record.written else { return false }
        guard let op = plan.operation(record.id) else { return true }
        let now = Dictionary(op.baseline.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        var journaled = false
        for (path, steps) in ownWrites.steps {
            for step in steps where step.operations.contains(record.id) {
                journaled = true
                // The disk must hold what that write left, or own writes of others on top of it.
                guard let current = now[path] else { continue }
                if ownWrites.chain(path: path, planned: step.after, now: current) == nil { return false }
            }
        }
        return journaled
    }
}
