import Foundation

/// A throwaway git repository driven through `/usr/bin/git`, with the user's
/// and system configuration shut out so that output is git's defaults.
final class GitRepo {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("patchkit-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try git("init", "-q")
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs git in the repository; throws on a non-zero exit unless `allowFailure`.
    @discardableResult
    func git(_ arguments: String..., input: String? = nil) throws -> String {
        try run(arguments, input: input, allowFailure: false).output
    }

    func run(_ arguments: [String], input: String? = nil, allowFailure: Bool) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_AUTHOR_NAME"] = "PatchKit Tests"
        environment["GIT_AUTHOR_EMAIL"] = "tests@example.invalid"
        environment["GIT_COMMITTER_NAME"] = "PatchKit Tests"
        environment["GIT_COMMITTER_EMAIL"] = "tests@example.invalid"
        environment["LC_ALL"] = "C"
        process.environment = environment

        let stdout = Pipe()
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("patchkit-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw Failure(description: "cannot create \(errorFile.path)")
        }
        let stderr = try FileHandle(forWritingTo: errorFile)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try stderr.close()
        let errorText = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        let output = String(decoding: data, as: UTF8.self)
        if process.terminationStatus != 0 && !allowFailure {
            throw Failure(description: "git \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(errorText)")
        }
        return (process.terminationStatus, output, errorText)
    }

    func write(_ path: String, _ content: String, executable: Bool = false) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: url.path)
    }

    func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    /// The blob id git gives this content.
    func blob(_ content: String) throws -> String {
        try git("hash-object", "--stdin", input: content).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func commitAll(_ message: String = "state") throws {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
    }

    /// What `git diff` shows for the staged changes, in the exact form the
    /// renderer promises to reproduce.
    func stagedDiff(_ paths: [String] = []) throws -> String {
        try git("add", "-A")
        var arguments = ["-c", "core.quotepath=true", "diff", "--cached", "--full-index", "--no-color",
                         "--no-ext-diff", "--no-renames", "--no-textconv"]
        if !paths.isEmpty { arguments += ["--"] + paths }
        return try run(arguments, allowFailure: false).output
    }
}
