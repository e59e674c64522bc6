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
}
