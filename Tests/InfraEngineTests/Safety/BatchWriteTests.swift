import Foundation
import Testing
@testable import InfraEngine

@Suite struct BatchWriteTests {
    @Test func writesEveryFileWithItsModeAndLeavesNoTemporaries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-batch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = (0..<40).map { i in (url: dir.appendingPathComponent("s/\(i).patch"), data: Data("patch \(i)\n".utf8), mode: mode_t(i == 0 ? 0o755 : 0o644)) }
        try AtomicFile.writeAll(files)
        for file in files { #expect(FileManager.default.contents(atPath: file.url.path) == file.data) }
        #expect(FileManager.default.isExecutableFile(atPath: files[0].url.path))
        #expect(!FileManager.default.isExecutableFile(atPath: files[1].url.path))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("s").path)
        #expect(left.filter { $0.hasSuffix(".tmp") }.isEmpty)
        #expect(left.count == 40)
    }

    @Test func aBrokenLinkOnThePathIsRefused() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-guard-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("ai"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("ai/out").path, withDestinationPath: "/nonexistent-\(UUID().uuidString)/x")
        #expect(PathGuard.problem(with: "ai/out/file.sh", root: root)?.contains("broken symbolic link") == true)
        #expect(PathGuard.problem(with: "ai/new/file.sh", root: root) == nil)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("ai/up").path, withDestinationPath: "..")
        #expect(PathGuard.problem(with: "ai/up/.git/config", root: root)?.contains(".git") == true)
    }
}
