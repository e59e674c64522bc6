import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Many files at once (an exported series of a thousand patches), with the same promise as
/// `write` (each file is old or new, never torn) for one flush instead of one per file: every
/// temporary file is written, the file system is flushed once (`syncfs`), and only then are
/// they renamed into place, followed by one flush of each folder.
extension AtomicFile {
    public static func writeAll(_ files: [(url: URL, data: Data, mode: mode_t)]) throws(EngineError) {
        var folders: [String: URL] = [:]
        for file in files { folders[file.url.deletingLastPathComponent().path] = file.url.deletingLastPathComponent() }
        for folder in folders.values {
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw .failed("cannot create \(folder.path): \(error.localizedDescription)")
            }
        }
        var temporaries: [String] = []
        func abandon(_ message: String) -> EngineError {
            for tmp in temporaries { unlink(tmp) }
            return .failed(message)
        }
        for file in files {
            let tmp = file.url.deletingLastPathComponent().appendingPathComponent(".\(file.url.lastPathComponent).infra-tui-\(getpid()).tmp").path
            temporaries.append(tmp)
            if let failure = writeBytes(file.data, to: tmp, mode: file.mode, sync: false) {
                throw abandon("cannot write \(file.url.path): \(failure)")
            }
        }
        if !flushFileSystem(of: files.first?.url.deletingLastPathComponent().path ?? "/") {
            for tmp in temporaries {
                let fd = open(tmp, O_RDONLY | O_CLOEXEC)
                if fd >= 0 { fsync(fd); close(fd) }
            }
        }
        for (file, tmp) in zip(files, temporaries) where rename(tmp, file.url.path) != 0 {
            throw abandon("cannot write \(file.url.path): \(String(cString: strerror(errno)))")
        }
        for folder in folders.values { syncDirectory(folder) }
    }

    /// `syncfs` on the file system holding `path` (looked up at run time: Swift's Glibc module
    /// does not declare it); false when it is not there or failed, so the caller flushes files.
    static func flushFileSystem(of path: String) -> Bool {
        typealias SyncFS = @convention(c) (Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return false }
        let syncfs = unsafeBitCast(symbol, to: SyncFS.self)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return syncfs(fd) == 0
    }
}
