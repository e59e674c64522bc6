import Foundation
import PatchKit
#if canImport(Glibc)
import Glibc
#endif

/// The files of the person's working folder that the engine's snapshot does not hold, for
/// the rehearsal's copy of the tree: scripts read more than RepoReader does (`source
/// env/db.env` at the repository root, a key at the default path a README asks for, a
/// values file beside the app). A rehearsal runs the scaffolding as it would run on the
/// person's disk, so those files are laid too, ignored ones included (a `.env`, a key the docs
/// had them make): tracked files first, then the rest in path order, within a budget so a
/// checkout with `node_modules` or build output does not copy it all. Symbolic links and `.git` are never
/// laid (the snapshot does not follow links either).
public struct WorkingTreeFiles: Sendable {
    /// How much is laid: counts of files and bytes (per file and in all).
    public struct Budget: Sendable, Equatable {
        public var files: Int
        public var bytes: Int
        public var fileBytes: Int
        public init(files: Int = 2_000, bytes: Int = 16 << 20, fileBytes: Int = 1 << 20) {
            self.files = files
            self.bytes = bytes
            self.fileBytes = fileBytes
        }
    }

    /// Repository-relative path -> contents and mode.
    public private(set) var files: [String: RepoFile] = [:]
    /// Files seen but not laid: over the per-file size, or past the budget.
    public private(set) var leftOut = 0
    /// SHA-256 over every path, mode and content, in path order: part of a cached
    /// rehearsal's key, so a changed `.env` on disk is rehearsed again.
    public private(set) var digest = ContentHash.sha256(Data())

    public init() {}

    /// Reads what `root` holds beyond `snapshot`: the files git tracks (`snapshot.tracked`)
    /// first, then every other file in path order, until the budget is spent.
    public static func read(root: URL, except snapshot: RepoSnapshot, budget: Budget = .init()) -> WorkingTreeFiles {
        var out = WorkingTreeFiles()
        var bytes = 0
        var material = ""
        func consider(_ path: String) {
            guard snapshot.files[path] == nil, !path.split(separator: "/").contains(".git"), out.files[path] == nil else { return }
            var info = stat()
            let full = root.appendingPathComponent(path).path
            guard lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
            let size = Int(info.st_size)
            guard size <= budget.fileBytes, out.files.count < budget.files, bytes + size <= budget.bytes,
                  let data = FileManager.default.contents(atPath: full) else { out.leftOut += 1; return }
            let mode: FileMode = (info.st_mode & 0o111) != 0 ? .executable : .regular
            out.files[path] = RepoFile(data: data, mode: mode)
            bytes += data.count
        }
        // Tracked files first (the reader's `git ls-files`), then the rest in path order: a
        // walk of the folder, cheaper than asking git again what it ignores.
        for path in (snapshot.tracked ?? []).sorted() { consider(path) }
        for path in walk(root, "", limit: budget.files * 4) { consider(path) }
        for (path, file) in out.files.sorted(by: { $0.key < $1.key }) {
            material += "\(path)\0\(file.mode.rawValue)\0\(ContentHash.sha256(file.data))\0"
        }
        out.digest = ContentHash.sha256(Data(material.utf8))
        return out
    }

    /// Regular files under `folder` (relative to `root`, "" for all), in path order, at most
    /// `limit`; `.git` folders and symbolic links are not entered.
    static func walk(_ root: URL, _ folder: String, limit: Int) -> [String] {
        var out: [String] = []
        var stack = [folder]
        while let dir = stack.popLast(), out.count < limit {
            let full = dir.isEmpty ? root.path : root.appendingPathComponent(dir).path
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { continue }
            var folders: [String] = []
            for name in names.sorted() where name != ".git" {
                let rel = dir.isEmpty ? name : dir + "/" + name
                var info = stat()
                guard lstat(full + "/" + name, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: folders.append(rel)
                case S_IFREG: out.append(rel)
                default: continue
                }
            }
            stack += folders.reversed()
        }
        return Array(out.prefix(limit))
    }
}
