import Foundation
@testable import InfraEngine

/// A throwaway repository for one test: a copy of a fixture (or files written by the test),
/// optionally a git checkout with one commit. Removed when the test drops it.
final class TestRepo {
    let root: URL

    init(fixture: String? = "edge-messy", git: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-test-\(UUID().uuidString)")
        if let fixture {
            try FileManager.default.copyItem(at: Fixtures.folder(fixture), to: root)
        } else {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }
        if git { try self.git("init", "-q", "-b", "main"); try commitAll("fixture") }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func write(_ path: String, _ text: String, executable: Bool = false) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url(path))
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url(path).path) }
    }

    func read(_ path: String) -> String? { try? String(contentsOf: url(path), encoding: .utf8) }

    @discardableResult
    func git(_ args: String...) throws -> Run.Result { try git(args) }

    @discardableResult
    func git(_ args: [String]) throws -> Run.Result {
        try Run.command("/usr/bin/git", ["-C", root.path, "-c", "user.name=test", "-c", "user.email=test@example.invalid"] + args)
    }

    func commitAll(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
    }

    /// Every file below the root (outside .git) with its bytes and mode: to compare trees.
    func tree() -> [String: String] { Self.tree(of: root) }

    /// The same for any folder.
    static func tree(of root: URL) -> [String: String] {
        func url(_ rel: String) -> URL { root.appendingPathComponent(rel) }
        var out: [String: String] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: root.path) else { return out }
        for case let rel as String in walker {
            if rel == ".git" || rel.hasPrefix(".git/") { walker.skipDescendants(); continue }
            var isDir: ObjCBool = false
            fm.fileExists(atPath: url(rel).path, isDirectory: &isDir)
            if isDir.boolValue { continue }
            let data = fm.contents(atPath: url(rel).path) ?? Data()
            let exec = fm.isExecutableFile(atPath: url(rel).path) ? "x" : "-"
            out[rel] = exec + ContentHash.sha256(data)
        }
        return out
    }

    func plan() throws -> Plan { try Planner.plan(root: root) }
}

enum Fixtures {
    /// The shared fixtures beside the checkout when present (they are the ground truth), else
    /// the copy kept in Tests/InfraEngineTests/Fixtures.
    static func folder(_ name: String) -> URL {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let packageRoot = here.deletingLastPathComponent().deletingLastPathComponent()
        let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/\(name)")
        if FileManager.default.fileExists(atPath: shared.path) { return shared }
        return here.appendingPathComponent("Fixtures/\(name)")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// Runs processes in tests: the infra-tui binary, git, bash, shellcheck.
enum Run {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func command(_ exe: String, _ args: [String], cwd: URL? = nil, env: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes concurrently so a chatty process cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The infra-tui binary `make test` built (INFRA_TUI_BIN overrides).
    static var binary: String {
        if let env = ProcessInfo.processInfo.environment["INFRA_TUI_BIN"] { return env }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/infra-tui").path
    }

    static func tui(_ args: [String], cwd: URL? = nil, env: [String: String] = [:]) throws -> Result {
        try command(binary, args, cwd: cwd, env: env)
    }

    static func which(_ tool: String) -> String? { ProcessRunner.which(tool) }
}
