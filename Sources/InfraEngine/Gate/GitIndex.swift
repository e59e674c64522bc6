import Foundation

/// Takes files out of git's index and puts them back, leaving the working tree alone. Used
/// for credentials: the person's copy stays on disk, ignored, while the commit drops it.
enum GitIndex {
    static func untrack(_ path: String, root: URL) {
        git(["rm", "--cached", "--quiet", "--ignore-unmatch", "--", path], root: root)
    }

    static func track(_ path: String, root: URL) {
        git(["add", "--force", "--", path], root: root)
    }

    private static func git(_ args: [String], root: URL) {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path),
              let git = ProcessRunner.which("git") else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: git)
        p.arguments = ["-C", root.path] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run(); p.waitUntilExit() } catch {}
    }

    /// Starts `git ls-files` and returns what waits for its answer: the paths git tracks, or
    /// nil outside a git checkout. The reader lists and reads the tree while git reads its index.
    static func startListingTracked(root: URL) -> () -> Set<String>? {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path),
              let git = ProcessRunner.which("git") else { return { nil } }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: git)
        p.arguments = ["-C", root.path, "ls-files", "-z"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return { nil } }
        return {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { return nil }
            return Set(data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
        }
    }
}
