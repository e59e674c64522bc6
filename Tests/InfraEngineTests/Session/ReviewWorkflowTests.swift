import Foundation
import Testing
@testable import InfraEngine

/// Issue 16: writing in steps, the one write/export workflow of both faces, and resuming a
/// review after writing part of it.
@Suite struct ReviewWorkflowTests {
    /// A plan of two operations on one file, the second planned on top of the first.
    func chained(_ repo: TestRepo) throws -> (Plan, InfraEngine.Operation, InfraEngine.Operation) {
        let plan = try repo.plan()
        // Two operations touching one file, the later depending on the earlier (same-file rule).
        for later in plan.operations {
            for dep in later.dependsOn {
                guard let earlier = plan.operation(dep),
                      Set(earlier.files.map(\.path)).intersection(later.files.map(\.path)).isEmpty == false,
                      earlier.dependsOn.isEmpty, later.dependsOn == [dep] else { continue }
                return (plan, earlier, later)
            }
        }
        Issue.record("the fixture plan has no two chained operations on one file")
        throw EngineError.failed("no chain")
    }

    @Test func writingInStepsRebasesOnTheToolsOwnWrites() throws {
        let repo = try TestRepo()
        let (_, first, second) = try chained(repo)
        let one = try ReviewWorkflow.write([first], root: repo.root)
        #expect(one.applied == [first.id] && one.refused.isEmpty)
        // The second was planned on top of the first: the first's write is not "a change since the plan".
        let two = try ReviewWorkflow.write([first, second], root: repo.root)
        #expect(two.refused.isEmpty, "\(two.refused)")
        #expect(two.alreadyWritten == [first.id] && two.applied == [second.id])
        // The tree is what writing both at once gives.
        let fresh = try TestRepo()
        _ = try ReviewWorkflow.write([first, second], root: fresh.root)
        #expect(repo.tree() == fresh.tree())
    }

    @Test func aChangeByHandIsStillRefused() throws {
        let repo = try TestRepo()
        let (_, first, second) = try chained(repo)
        _ = try ReviewWorkflow.write([first], root: repo.root)
        let shared = try #require(second.files.first { f in first.files.contains { $0.path == f.path } }?.path)
        try repo.write(shared, (repo.read(shared) ?? "") + "# by hand\n")
        let report = try ReviewWorkflow.write([first, second], root: repo.root)
        #expect(report.applied.isEmpty && report.alreadyWritten.isEmpty)
        #expect(report.refused.map(\.id) == [first.id, second.id])
        #expect(report.refused.first?.reason.contains("changed since the plan") == true)
        // Undoing the write forgets it: the baseline then has to match the disk again.
        #expect(OwnWrites.load(root: repo.root).chain(path: shared, planned: first.baseline.first { $0.path == shared }?.sha256,
                                                       now: ContentHash.sha256(repo.read(shared) ?? "")) == nil)
    }

    @Test func exportRefusesStaleFilesAsApplyDoes() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let op = try #require(plan.operations.first { op in op.files.contains { $0.change == .modify } && op.dependsOn.isEmpty })
        let path = try #require(op.files.first { $0.change == .modify }?.path)
        try repo.write(path, (repo.read(path) ?? "") + "# by hand\n")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-series-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let report = try ReviewWorkflow.export([op], root: repo.root, repo: plan.repo, to: out.path)
        #expect(report.leftOut.map(\.id) == [op.id])
        #expect(report.leftOut.first?.reason.contains("changed since the plan") == true)
        #expect(!report.files.contains { $0.hasSuffix(".patch") })
        let write = try ReviewWorkflow.write([op], root: repo.root)
        #expect(write.refused.map(\.reason) == report.leftOut.map(\.reason), "both faces refuse with the same words")
    }

    @Test func exportTakesTheAuthorFromGitAndExpandsTheHome() throws {
        let repo = try TestRepo()
        try repo.git("config", "user.name", "Ada Lovelace")
        try repo.git("config", "user.email", "ada@example.invalid")
        let plan = try repo.plan()
        let op = try #require(plan.operations.first { $0.dependsOn.isEmpty })
        let name = "infra-tui-home-\(UUID().uuidString)"
        let home = URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(name)
        defer { try? FileManager.default.removeItem(at: home) }
        let report = try ReviewWorkflow.export([op], root: repo.root, repo: plan.repo, to: "~/\(name)")
        #expect(report.folder.path == home.standardizedFileURL.path)
        let patch = try String(contentsOf: home.appendingPathComponent(report.files[0]), encoding: .utf8)
        #expect(patch.contains("\nFrom: Ada Lovelace <ada@example.invalid>\n"))
        // No git identity: the fallback.
        let bare = try TestRepo(git: false)
        #expect(GitAuthor.of(bare.root) == PatchSeriesExporter.author || GitAuthor.of(bare.root).contains("@"))
        #expect(PatchSeriesExporter.fromLine("Zoë Ünal <z@example.invalid>") == "=?UTF-8?q?Zo=C3=AB_=C3=9Cnal?= <z@example.invalid>")
    }

    @Test func aResumedRecordMatchesAfterWritingInSteps() throws {
        let repo = try TestRepo()
        let (plan, first, second) = try chained(repo)
        let record = SessionRecord(repo: repo.root.path, infraDir: plan.infraDir, operations: [
            .init(id: first.id, baseline: first.baseline, decision: .accepted, written: true,
                  plannedPatchSHA256: SessionRecord.patchHash(first.patch),
                  writtenOperation: SessionRecord.encodeWritten(first, repo: plan.repo, infraDir: plan.infraDir)),
            .init(id: second.id, baseline: second.baseline, decision: .accepted, plannedPatchSHA256: SessionRecord.patchHash(second.patch)),
        ])
        _ = try ReviewWorkflow.write([first], root: repo.root)
        let replanned = try repo.plan()
        try #require(replanned.operation(second.id) != nil)
        // Without the journals the tree looks changed; with them the decision carries over.
        #expect(record.match(replanned).stale == [second.id])
        let (matching, stale) = record.match(replanned, ownWrites: OwnWrites.load(root: repo.root))
        #expect(stale.isEmpty && matching.map(\.id) == [second.id])
        #expect(record.writtenOperations(notIn: replanned).map(\.id) == (replanned.operation(first.id) == nil ? [first.id] : []))
        // A record whose planned patch differs does not carry over.
        var changed = record
        changed.operations[1].plannedPatchSHA256 = "0"
        #expect(changed.match(replanned, ownWrites: OwnWrites.load(root: repo.root)).stale == [second.id])
        // Recorded as written, but no journal holds that write (undone) and the plan proposes
        // it again: not written any more. The first one's write is journaled: still written.
        let own = OwnWrites.load(root: repo.root)
        var undone = record.operations[1]
        undone.written = true
        #expect(!SessionRecord.stillWritten(undone, in: replanned, ownWrites: own))
        #expect(SessionRecord.stillWritten(record.operations[0], in: replanned, ownWrites: own))
        // A plan that proposes it on the bytes before that write (reverted by hand): not written.
        #expect(!SessionRecord.stillWritten(record.operations[0], in: plan, ownWrites: own))
    }
}

/// Issue 16, item 9: an edit that adds or removes lines is not refused over hunk counts.
@Suite struct EditRecountTests {
    @Test func anAddedLineInAnEditedPatchIsAccepted() async throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let op = try #require(plan.operations.first { op in op.dependsOn.isEmpty && op.patch.contains("\n+") && op.files.contains { $0.path.hasSuffix(".sh") && $0.change == .modify } })
        // Add a comment line after the first added line, leaving the header as it was.
        var lines = op.patch.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let added = try #require(lines.firstIndex { $0.hasPrefix("+") && !$0.hasPrefix("+++") })
        lines.insert("+# a line the person added", at: added + 1)
        let edited = lines.joined(separator: "\n")
        let result = await EditCheck.patch(edited, id: op.id, operations: plan.operations, root: repo.root, infraDir: "ai/infra", externalTools: false)
        switch result {
        case .success(let checked): #expect(checked.patch.contains("+# a line the person added"))
        case .failure(let error): Issue.record("the edit was refused: \(error.message)")
        }
    }
}

/// `apply --plan` in steps through the real binary (issue 16: one workflow for both faces).
@Suite(.serialized) struct ApplyInStepsCommandLineTests {
    @Test func applyingASavedPlanInStepsWritesEachOnce() throws {
        let repo = try TestRepo()
        let planFile = repo.root.deletingLastPathComponent().appendingPathComponent("plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: planFile) }
        let saved = try Run.tui(["plan", "--repo", repo.root.path, "--no-validate", "--format", "json", "--out", planFile.path])
        #expect(saved.status == 0, "\(saved.stderr)")
        let plan = try PlanJSON.decode(Data(contentsOf: planFile))
        let later = try #require(plan.operations.first { $0.dependsOn.count == 1 })
        let first = later.dependsOn[0]
        let one = try Run.tui(["apply", "--repo", repo.root.path, "--plan", planFile.path, "--accept", first])
        #expect(one.status == 0 && one.stdout.contains("applied \(first)"), "\(one.stderr)")
        let two = try Run.tui(["apply", "--repo", repo.root.path, "--plan", planFile.path, "--accept", "\(first),\(later.id)"])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stdout.contains("already written \(first)") && two.stdout.contains("applied \(later.id)"))
    }
}
