import Foundation

/// Decides whether a repository-relative path may be written: never outside the tree, never
/// through a link that leaves it, never into `.git/`.
public enum PathGuard {
    /// Why `path` may not be written, or nil when it may.
    public static func problem(with path: String, root: URL) -> String? {
        if path.isEmpty { return "empty path" }
        if path.hasPrefix("/") { return "\(path) is an absolute path" }
        if path.contains("\0") { return "path contains a NUL byte" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." }) { return "\(path) leaves the repository (..)" }
        if parts.contains(where: { $0.isEmpty || $0 == "." }) { return "\(path) is not a clean relative path" }
        if parts.first == ".git" { return "\(path) is inside .git/" }
        // Every existing ancestor (and the file itself) must resolve inside the tree.
        let rootReal = root.resolvingSymlinksInPath().standardizedFileURL.path
        var current = root.standardizedFileURL
        for part in parts {
            current.appendPathComponent(String(part))
            let resolved = current.resolvingSymlinksInPath().standardizedFileURL.path
            if resolved != rootReal && !resolved.hasPrefix(rootReal + "/") {
                return "\(path) goes through a symbolic link that leaves the repository"
            }
            if resolved.hasPrefix(rootReal + "/.git/") || resolved == rootReal + "/.git" {
                return "\(path) resolves into .git/"
            }
        }
        return nil
    }

    /// The real location of a relative path when it stays inside the tree.
    public static func resolvedInside(root: URL, relativePath: String) -> URL? {
        let rootReal = root.resolvingSymlinksInPath().standardizedFileURL.path
        let target = root.appendingPathComponent(relativePath).resolvingSymlinksInPath().standardizedFileURL
        return target.path.hasPrefix(rootReal + "/") ? target : nil
    }
}
