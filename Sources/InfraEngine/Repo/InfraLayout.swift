/// Where the parts of a scaffolding live. Derived from what is on disk, with the documented
/// defaults (`ai/infra`, `tasks/`, `lib/`, `init.sh`, `logs/`) where nothing says otherwise.
public struct InfraLayout: Sendable, Equatable {
    public let infraDir: String
    /// Folder holding the numbered tasks (`tasks/`, or the infra folder itself).
    public let tasksDir: String
    public let libDir: String
    /// The one canonical entrypoint: an existing init script when there is one.
    public let entrypoint: String
    public let logsDir: String

    public init(infraDir: String, tasksDir: String, libDir: String, entrypoint: String, logsDir: String) {
        self.infraDir = infraDir
        self.tasksDir = tasksDir
        self.libDir = libDir
        self.entrypoint = entrypoint
        self.logsDir = logsDir
    }

    /// `tasks/050-x.sh` -> `050-x`.
    public static func taskName(_ path: String) -> String {
        // On UTF-8 bytes: called for every task by every rule, and splitting the path was a
        // noticeable part of planning a large repository.
        let bytes = path.utf8
        let start = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        var name = Substring(path[start...])
        if name.hasSuffix(".sh") { name = name.dropLast(3) }
        return String(name)
    }

    /// A numbered task file name: digits, a dash or underscore, and `.sh`.
    public static func isNumberedScript(_ fileName: String) -> Bool {
        guard fileName.hasSuffix(".sh") else { return false }
        let digits = fileName.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        let rest = fileName.dropFirst(digits.count)
        return rest.first == "-" || rest.first == "_"
    }

    /// Names that mark a script as an init entrypoint rather than a task (`init.sh`, `01-init-cluster.sh`).
    public static func isInitName(_ fileName: String) -> Bool {
        guard fileName.hasSuffix(".sh") else { return false }
        let stem = fileName.dropLast(3).drop { $0.isNumber || $0 == "-" || $0 == "_" }
        return stem == "init" || stem.hasPrefix("init-") || stem.hasPrefix("init_")
    }
}

/// Relative path from one repository folder to a repository path (`a/b`, `a/c/x` -> `../c/x`).
public func relativePath(from folder: String, to path: String) -> String {
    let from = folder.split(separator: "/")
    let to = path.split(separator: "/")
    var common = 0
    while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
    let ups = Array(repeating: "..", count: from.count - common)
    let rest = to[common...].map(String.init)
    return (ups + rest).joined(separator: "/")
}

/// The folder part of a repository path (`a/b/c.sh` -> `a/b`, `c.sh` -> ``).
public func parentFolder(_ path: String) -> String {
    // On UTF-8 bytes: a Character search walks grapheme clusters, and this runs for every
    // path of every view of the tree.
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    return String(path[..<slash])
}

/// Joins and normalises `folder` + `relative` (handles `.` and `..`); nil when it climbs out of the repo.
public func joinPath(_ folder: String, _ relative: String) -> String? {
    var parts: [Substring] = relative.hasPrefix("/") ? [] : folder.split(separator: "/")
    for part in relative.split(separator: "/") {
        if part == "." || part.isEmpty { continue }
        if part == ".." {
            if parts.isEmpty { return nil }
            parts.removeLast()
        } else {
            parts.append(part)
        }
    }
    return parts.joined(separator: "/")
}
