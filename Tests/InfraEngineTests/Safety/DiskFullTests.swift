import Foundation
import Testing
@testable import InfraEngine

/// `apply` on a nearly full disk (a small tmpfs, filled to many different levels): every file
/// is wholly old or wholly new, a refused apply that says "nothing was changed" changed
/// nothing, and `undo` recovers whatever an apply left.
@Suite(.serialized) struct DiskFullTests {
    /// Mounting a tmpfs needs root (as in CI); elsewhere the suite says why it did not run.
    static let mountPoint: URL? = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-full-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        guard let r = try? Run.command("/bin/mount", ["-t", "tmpfs", "-o", "size=1536k", "tmpfs", dir.path]), r.status == 0 else { return nil }
        return dir
    }()

    static func freeBytes(_ url: URL) -> Int {
        var st = statvfs()
        return statvfs(url.path, &st) == 0 ? Int(st.f_bavail) * Int(st.f_frsize) : 0
    }

    @Test(.enabled(if: DiskFullTests.mountPoint != nil, "needs root to mount a small tmpfs"))
    func fullDiskNeverTearsTheTree() throws {
        let disk = try #require(Self.mountPoint)
        defer { _ = try? Run.command("/bin/umount", [disk.path]) }
        let reference = try TestRepo(git: false)
        let state = disk.appendingPathComponent("state")
        let env = ["XDG_STATE_HOME": state.path]
        let old = reference.tree()
        #expect(try Run.tui(["apply", "--repo", reference.root.path, "--accept", "all", "--no-validate"],
                            env: ["XDG_STATE_HOME": FileManager.default.temporaryDirectory.appendingPathComponent("s-\(UUID())").path]).status == 0)
        let new = reference.tree()
        var refusedCleanly = 0, torn = 0, succeeded = 0
        for slack in stride(from: 0, through: 96 * 1024, by: 8 * 1024) {
            let repo = disk.appendingPathComponent("repo")
            try? FileManager.default.removeItem(at: repo)
            try? FileManager.default.removeItem(at: state)
            try FileManager.default.copyItem(at: Fixtures.folder("edge-messy"), to: repo)
            let filler = disk.appendingPathComponent("filler")
            try? FileManager.default.removeItem(at: filler)
            let room = max(Self.freeBytes(disk) - slack, 0)
            _ = FileManager.default.createFile(atPath: filler.path, contents: Data(count: room))
            let r = try Run.tui(["apply", "--repo", repo.path, "--accept", "all", "--no-validate"], env: env)
            let view = TestRepo.tree(of: repo)
            for (path, hash) in view where path != "filler" {
                #expect(hash == old[path] || hash == new[path], "slack \(slack): \(path) is torn")
            }
            if r.status == 0 {
                succeeded += 1
                #expect(view == new)
            } else {
                #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
                if r.stderr.contains("nothing was changed") || !r.stderr.contains("undo") {
                    #expect(view == old, "slack \(slack): refused but changed the tree: \(r.stderr)")
                    refusedCleanly += 1
                } else {
                    torn += 1
                    try? FileManager.default.removeItem(at: filler)
                    #expect(try Run.tui(["undo", "--repo", repo.path], env: env).status == 0)
                    #expect(TestRepo.tree(of: repo) == old)
                }
            }
        }
        #expect(refusedCleanly > 0, "no run hit a full disk; the test proved nothing")
        #expect(succeeded > 0, "no run had room enough; the test proved nothing")
        _ = torn
    }
}

/// A folder that cannot be written (a read-only bind mount: even root cannot write it) stops
/// the apply part-way; what was already written is put back, and the error is one line.
@Suite(.serialized) struct ReadOnlyFolderTests {
    @Test(.enabled(if: DiskFullTests.mountPoint != nil, "needs root to bind-mount a folder read-only"))
    func readOnlyFolderRefusesWithoutTearing() throws {
        let repo = try TestRepo(git: false)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let old = repo.tree()
        let bin = repo.url("ai/infra/bin").path
        #expect(try Run.command("/bin/mount", ["--bind", bin, bin]).status == 0)
        defer { _ = try? Run.command("/bin/umount", [bin]) }
        #expect(try Run.command("/bin/mount", ["-o", "remount,ro,bind", bin]).status == 0)
        let r = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"],
                           env: ["XDG_STATE_HOME": state.path])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("Read-only file system") && r.stderr.contains("nothing was changed"), "\(r.stderr)")
        #expect(repo.tree() == old)
    }
}
