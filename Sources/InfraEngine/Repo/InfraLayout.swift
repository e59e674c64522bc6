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
        if name.endsInASCII(".sh") { name = name.dropLast(3) }
        return String(name)
    }

    /// A numbered task file name: digits, a dash or underscore, and `.sh`.
    public static func isNumberedScript(_ fileName: String) -> Bool { isNumberedScript(Substring(fileName)) }

    public static func isNumberedScript(_ fileName: Substring) -> Bool {
        // On bytes first: every view of a tree asks this of every shell file.
        let bytes = fileName.utf8
        guard bytes.count > 3, fileName.endsInASCII(".sh") else { return false }
        if let first = bytes.first, first < 0x80, let after = bytes.first(where: { $0 < 0x30 || $0 > 0x39 }), after < 0x80 {
            return (0x30...0x39).contains(first) && (after == UInt8(ascii: "-") || after == UInt8(ascii: "_"))
        }
        guard fileName.hasSuffix(".sh") else { return false }
        let digits = fileName.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        let rest = fileName.dropFirst(digits.count)
        return rest.first == "-" || rest.first == "_"
    }

    /// Names that mark a script as an init entrypoint rather than a task (`init.sh`, `01-init-cluster.sh`).
    public static func isInitName(_ fileName: String) -> Bool { isInitName(Substring(fileName)) }

    public static func isInitName(_ fileName: Substring) -> Bool {
        let bytes = fileName.utf8
        guard bytes.count > 3, fileName.endsInASCII(".sh") else { return false }
        // Most names start with a letter other than digits, `-`, `_` or `i`: not an init name.
        if let first = bytes.first, first < 0x80, first != UInt8(ascii: "i"), first != UInt8(ascii: "-"),
           first != UInt8(ascii: "_"), !(0x30...0x39).contains(first) { return false }
        // Numbered names (`010-dns.sh`) reach this line: on ASCII bytes, as every view asks it of every task.
        let base = bytes.dropLast(3)
        if base.allSatisfy({ $0 < 0x80 }) {
            let stem = base.drop { (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
            guard stem.starts(with: "init".utf8) else { return false }
            let rest = stem.dropFirst(4)
            return rest.isEmpty || rest.first == UInt8(ascii: "-") || rest.first == UInt8(ascii: "_")
        }
        let stem = fileName.dropLast(3).drop { $0.isNumber || $0 == "-" || $0 == "_" }
        return stem == "init" || stem.hasPrefix("init-") || stem.hasPrefix("init_")
    }
}

/// `folder/name` as a repository path; the repository root is the empty folder, so a root
/// infra folder (`--infra-dir .`) gives `init.sh`, never `/init.sh`.
public func repoPath(_ folder: String, _ name: String) -> String {
    folder.isEmpty ? name : (name.isEmpty ? folder : folder + "/" + name)
}

/// `folder` + `/` as a path prefix: empty for the repository root, so `hasPrefix` matches
/// every path there.
public func folderPrefix(_ folder: String) -> String { folder.isEmpty ? "" : folder + "/" }

extension InfraLayout {
    /// An `--infra-dir` as a repository folder: `.` and `./` are the root (``), `./ops/` is
    /// `ops`; empty components and `.` are dropped. `..` is left for the caller to refuse.
    public static func normalisedFolder(_ dir: String) -> String {
        dir.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}

/// Non-empty, relative, and every component a name: no `.`, `..` or empty component.
private func isPlainPath(_ path: String) -> Bool {
    var length = 0  // of the current component
    var dots = 0    // its leading dots
    for byte in path.utf8 {
        if byte == UInt8(ascii: "/") {
            if length == 0 || (length == dots && dots <= 2) { return false }
            length = 0
            dots = 0
        } else {
            length += 1
            if byte == UInt8(ascii: "."), dots == length - 1 { dots += 1 }
        }
    }
    return length > 0 && !(length == dots && dots <= 2)
}

/// Relative path from one repository folder to a repository path (`a/b`, `a/c/x` -> `../c/x`).
public func relativePath(from folder: String, to path: String) -> String {
    // A path under the folder, both written plainly (no empty component): what follows the
    // folder, without splitting either (a kustomization lists a thousand files this way).
    let slash = UInt8(ascii: "/")
    func plain(_ s: Substring.UTF8View) -> Bool {
        s.first != slash && s.last != slash && !zip(s, s.dropFirst()).contains { $0 == slash && $1 == slash }
    }
    let f = Substring(folder).utf8, p = Substring(path).utf8
    if !f.isEmpty, p.count > f.count + 1, p.starts(with: f), p[p.index(p.startIndex, offsetBy: f.count)] == slash {
        let rest = p[p.index(p.startIndex, offsetBy: f.count + 1)...]
        if plain(f), plain(rest) { return String(Substring(rest)) }
    }
    let from = folder.split(separator: "/")
    let to = path.split(separator: "/")
    var common = 0
    while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
    let ups = Array(repeating: "..", count: from.count - common)
    let rest = to[common...].map(String.init)
    return (ups + rest).joined(separator: "/")
}

/// The last component of a path (`a/b/c.sh` -> `c.sh`), without copying it.
public func fileName(_ path: String) -> Substring {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return Substring(path) }
    return path[path.utf8.index(after: slash)...]
}

/// Whether `path` sits directly in `folder` (`parentFolder(path) == folder`, without the copy).
public func isDirectly(_ path: String, in folder: String) -> Bool {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return folder.isEmpty }
    return path.utf8[..<slash].elementsEqual(folder.utf8)
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
    // Most calls join a plain folder and a plain name: no splitting needed (every task's
    // every path goes through here, on every view of the tree).
    if isPlainPath(relative), folder.isEmpty || isPlainPath(folder) {
        return folder.isEmpty ? relative : folder + "/" + relative
    }
    // On bytes, into one buffer (splitting at Character "/" walks grapheme clusters, and a
    // Substring per part was a visible part of resolving every `source` line of every view).
    let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
    var out: [UInt8] = []
    out.reserveCapacity(folder.utf8.count + relative.utf8.count + 1)
    // The parts of `path` between slashes (empty ones dropped), `.` skipped, `..` dropping
    // the part before; false when `..` climbs above the start.
    func add(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                if bytes[i] == slash { i += 1; continue }
                var end = i
                while end < bytes.count && bytes[end] != slash { end += 1 }
                let length = end - i
                if length == 1 && bytes[i] == dot {
                    // `.`: nothing
                } else if length == 2 && bytes[i] == dot && bytes[i + 1] == dot {
                    // The last part and the slash before it (parts are never empty, so an
                    // empty buffer is the only one without a part to drop).
                    guard !out.isEmpty else { return false }
                    out.removeSubrange((out.lastIndex(of: slash) ?? 0)...)
                } else {
                    if !out.isEmpty { out.append(slash) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                }
                i = end
            }
            return true
        }
    }
    if relative.utf8.first != slash {
        // The folder's own `.` and `..` parts are kept as written (as before: only the
        // relative part is normalised).
        var folder = folder
        folder.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                if bytes[i] == slash { i += 1; continue }
                var end = i
                while end < bytes.count && bytes[end] != slash { end += 1 }
                if !out.isEmpty { out.append(slash) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
            }
        }
    }
    guard add(relative) else { return nil }
    return String(decoding: out, as: UTF8.self)
}

extension Substring {
    /// Whether the text ends in `suffix`, an ASCII literal such as a file extension (`.sh`,
    /// `.bash`), compared as UTF-8 bytes. The same answer as `hasSuffix`, which walks a
    /// Substring's Characters backwards: an ASCII character never joins the one before it into
    /// one Character (except LF after CR), and of the ASCII characters only `K`, `;` and `` ` ``
    /// have non-ASCII canonical equivalents. So `suffix` must not start with LF nor hold any of
    /// those three.
    func endsInASCII(_ suffix: StaticString) -> Bool {
        let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        return utf8.count >= tail.count && utf8.suffix(tail.count).elementsEqual(tail)
    }
}
