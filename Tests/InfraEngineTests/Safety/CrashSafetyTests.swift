import Foundation
import Testing
@testable import InfraEngine

/// Kills `apply` with SIGKILL between file writes: every file is wholly old or wholly new,
/// and `undo` or a second `apply` brings the tree to a consistent state.
@Suite(.serialized) struct CrashSafetyTests {
    static let pauseMicroseconds = 60_000

    func startApply(_ repo: TestRepo, pause: Int) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Run.binary)
        p.arguments = ["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"]
        var env = ProcessInfo.processInfo.environment
        env["INFRA_TUI_TEST_PAUSE_US"] = String(pause)
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test func sigkillAtManyPointsLeavesEveryFileOldOrNew() throws {
        let reference = try TestRepo()
        let old = reference.tree()
        #expect(try Run.tui(["apply", "--repo", reference.root.path, "--accept", "all", "--no-validate"]).status == 0)
        let new = reference.tree()
        let touched = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }
        #expect(touched.count > 10)
        var killedMidWay = 0
        for point in stride(from: 0, to: touched.count + 2, by: 3) {
            let repo = try TestRepo()
            let p = try startApply(repo, pause: Self.pauseMicroseconds)
            // Planning takes a moment; then one pause per file.
            usleep(UInt32(250_000 + point * Self.pauseMicroseconds + Self.pauseMicroseconds / 2))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let now = repo.tree()
            for path in touched {
                #expect(now[path] == old[path] || now[path] == new[path], "\(path) is torn after a kill at point \(point)")
            }
            let changed = touched.filter { now[$0] != old[$0] }
            if !changed.isEmpty && changed.count < touched.count { killedMidWay += 1 }
            if point % 2 == 0 {
                // Undo restores the old tree, whatever the apply had reached: renamed files, and
                // the temporary files of a write the kill cut short before its first rename (the
                // journal is saved before any temporary file is made, so undo knows of them).
                let undo = try Run.tui(["undo", "--repo", repo.root.path])
                #expect(undo.status == 0 || (changed.isEmpty && undo.stderr.contains("nothing to undo")), "\(undo.stderr)")
                #expect(repo.tree() == old)
            } else {
                // Or a second apply finishes the job... refusing files already new, so restore first.
                _ = try Run.tui(["undo", "--repo", repo.root.path])
                #expect(try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"]).status == 0)
                #expect(repo.tree() == new)
            }
        }
        #expect(killedMidWay > 0, "no kill landed between two writes; the test proved nothing")
    }

    @Test func secondApplyAtOnceIsLockedOut() throws {
        let repo = try TestRepo()
        let before = repo.tree()
        do {
            // Another writer (this test process) holds the repository's lock.
            let held = try RepoLock(stateFolder: StateLocation.folder(for: repo.root))
            let second = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"])
            #expect(second.status == 1)
            #expect(second.stderr.contains("another infra-tui is writing to this repository"))
            #expect(repo.tree() == before)
            withExtendedLifetime(held) {}
        }
        // Released with its holder: the next writer gets in.
        let undo = try Run.tui(["undo", "--repo", repo.root.path])
        #expect(undo.stderr.contains("nothing to undo"))
    }

    @Test func aFailedWriteLeavesNothingHalfWritten() throws {
        let repo = try TestRepo()
        let old = repo.tree()
        // A folder where the entrypoint must be written: its rename fails part-way through.
        try FileManager.default.createDirectory(at: repo.url("ai/infra/init.sh"), withIntermediateDirectories: true)
        let r = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("nothing was changed") || r.stderr.contains("refused"))
        #expect(repo.tree() == old)
    }
}
