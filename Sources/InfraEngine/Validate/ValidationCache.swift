import Foundation
import Synchronization

/// What one run of an external checker said, kept by the content that decided it: the tool
/// (path, size, mtime, inode), what it was asked to check and the bytes of every file it could
/// read. A re-plan of an unchanged tree then calls no tool at all, and an edit re-checks only
/// what it changed. Content-addressed, so one cache serves every repository of the person.
///
/// It lives in `$INFRA_TUI_CACHE_DIR`, else `$XDG_CACHE_HOME/infra-tui`, else
/// `~/.cache/infra-tui`: one JSON file, replaced atomically. A cache that cannot be read or
/// written is no error, only slower.
public final class ValidationCache: Sendable {
    struct Entry: Codable, Sendable {
        /// The tool ran and found nothing to object to.
        var ok: Bool
        /// Its findings or first error lines, as the validator reads them.
        var lines: [String]
    }

    private struct Stored: Codable {
        var version: Int
        var entries: [String: Entry]
    }

    static let formatVersion = 1
    /// Several full re-plans of a 5,000-task repository; what the last run used is kept first.
    static let capacity = 50_000

    let file: URL?
    private let state: Mutex<(loaded: [String: Entry], used: [String: Entry], dirty: Bool)>

    /// A cache at `file`, or one that remembers nothing beyond this process when nil.
    public init(file: URL?) {
        self.file = file
        var loaded: [String: Entry] = [:]
        if let file, let data = try? Data(contentsOf: file),
           let stored = try? JSONDecoder().decode(Stored.self, from: data), stored.version == Self.formatVersion {
            loaded = stored.entries
        }
        state = Mutex((loaded, [:], false))
    }

    /// The person's cache for the repository at `root` (see the type's comment for where).
    public static func standard(for root: URL) -> ValidationCache {
        guard let folder = folder() else { return ValidationCache(file: nil) }
        let repo = ContentHash.sha256(root.resolvingSymlinksInPath().path).prefix(16)
        return ValidationCache(file: folder.appendingPathComponent("validation-v\(formatVersion)-\(repo).json"))
    }

    /// The cache folder (see the type's comment), or nil when no place is known.
    static func folder() -> URL? {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["INFRA_TUI_CACHE_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("infra-tui") }
        if let home = env["HOME"], !home.isEmpty { return URL(fileURLWithPath: home).appendingPathComponent(".cache/infra-tui") }
        return nil
    }

    func lookup(_ key: String) -> Entry? {
        state.withLock { s in
            if let hit = s.used[key] { return hit }
            guard let hit = s.loaded[key] else { return nil }
            s.used[key] = hit  // kept first if a later save has to drop entries
            return hit
        }
    }

    func store(_ key: String, _ entry: Entry) {
        // A tool quoting a line that holds a credential must not put it in the cache file.
        var entry = entry
        entry.lines = entry.lines.map { SecretScanner.containsSecret($0) ? "(a line holding a credential, left out)" : $0 }
        state.withLock { s in
            s.used[key] = entry
            s.dirty = true
        }
    }

    /// When this run learnt something: what it used first, then older entries up to the
    /// capacity. Another infra-tui saving at the same moment may win; the loser's entries are
    /// only recomputed.
    func save() {
        guard let file else { return }
        let stored: Stored? = state.withLock { s in
            guard s.dirty else { return nil }
            s.dirty = false
            var entries = s.used
            for (key, entry) in s.loaded where entries.count < Self.capacity && entries[key] == nil { entries[key] = entry }
            return Stored(version: Self.formatVersion, entries: entries)
        }
        guard let stored, let data = try? JSONEncoder().encode(stored) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Replaced by rename, so a reader never sees half a file; not flushed to disk: a cache
        // lost in a crash is only recomputed.
        let tmp = file.path + ".\(getpid()).tmp"
        if AtomicFile.writeBytes(data, to: tmp, mode: 0o600, sync: false) != nil || rename(tmp, file.path) != 0 { unlink(tmp) }
    }
}
