import Foundation
import PatchKit

/// One file as the engine sees it. `text` is nil for content it will not treat as text
/// (NUL bytes, invalid UTF-8), which rules then leave alone.
public struct RepoFile: Sendable, Equatable {
    public var data: Data
    public var mode: FileMode
    public let text: String?

    public init(data: Data, mode: FileMode) {
        self.data = data
        self.mode = mode
        self.text = RepoFile.decodeText(data)
    }

    public init(text: String, mode: FileMode = .regular) {
        self.data = Data(text.utf8)
        self.mode = mode
        self.text = text
    }

    public var sha256: String { ContentHash.sha256(data) }

    static func decodeText(_ data: Data) -> String? {
        // On the raw bytes: Data's element-wise iterator and Foundation's decoder were most of
        // the cost of reading a large tree.
        data.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else { return "" }
            if memchr(base, 0, bytes.count) != nil { return nil }
            // As Foundation's decoder did: a UTF-8 byte order mark is not part of the text.
            let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
            return String(validating: bom ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes, as: UTF8.self)
        }
    }
}

/// The files of a repository the engine reads, keyed by repository-relative path with `/`.
/// Planning works on snapshots: each operation's edits are applied to a copy so the next
/// rule sees the tree as the earlier operations leave it.
public struct RepoSnapshot: Sendable {
    public private(set) var files: [String: RepoFile]
    /// Every folder that holds a file, so existence checks of folders need no scan.
    private var folders: Set<String> = []
    /// The files directly in each folder: "which files sit beside this one" without a scan.
    private var children: [String: Set<String>] = [:]
    /// Files that exist but were not read (too large, unreadable, symlinks out of the tree), with why.
    public var skipped: [String: String]
    /// The folder the snapshot was read from, so existence checks reach files it did not read.
    public var diskRoot: URL?
    /// Paths an earlier operation deleted in this (virtual) tree.
    public var deleted: Set<String> = []
    /// What the disk said about paths the reader did not load, shared by every copy of this
    /// snapshot: rules ask about the same missing files once per view of the tree.
    private let onDisk = DiskLookups()
    /// Paths git tracks, when the repository is a git checkout (nil otherwise).
    public var tracked: Set<String>?
    /// The sorted paths and what views derive from them alone, shared by every copy of this
    /// snapshot until one adds or removes a path (then it gets a new one, so a stale answer
    /// cannot leak): most edits of a plan only change contents.
    private(set) var pathIndex = Memo()

    public init(files: [String: RepoFile] = [:], skipped: [String: String] = [:], diskRoot: URL? = nil) {
        self.files = [:]
        self.skipped = skipped
        self.diskRoot = diskRoot
        for (path, file) in files { add(path, file) }
    }

    public subscript(path: String) -> RepoFile? {
        get { files[path] }
        set {
            if let newValue { write(path, newValue) } else if files.removeValue(forKey: path) != nil {
                children[parentFolder(path)]?.remove(path)
                pathIndex = Memo()
            }
        }
    }

    public func text(_ path: String) -> String? { files[path]?.text }
    /// Whether a path exists in this tree, files the reader did not load included.
    public func exists(_ path: String) -> Bool {
        if files[path] != nil || skipped[path] != nil { return true }
        if deleted.contains(path) || path.isEmpty { return false }
        if folders.contains(path) { return true }
        guard let diskRoot else { return false }
        return onDisk.exists(path, under: diskRoot)
    }

    public mutating func write(_ path: String, _ file: RepoFile) {
        if add(path, file) { pathIndex = Memo() }
    }

    /// `write` for a reader filling this snapshot before anyone asks it about its paths: the
    /// path index is made afresh once, by `finishLoading()`, not per file (a new index per
    /// path was a visible part of reading a tree of thousands of files).
    mutating func load(_ path: String, _ file: RepoFile) { add(path, file) }

    /// Ends a run of `load`s.
    mutating func finishLoading() { pathIndex = Memo() }

    /// Writes without touching the path index; true when `path` is new.
    @discardableResult
    private mutating func add(_ path: String, _ file: RepoFile) -> Bool {
        let new = files.updateValue(file, forKey: path) == nil
        if new { children[parentFolder(path), default: []].insert(path) }
        deleted.remove(path)
        var folder = parentFolder(path)
        while !folder.isEmpty, folders.insert(folder).inserted { folder = parentFolder(folder) }
        return new
    }

    public mutating func delete(_ path: String) {
        if files.removeValue(forKey: path) != nil {
            children[parentFolder(path)]?.remove(path)
            pathIndex = Memo()
        }
        deleted.insert(path)
    }

    /// Paths under a folder (`prefix/`), sorted.
    public func paths(under folder: String) -> [String] {
        let prefix = folder.isEmpty ? "" : (folder.hasSuffix("/") ? folder : folder + "/")
        return files.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }

    public var allPaths: [String] { pathIndex.value("sorted") { files.keys.sorted() } }

    /// The files directly in `folder` (not in its subfolders), sorted.
    public func files(directlyIn folder: String) -> [String] { (children[folder] ?? []).sorted() }
}

/// Existence answers from the disk, remembered for the life of one plan (the tree on disk does
/// not change while infra-tui plans; writes go through PlanWriter, which reads afresh).
final class DiskLookups: @unchecked Sendable {
    private var known: [String: Bool] = [:]
    private let lock = SpinLock()

    /// A path whose folder is not on disk is not asked about: the kernel resolves every
    /// component of a path, so none under a missing folder can exist (a rule that looks for
    /// each task beside each runbook asked the disk a thousand times about one missing folder).
    func exists(_ path: String, under root: URL) -> Bool {
        lock.lock()
        if let hit = known[path] { lock.unlock(); return hit }
        lock.unlock()
        let parent = parentFolder(path)
        let found = (parent.isEmpty || parent == path || exists(parent, under: root)) && access(root.path + "/" + path, F_OK) == 0
        lock.lock()
        known[path] = found
        lock.unlock()
        return found
    }
}
