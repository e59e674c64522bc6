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
    public static let maxFileSize = 1 << 20

    public let root: URL
    public let infraDir: String

    public init(root: URL, infraDir: String) {
        self.root = root.standardizedFileURL
        self.infraDir = infraDir
    }

    public func read() throws(EngineError) -> RepoSnapshot {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw .usage("\(root.path) is not a folder")
        }
        var snapshot = RepoSnapshot(diskRoot: root)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted() ?? [] {
            let lower = name.lowercased()
            if lower.hasPrefix("readme") || lower.hasSuffix(".md") || name == ".gitignore" || name == "Makefile" {
                readFile(name, into: &snapshot)
            }
        }
        walk(infraDir, into: &snapshot) { path in !path.hasPrefix("\(infraDir)/logs/") }
        walk("docs", into: &snapshot) { $0.hasSuffix(".md") }
        walk("scripts", into: &snapshot) { _ in true }
        snapshot.tracked = GitIndex.trackedFiles(root: root)
        return snapshot
    }

    /// `root`'s path joined with a relative one: URL joining was a tenth of reading a large tree.
    private func disk(_ rel: String) -> String { root.path + "/" + rel }

    private func walk(_ folder: String, into snapshot: inout RepoSnapshot, include: (String) -> Bool) {
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
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: disk(dir))) ?? []
            for name in entries.sorted() {
                if name == ".git" { continue }
                let rel = dir + "/" + name
                var est = stat()
                guard lstat(disk(rel), &est) == 0 else { continue }
                switch est.st_mode & S_IFMT {
                case S_IFDIR: stack.append(rel)
                case S_IFREG, S_IFLNK: if include(rel) { readFile(rel, into: &snapshot) }
                default: break
                }
            }
        }
    }

    func readFile(_ rel: String, into snapshot: inout RepoSnapshot) {
        let path = disk(rel)
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFLNK {
            guard let target = PathGuard.resolvedInside(root: root, relativePath: rel) else {
                snapshot.skipped[rel] = "is a symbolic link that leaves the repository; not followed"
                return
            }
            guard stat(target.path, &st) == 0 else { return }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                // A linked folder may loop or alias another part of the tree: say so, do not walk it.
                snapshot.skipped[rel] = "is a symbolic link; not followed"
                return
            }
            guard (st.st_mode & S_IFMT) == S_IFREG else { return }
        }
        if Int(st.st_size) > Self.maxFileSize {
            snapshot.skipped[rel] = "is \(st.st_size / 1_048_576) MB; larger files are not read"
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            snapshot.skipped[rel] = "cannot be read (permission denied?)"
            return
        }
        let mode: FileMode = (st.st_mode & 0o111) != 0 ? .executable : .regular
        snapshot.write(rel, RepoFile(data: data, mode: mode))
    }
}
