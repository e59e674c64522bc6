import Foundation
import PatchKit

/// Re-validates a person's edit of one operation before it replaces the planned one: an
/// edited patch must parse, apply to the tree as the operations before it leave it, and pass
/// the Validator; an edited ops block must parse, keep its Id and name only earlier
/// operations as dependencies. Refusals carry a reason a person can act on. Hunk header
/// counts are recomputed first (`PatchRecount`), so the accepted patch may differ from the
/// person's text in its `@@` lines only.
public enum EditCheck {
    /// `operations` is the series as it stands (edits included, already-written ones left
    /// out), in plan order; the edited operation is one of them.
    public static func patch(_ text: String, id: String, operations: [Operation], root: URL, infraDir: String,
                             externalTools: Bool = true) async -> Result<Operation, EngineError> {
        guard let index = operations.firstIndex(where: { $0.id == id }) else { return .failure(.failed("no operation \(id)")) }
        // Lines added or removed in the editor change the hunk counts: recount them, as
        // `git add -p` does, rather than refuse the edit over a number.
        let text = PatchRecount.recount(text)
        let parsed: [FilePatch]
        do { parsed = try PatchParser.parse(text) } catch { return .failure(.failed("the patch does not parse: \(error)")) }
        guard !parsed.isEmpty else { return .failure(.failed("the patch is empty (to drop the operation, reject it with r)")) }
        var op = operations[index]
        op.patch = text
        op.files = []
        for file in parsed {
            let touch = FileTouch(path: file.path, change: FileTouch.Change(rawValue: file.change.rawValue) ?? .modify)
            // A deletion by blob id then a creation of the same path is one rewrite (`FileEdit.rewrite`).
            if let i = op.files.firstIndex(where: { $0.path == file.path }) { op.files[i] = FileTouch(path: file.path, change: .modify) }
            else { op.files.append(touch) }
        }
        var baseline: [FileBaseline] = []
        for path in Set(parsed.map(\.path)).sorted() {
            if let known = op.baseline.first(where: { $0.path == path }) { baseline.append(known); continue }
            let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
            baseline.append(FileBaseline(path: path, sha256: data.map { ContentHash.sha256($0) }))
        }
        op.baseline = baseline
        op.validation = []
        let prefix = Array(operations[..<index]) + [op]

        // The real tree first: the edit must still stage over what is on disk.
        let staged = PlanWriter.prepare(prefix, root: root, checkBaseline: true)
        if let refusal = staged.report.refused.first(where: { $0.id == id }) {
            return .failure(.failed("the edited patch does not apply: \(refusal.reason)"))
        }
        let snapshot: RepoSnapshot
        do { snapshot = try RepoReader(root: root, infraDir: infraDir).read() } catch { return .failure(error) }
        let plan = Plan(repo: root.path, infraDir: infraDir, operations: prefix, findings: [])
        let validated = await Validator(useExternalTools: externalTools).validate(plan, original: snapshot)
        guard let checked = validated.operation(id) else { return .failure(.failed("validation lost \(id)")) }
        if let failure = checked.validation.first(where: { $0.status == .failed }) {
            return .failure(.failed("the edited patch fails validation (\(failure.check)): \(failure.detail)"))
        }
        return .success(checked)
    }

    public static func ops(_ text: String, id: String, operations: [Operation]) -> Result<Operation, EngineError> {
        guard let index = operations.firstIndex(where: { $0.id == id }) else { return .failure(.failed("no operation \(id)")) }
        let block: OpsBlock
        do { block = try OpsBlockText.parse(text) } catch { return .failure(.failed("the ops block does not parse: \(error)")) }
        let problems = block.problems()
        if !problems.isEmpty { return .failure(.failed("the ops block is incomplete: \(problems.joined(separator: "; "))")) }
        if block.id != id { return .failure(.failed("an edit may not change the operation's Id (keep \(id))")) }
        let earlier = Set(operations[..<index].map(\.id))
        if let bad = block.dependsOn.first(where: { !earlier.contains($0) }) {
            return .failure(.failed("DependsOn names \(bad), which is not an operation before this one"))
        }
        var op = operations[index]
        op.ops = block
        return .success(op)
    }
}
