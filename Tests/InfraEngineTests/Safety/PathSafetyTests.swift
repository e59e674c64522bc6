import Foundation
import PatchKit
import Testing
@testable import InfraEngine

/// An operation (a hand-edited plan, an edited patch) that targets a path outside the tree is
/// refused before anything is written.
@Suite struct PathSafetyTests {
    func hostileOperation(_ path: String) -> InfraEngine.Operation {
        let patch = UnifiedDiff.render(UnifiedDiff.filePatch(path: path, old: nil, new: "pwned\n", oldMode: nil, newMode: .regular))
        let ops = OpsBlock(id: "hostile", title: "t", group: .local, risk: .low, preconditions: [], commands: [],
                           expectedOutputs: [], rollback: [])
        return Operation(ops: ops, rule: "test", rationale: "", findings: [], files: [FileTouch(path: path, change: .create)],
                         patch: patch, baseline: [FileBaseline(path: path, sha256: nil)])
    }

    @Test(arguments: ["../outside.txt", "/tmp/infra-tui-absolute.txt", ".git/config-x", "out/escaped.txt", "a/../../x"])
    func refusedBeforeWriting(_ path: String) throws {
        let repo = try TestRepo(fixture: nil)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(atPath: repo.url("out").path, withDestinationPath: outside.path)
        let before = repo.tree()
        let report = try PlanWriter.apply([hostileOperation(path)], root: repo.root)
        #expect(report.applied.isEmpty)
        #expect(report.refused.first?.reason.hasPrefix("refused:") == true, "\(report.refused)")
        #expect(repo.tree() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/infra-tui-absolute.txt"))
    }

    @Test func aHandEditedPlanFileCannotEscape() throws {
        let repo = try TestRepo()
        let planFile = repo.root.appendingPathComponent("hostile-plan.json")
        let plan = Plan(repo: repo.root.path, infraDir: "ai/infra", operations: [hostileOperation("../escape.txt")], findings: [])
        try PlanJSON.encode(plan).write(to: planFile)
        let r = try Run.tui(["apply", "--repo", repo.root.path, "--plan", planFile.path, "--accept", "all"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("leaves the repository"))
        #expect(!FileManager.default.fileExists(atPath: repo.root.deletingLastPathComponent().appendingPathComponent("escape.txt").path))
    }
}
