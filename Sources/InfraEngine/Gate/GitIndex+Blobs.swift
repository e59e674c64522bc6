import Foundation

/// Old file contents kept by reference to git's object store instead of by value, for the
/// journal: a file that held a credential must not be copied into `.git/infra-tui/`.
extension GitIndex {
    /// The journal entry for `path`: its old bytes, or, when they hold a credential and git
    /// can keep them (it already does for a committed file), their blob id.
    static func entryKeepingNoSecret(path: String, before: Data?, beforeMode: UInt32?, afterSHA256: String?,
                                     root: URL) -> Journal.Entry {
        guard let before, let text = RepoFile.decodeText(before), !SecretScanner.scan(file: text, path: path).isEmpty,
              let blob = store(before, root: root) else {
            return Journal.Entry(path: path, before: before, beforeMode: beforeMode, afterSHA256: afterSHA256)
        }
        return Journal.Entry(path: path, before: nil, beforeMode: beforeMode, afterSHA256: afterSHA256, beforeGitBlob: blob)
    }

    /// The blob id of `data` once git has it (`git hash-object -w`), or nil outside a checkout.
    static func store(_ data: Data, root: URL) -> String? {
        let id = ContentHash.gitBlob(data)
        if blob(id, root: root) != nil { return id }
        guard let out = run(["hash-object", "-w", "--stdin"], input: data, root: root) else { return nil }
        return String(decoding: out, as: UTF8.self).trimmingWhitespaceAndNewlines() == id ? id : nil
    }

    /// The content of blob `id`, or nil.
    static func blob(_ id: String, root: URL) -> Data? { run(["cat-file", "blob", id], input: nil, root: root) }

    private static func run(_ args: [String], input: Data?, root: URL) -> Data? {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path),
              let git = ProcessRunner.which("git") else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: git)
        p.arguments = ["-C", root.path] + args
        let out = Pipe(), inPipe = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        do { try p.run() } catch { return nil }
        if let input { inPipe.fileHandleForWriting.write(input); try? inPipe.fileHandleForWriting.close() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? data : nil
    }
}
