import Foundation

/// What one `apply` wrote, recorded before the first file is touched so `undo` can restore
/// every byte and mode, even after a crash half-way.
public struct Journal: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public let path: String
        /// Content before the apply (base64 in JSON); nil when the file did not exist.
        public let before: Data?
        public let beforeMode: UInt32?
        /// SHA-256 after the apply; nil when the apply deleted it.
        public let afterSHA256: String?
        /// Set instead of `before` when the old content held a credential: undo reads it back
        /// from git's object store, so no key material sits in the journal.
        public var beforeGitBlob: String? = nil
    }

    public var operations: [String]
    public var entries: [Entry]
    /// Folders the apply created, deepest last, removed again by undo when empty.
    public var createdFolders: [String]
    public var complete: Bool
    /// Files taken out of git's index (credentials); undo adds them back.
    public var untracked: [String]? = nil

    static func folder(_ state: URL) -> URL { state.appendingPathComponent("journal") }

    /// Journals on disk, oldest first.
    static func all(in state: URL) -> [URL] {
        let dir = folder(state)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
    }

    func save(to url: URL) throws(EngineError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { throw .failed("cannot encode the journal") }
        try AtomicFile.write(data, to: url, mode: 0o600)
    }

    static func load(_ url: URL) throws(EngineError) -> Journal {
        guard let data = FileManager.default.contents(atPath: url.path),
              let journal = try? JSONDecoder().decode(Journal.self, from: data) else {
            throw .usage("the journal \(url.path) is unreadable")
        }
        return journal
    }

    /// The next journal file name: a zero-padded sequence number, so names sort by age.
    static func nextURL(in state: URL) -> URL {
        let last = all(in: state).last.flatMap { Int($0.deletingPathExtension().lastPathComponent) } ?? 0
        return folder(state).appendingPathComponent(String(format: "%06d.json", last + 1))
    }
}
