import Foundation
import Testing
@testable import InfraEngine

/// Runs one rule on a case as the planner would, without the other rules' operations, so a
/// case test checks what that rule owns.
extension CaseRepo {
    func reality() throws -> RepoReality {
        let snapshot = try RepoReader(root: root, infraDir: infraDir).read()
        return try RepoReality(snapshot: snapshot, infraDir: infraDir, cache: ScriptCache())
    }

    func run(_ rule: any Rule) throws -> (findings: [Finding], drafts: [OperationDraft]) {
        let reality = try reality()
        return (rule.findings(in: reality), rule.operations(in: RuleContext(reality: reality, queued: [:])))
    }

    /// Writes the drafts' edits into the work tree.
    func write(_ drafts: [OperationDraft]) throws {
        for draft in drafts {
            for (path, edit) in draft.edits {
                guard case .write(let text, _) = edit else { continue }
                try text.write(to: repo.url(path), atomically: true, encoding: .utf8)
            }
        }
    }

    /// `cp from to` inside the work tree.
    func copy(_ from: String, _ to: String) throws {
        try FileManager.default.copyItem(at: repo.url(from), to: repo.url(to))
    }
}

/// "run1 rc=0 run2 rc=0 creates-in-run2=0 failed-creates=0 errors=none": both runs clean.
func twiceClean(_ r: Run.Result) -> Bool {
    r.status == 0 && r.stdout.contains("run1 rc=0 run2 rc=0 creates-in-run2=0")
}
