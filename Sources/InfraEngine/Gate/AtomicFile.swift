import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file writes: the bytes go to a temporary file beside the target, are flushed to
/// disk, get the mode, and only then replace the target by rename, so a reader (or a crash)
/// sees the old file or the new one, never a torn one.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL, mode: mode_t) throws(EngineError) {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw .failed("cannot create \(dir.path): \(error.localizedDescription)")
        }
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).infra-tui-\(getpid()).tmp")
        var failure = writeBytes(data, to: tmp.path, mode: mode, sync: true)
        if failure == nil, rename(tmp.path, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(tmp.path)
            throw .failed("cannot write \(url.path): \(failure)")
        }
        syncDirectory(dir)
    }

    /// Writes `data` to a new file at `path` with `mode`, flushed to disk when `sync`; the
    /// reason it failed, or nil.
    static func writeBytes(_ data: Data, to path: String, mode: mode_t, sync: Bool) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        var failure: String?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if failure == nil, fchmod(fd, mode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil, sync, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        return failure
    }

    /// Deletes temporary files `write` left beside `url` when a process was killed between
    /// creating one and renaming it. Call it only while holding the repository lock, so no
    /// live writer's temporary file is taken.
    public static func removeStaleTemporaries(beside url: URL) {
        let dir = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).infra-tui-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            unlink(dir.appendingPathComponent(name).path)
        }
    }

    public static func remove(_ url: URL) throws(EngineError) {
        if unlink(url.path) != 0 && errno != ENOENT {
            throw .failed("cannot delete \(url.path): \(String(cString: strerror(errno)))")
        }
        syncDirectory(url.deletingLastPathComponent())
    }

    /// The rename itself must reach the disk too.
    static func syncDirectory(_ dir: URL) {
        let fd = open(dir.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// Permission bits of a file, or nil when it does not exist.
    public static func mode(of url: URL) -> mode_t? {
        var st = stat()
        return lstat(url.path, &st) == 0 ? st.st_mode & 0o7777 : nil
    }
}

/// One writer per repository at a time: a second `apply` or `undo` gets a clear message.
public final class RepoLock {
    private let fd: Int32

    public init(stateFolder: URL) throws(EngineError) {
        try? FileManager.default.createDirectory(at: stateFolder, withIntermediateDirectories: true)
        let path = stateFolder.appendingPathComponent("lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failed("cannot open lock \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw .failed("another infra-tui is writing to this repository (lock \(path)); try again when it is done")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
