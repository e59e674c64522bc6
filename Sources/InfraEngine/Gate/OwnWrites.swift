import Foundation

/// The file versions infra-tui itself wrote, read from the journals of the applies not undone
/// (`.git/infra-tui/journal/`). Writing in steps needs them: after `w` wrote one operation, the
/// next operation's baseline (the file as the plan saw it) no longer matches the disk, yet the
/// only change is the tool's own write, which the later operation's patch was planned on top of.
/// A baseline counts as met when the disk's bytes are the planned bytes plus a chain of
/// journaled writes of other operations; the patch must then still apply strictly.
public struct OwnWrites: Sendable, Equatable {
    /// One journaled write of a file: content hash before and after (nil: no file), and the
    /// operations that apply wrote.
    public struct Step: Sendable, Equatable {
        public let before: String?
        public let after: String?
        public let operations: [String]
    }

    /// Steps by path, newest first.
    public private(set) var steps: [String: [Step]] = [:]

    public init(steps: [String: [Step]] = [:]) { self.steps = steps }

    /// The journals under the repository's state folder. An entry whose old bytes git keeps
    /// (a credential, `beforeGitBlob`) is hashed from the blob, in memory only.
    public static func load(root: URL) -> OwnWrites {
        var out = OwnWrites()
        for url in Journal.all(in: StateLocation.folder(for: root)).reversed() {
            guard let journal = try? Journal.load(url) else { continue }
            for entry in journal.entries {
                let before: String?
                if let data = entry.before { before = ContentHash.sha256(data) }
                else if let blob = entry.beforeGitBlob { before = GitIndex.blob(blob, root: root).map { ContentHash.sha256($0) } ?? "unreadable-blob" }
                else { before = nil }
                out.steps[entry.path, default: []].append(Step(before: before, after: entry.afterSHA256, operations: journal.operations))
            }
        }
        return out
    }

    /// How `path` went from `planned` to `now` through infra-tui's own writes: the operations
    /// those writes applied, oldest write first; nil when the journals do not explain the
    /// difference (someone else changed the file). Equal hashes give `[]`.
    public func chain(path: String, planned: String?, now: String?) -> [[String]]? {
        if planned == now { return [] }
        var hash = now
        var used: [[String]] = []
        var remaining = steps[path] ?? []
        // Newest first: each step's `after` must be the version the next one (or the disk) starts from.
        while let i = remaining.firstIndex(where: { $0.after == hash }) {
            let step = remaining.remove(at: i)
            used.insert(step.operations, at: 0)
            hash = step.before
            if hash == planned { return used }
        }
        return nil
    }
}
