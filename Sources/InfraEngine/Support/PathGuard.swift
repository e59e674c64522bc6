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
        // Every existing ancestor (and the file itself) must resolve inside the tree. libc's
        // realpath, not Foundation's URL resolution: apply checks every path of every
        // operation, and URL resolution was a fifth of applying a thousand operations.
        let rootReal = real(root.standardizedFileURL.path) ?? root.standardizedFileURL.path
        var current = root.standardizedFileURL.path
        var resolvedParent = rootReal
        for part in parts {
            current += "/" + part
            // A part that does not exist yet cannot be a link: it lands where its parent does.
            // A link whose target is missing is refused: where it points is not known.
            let found = real(current)
            var info = stat()
            if found == nil, lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
                return "\(path) goes through a broken symbolic link"
            }
            let resolved = found ?? resolvedParent + "/" + part
            if resolved != rootReal && !resolved.hasPrefix(rootReal + "/") {
                return "\(path) goes through a symbolic link that leaves the repository"
            }
            if resolved.hasPrefix(rootReal + "/.git/") || resolved == rootReal + "/.git" {
                return "\(path) resolves into .git/"
            }
            resolvedParent = resolved
        }
        return nil
    }

    /// The path with every link resolved, or nil when it does not exist (or cannot be read).
    static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The real location of a relative path when it stays inside the tree.
    public static func resolvedInside(root: URL, relativePath: String) -> URL? {
        let rootReal = root.resolvingSymlinksInPath().standardizedFileURL.path
        let target = root.appendingPathComponent(relativePath).resolvingSymlinksInPath().standardizedFileURL
        return target.path.hasPrefix(rootReal + "/") ? target : nil
    }
}
