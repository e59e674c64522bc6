import Foundation
import PatchKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the parts of a repository the engine reasons about into a snapshot: the infra
/// folder, the docs, top-level readmes and ignore files, and stray runner scripts. It never
/// follows a link out of the tree and never reads a huge file whole.
public struct RepoReader: Sendable {
    /// A regular file's bytes and its status.
    typealias Contents = (data: Data, status: stat)

    public static let maxFileSize = 1 << 20

    public let root: URL
    public let infraDir: String

    public init(root: URL, infraDir: String) {
        self.root = root.standardizedFileURL
        self.infraDir = InfraLayout.normalisedFolder(infraDir)
    }

    public func read() throws(EngineError) -> RepoSnapshot {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw .usage("\(root.path) is not a folder")
        }
        // Git reads its index while the tree is listed and read (a second process, started first).
        let tracked = GitIndex.startListingTracked(root: root)
        var snapshot = RepoSnapshot(diskRoot: root)
        var wanted: [(path: String, regular: Bool)] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted() ?? [] {
            let lower = name.lowercased()
            // Scripts at the root too: a root `deploy.sh` may already be the entrypoint.
            // Committed env templates (`.env.sample`) tell which names a task's `source .env`
            // sets; the env files themselves hold values and are not read.
            let envTemplate = lower.contains(".env") && EnvFiles.templateSuffixes.contains { lower.hasSuffix($0) }
            if lower.hasPrefix("readme") || lower.hasSuffix(".md") || name == ".gitignore" || name == ".gitattributes" || name == "Makefile"
                || lower.hasSuffix(".sh") || envTemplate {
                wanted.append((name, false))
            }
        }
        let logs = repoPath(infraDir, "logs") + "/"
        walk(infraDir, into: &snapshot, wanting: &wanted) { path in !path.hasPrefix(logs) }
        walk("docs", into: &snapshot, wanting: &wanted) { $0.hasSuffix(".md") }
        walk("scripts", into: &snapshot, wanting: &wanted) { _ in true }
        // Kubernetes manifests kept anywhere else (a task may apply `deploy/k8s` at the root):
        // YAML files only, and of those only the ones that hold `apiVersion` and `kind`.
        let manifestsFrom = wanted.count
        if !infraDir.isEmpty, infraDir != "." {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted() ?? []
            where !name.hasPrefix(".") && !Self.notManifestFolders.contains(name) {
                walk(name, into: &snapshot, wanting: &wanted, skipping: [infraDir]) { path in
                    (path.hasSuffix(".yaml") || path.hasSuffix(".yml")) && !path.hasPrefix(infraDir + "/")
                        && !path.contains("/node_modules/") && !path.contains("/.")
                }
            }
        }
        // An infra folder at the root (`--infra-dir .`) walks the whole tree: each file once.
        var seen: Set<String> = []
        wanted = wanted.filter { seen.insert($0.path).inserted }
        // The regular files are read on every core (a large tree is thousands of small reads),
        // then taken into the snapshot in order; anything else goes the careful way.
        let contents = Self.readAll(wanted.map { $0.regular ? disk($0.path) : nil })
        for (i, (file, read)) in zip(wanted, contents).enumerated() {
            if i >= manifestsFrom {
                guard let data = read?.data, Self.looksLikeManifest(data) else { continue }
            }
            readFile(file.path, into: &snapshot, contents: read)
        }
        snapshot.tracked = tracked()
        snapshot.finishLoading()
        return snapshot
    }

    /// Top-level folders never searched for manifests: read already, or third-party trees.
    static let notManifestFolders: Set<String> = ["docs", "scripts", "node_modules", "vendor", "third_party"]

    /// A top-level `apiVersion:` and `kind:` key: the shape of a Kubernetes object.
    static func looksLikeManifest(_ data: Data) -> Bool {
        let text = String(decoding: data, as: UTF8.self)
        return (text.hasPrefix("apiVersion:") || text.contains("\napiVersion:")) && (text.hasPrefix("kind:") || text.contains("\nkind:"))
    }

    /// `readRegular` of each path (nil for a nil path), on every core when there are many.
    private static func readAll(_ paths: [String?]) -> [Contents?] {
        var out = [Contents?](repeating: nil, count: paths.count)
        guard paths.count >= 64 else {
            for (i, path) in paths.enumerated() { out[i] = path.flatMap(readRegular) }
            return out
        }
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer  // each index is written by one worker only
            let chunks = min(paths.count, ProcessInfo.processInfo.activeProcessorCount * 4)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for i in stride(from: chunk, to: paths.count, by: chunks) { slots[i] = paths[i].flatMap(readRegular) }
            }
        }
        return out
    }

    /// `root`'s path joined with a relative one: URL joining was a tenth of reading a large tree.
    private func disk(_ rel: String) -> String { root.path + "/" + rel }

    /// Adds the files under `folder` that `include` wants to `wanted` (regular: readdir says
    /// so); notes in `snapshot` a folder that is a link.
    private func walk(_ folder: String, into snapshot: inout RepoSnapshot, wanting wanted: inout [(path: String, regular: Bool)],
                      skipping skipped: Set<String> = [], include: (String) -> Bool) {
        let base = disk(folder)
        var st = stat()
        guard lstat(base, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFLNK {
            snapshot.skipped[folder] = "is a symbolic link; not followed"
            return
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return }
        var stack = [folder]
        while let dir = stack.popLast() {
            // readdir's file types save an lstat per entry (a large tree has thousands).
            for (name, type) in Self.entries(of: disk(dir)) {
                if name == ".git" { continue }
                let rel = repoPath(dir, name)
                switch type {
                case Int(DT_DIR): if !skipped.contains(rel) { stack.append(rel) }
                case Int(DT_REG): if include(rel) { wanted.append((rel, true)) }
                case Int(DT_LNK): if include(rel) { wanted.append((rel, false)) }
                case Int(DT_FIFO), Int(DT_SOCK), Int(DT_CHR), Int(DT_BLK):
                    if include(rel) { snapshot.skipped[rel] = Self.notRegular }
                case Int(DT_UNKNOWN):
                    // A file system that does not say: ask it.
                    var est = stat()
                    guard lstat(disk(rel), &est) == 0 else { continue }
                    switch est.st_mode & S_IFMT {
                    case S_IFDIR: if !skipped.contains(rel) { stack.append(rel) }
                    case S_IFREG, S_IFLNK: if include(rel) { wanted.append((rel, false)) }
                    default: if include(rel) { snapshot.skipped[rel] = Self.notRegular }
                    }
                default: break
                }
            }
        }
    }

    /// The names in a folder with their readdir types, sorted by name; empty when it cannot be listed.
    private static func entries(of path: String) -> [(name: String, type: Int)] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var out: [(name: String, type: Int)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            out.append((name, Int(entry.pointee.d_type)))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// Why a FIFO, socket or device (or a link to one) is not read.
    static let notRegular = "is not a regular file (a FIFO, socket or device); not read"

    /// `contents`: the file was read already as a regular file (`readRegular`). Loads into
    /// `snapshot` (`RepoSnapshot.load`): `read` makes its path index afresh at the end.
    private func readFile(_ rel: String, into snapshot: inout RepoSnapshot, contents: Contents? = nil) {
        let path = disk(rel)
        var st = stat()
        if let contents {
            st = contents.status
        } else {
            guard lstat(path, &st) == 0 else { return }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                guard let target = PathGuard.resolvedInside(root: root, relativePath: rel) else {
                    snapshot.skipped[rel] = "is a symbolic link that leaves the repository; not followed"
                    return
                }
                guard stat(target.path, &st) == 0 else {
                    snapshot.skipped[rel] = errno == ELOOP ? "is a symbolic link that loops; not read"
                        : "is a symbolic link to nothing; not read"
                    return
                }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    // A linked folder may loop or alias another part of the tree: say so, do not walk it.
                    snapshot.skipped[rel] = "is a symbolic link; not followed"
                    return
                }
                guard (st.st_mode & S_IFMT) == S_IFREG else {
                    snapshot.skipped[rel] = Self.notRegular
                    return
                }
            }
        }
        if Int(st.st_size) > Self.maxFileSize {
            snapshot.skipped[rel] = "is \(st.st_size / 1_048_576) MB; larger files are not read"
            return
        }
        guard let data = contents?.data ?? FileManager.default.contents(atPath: path) else {
            snapshot.skipped[rel] = "cannot be read (permission denied?)"
            return
        }
        let mode: FileMode = (st.st_mode & 0o111) != 0 ? .executable : .regular
        snapshot.load(rel, RepoFile(data: data, mode: mode))
    }

    /// A regular file's bytes and status through one open: nil when it is not a regular file
    /// any more, cannot be opened, or changes size while read (the caller then takes the
    /// careful path). Over the size limit: the status alone, with no bytes read.
    private static func readRegular(_ path: String) -> Contents? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        if size > maxFileSize { return (Data(), st) }
        var data = Data(count: size)
        let complete = data.withUnsafeMutableBytes { raw -> Bool in
            var done = 0
            while done < size {
                let n = systemRead(fd, raw.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            var probe: UInt8 = 0
            return systemRead(fd, &probe, 1) == 0
        }
        return complete ? (data, st) : nil
    }
}

/// libc's `read(2)` (inside RepoReader the name means its `read()`).
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
