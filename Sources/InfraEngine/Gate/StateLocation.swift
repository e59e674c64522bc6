import Foundation

/// Where infra-tui keeps its journal, lock and saved decisions for a repository: under
/// `.git/infra-tui/` in a git checkout, else under the XDG state folder; never in the
/// working tree, so nothing of ours is ever committed.
public enum StateLocation {
    public static func folder(for root: URL) -> URL {
        let dotGit = root.appendingPathComponent(".git")
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDir) {
            if isDir.boolValue { return dotGit.appendingPathComponent("infra-tui") }
            // A worktree or submodule: `.git` is a file naming the real git folder.
            if let text = try? String(contentsOf: dotGit, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("gitdir:") }) {
                let dir = line.dropFirst("gitdir:".count).trimmingWhitespace()
                let url = dir.hasPrefix("/") ? URL(fileURLWithPath: dir) : root.appendingPathComponent(dir)
                return url.appendingPathComponent("infra-tui")
            }
        }
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: env["HOME"] ?? NSTemporaryDirectory()).appendingPathComponent(".local/state")
        let key = ContentHash.sha256(root.resolvingSymlinksInPath().path).prefix(16)
        return base.appendingPathComponent("infra-tui").appendingPathComponent(String(key))
    }
}
