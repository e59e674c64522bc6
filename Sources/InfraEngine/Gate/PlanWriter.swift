import Foundation
import PatchKit

/// What an apply did: the operations written, the ones refused (and why), the files touched.
public struct ApplyReport: Sendable, Equatable {
    public var applied: [String] = []
    public var refused: [Refusal] = []
    public var written: [String] = []
    /// Credentials taken out of git's index; their bytes stay on disk, now ignored.
    public var untracked: [String] = []
    public var journal: String?
    /// Operations infra-tui already wrote (an earlier apply's journal explains their files):
    /// neither written again nor refused, so the operations depending on them go ahead.
    public var alreadyWritten: [String] = []

    public struct Refusal: Sendable, Equatable {
        public let id: String
        public let reason: String
        public init(id: String, reason: String) { self.id = id; self.reason = reason }
    }
}

/// Writes accepted operations to the working tree: each operation's patch is applied in plan
/// order to the files as they are now; an operation whose files changed since the plan, or
/// whose patch no longer applies, is refused (with those that depend on it) and never
/// clobbers anything. The rest are journaled, then written atomically.
public enum PlanWriter {
    /// Works out what applying `operations` would leave, without writing anything: the new
    /// content of every file, and which operations are refused and why. `refusing` names
    /// operations refused up front (for example, ones whose validation failed).
    public static func prepare(_ operations: [Operation], root: URL, checkBaseline: Bool = true,
                               refusing: [String: String] = [:]) -> (report: ApplyReport, files: [String: (data: Data?, mode: FileMode?)], disk: [String: Data?]) {
        var report = ApplyReport()
        var disk: [String: Data?] = [:]
        func onDisk(_ path: String) -> Data? {
            if let cached = disk[path] { return cached }
            let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
            disk[path] = data
            return data
        }
        var current: [String: (data: Data?, mode: FileMode?)] = [:]
        var refused: Set<String> = []
        // Read only when a baseline differs from the disk: the usual apply never opens a journal.
        var own: OwnWrites?
        func ownWrites() -> OwnWrites {
            if let own { return own }
            own = OwnWrites.load(root: root)
            return own!
        }
        func refuse(_ id: String, _ reason: String) {
            refused.insert(id)
            report.refused.append(.init(id: id, reason: reason))
        }
        for op in operations {
            if let reason = refusing[op.id] {
                refuse(op.id, reason)
                continue
            }
            if let dep = op.dependsOn.first(where: refused.contains) {
                refuse(op.id, "it depends on \(dep), which was refused")
                continue
            }
            if checkBaseline, writtenBefore(op, onDisk: onDisk, ownWrites: ownWrites) {
                report.alreadyWritten.append(op.id)
                continue
            }
            do throws(EngineError) {
                let staged = try stage(op, root: root, checkBaseline: checkBaseline, onDisk: onDisk, current: current, ownWrites: ownWrites)
                for (path, value) in staged.files { current[path] = value }
                for path in staged.untracked where !report.untracked.contains(path) { report.untracked.append(path) }
                report.applied.append(op.id)
            } catch {
                refuse(op.id, error.message)
            }
        }
        for path in current.keys { _ = onDisk(path) }
        return (report, current, disk)
    }

    public static func apply(_ operations: [Operation], root: URL, checkBaseline: Bool = true,
                             refusing: [String: String] = [:]) throws(EngineError) -> ApplyReport {
        let state = StateLocation.folder(for: root)
        let lock = try RepoLock(stateFolder: state)
        defer { withExtendedLifetime(lock) {} }
        let prepared = prepare(operations, root: root, checkBaseline: checkBaseline, refusing: refusing)
        var report = prepared.report
        let current = prepared.files
        let disk = prepared.disk
        func onDisk(_ path: String) -> Data? { disk[path] ?? nil }
        let changed = current.keys.sorted().filter { current[$0]!.data != onDisk($0) || modeChanged($0) }
        func modeChanged(_ path: String) -> Bool {
            guard let mode = current[path]?.mode, current[path]?.data != nil else { return false }
            return AtomicFile.mode(of: root.appendingPathComponent(path)).map { ($0 & 0o111 != 0) != (mode == .executable) } ?? true
        }
        guard !changed.isEmpty || !report.untracked.isEmpty else { return report }

        var journal = Journal(operations: report.applied, entries: [], createdFolders: [], complete: false,
                              untracked: report.untracked)
        for path in changed {
            let url = root.appendingPathComponent(path)
            let mode: UInt32? = AtomicFile.mode(of: url).map { UInt32($0) }
            let after: String? = current[path]?.data.map { ContentHash.sha256($0) }
            journal.entries.append(GitIndex.entryKeepingNoSecret(path: path, before: onDisk(path), beforeMode: mode, afterSHA256: after, root: root))
            var folder = parentFolder(path)
            var created: [String] = []
            while !folder.isEmpty, !FileManager.default.fileExists(atPath: root.appendingPathComponent(folder).path) {
                created.append(folder)
                folder = parentFolder(folder)
            }
            for f in created.reversed() where !journal.createdFolders.contains(f) { journal.createdFolders.append(f) }
        }
        let journalURL = Journal.nextURL(in: state)
        try journal.save(to: journalURL)
        let pause = crashTestPause()
        do throws(EngineError) {
            for path in changed {
                let url = root.appendingPathComponent(path)
                if pause > 0 { usleep(pause) }
                if let data = current[path]!.data {
                    try AtomicFile.write(data, to: url, mode: newMode(current[path]!.mode, existing: AtomicFile.mode(of: url)))
                } else {
                    try AtomicFile.remove(url)
                }
                report.written.append(path)
            }
        } catch {
            // All or nothing: put back what this apply already wrote, then report. If even that
            // fails (a full disk), the journal stays so `undo` can finish the job later.
            do {
                try restore(journal.entries.filter { report.written.contains($0.path) }, root: root)
            } catch {
                throw EngineError.failed("\(error.message); some files are new and some old: free space, then run `infra-tui undo`")
            }
            for folder in journal.createdFolders.reversed() { _ = rmdir(root.appendingPathComponent(folder).path) }
            try? FileManager.default.removeItem(at: journalURL)
            throw EngineError.failed("\(error.message); nothing was changed")
        }
        for path in report.untracked { GitIndex.untrack(path, root: root) }
        // Every file is written: the apply has happened. Marking the journal complete is a
        // courtesy (undo works from an incomplete one too), so a full disk here is no failure.
        journal.complete = true
        try? journal.save(to: journalURL)
        report.journal = journalURL.path
        return report
    }

    /// Whether an earlier apply (not undone) wrote `op` itself: a file of its baseline differs
    /// from the disk by a journaled chain of writes that includes `op`, and every file of it
    /// is either unchanged or explained so.
    static func writtenBefore(_ op: Operation, onDisk: (String) -> Data?, ownWrites: () -> OwnWrites) -> Bool {
        var ownWrite = false
        for base in op.baseline {
            let now = onDisk(base.path).map { ContentHash.sha256($0) }
            if now == base.sha256 { continue }
            guard let chain = ownWrites().chain(path: base.path, planned: base.sha256, now: now) else { return false }
            if chain.contains(where: { $0.contains(op.id) }) { ownWrite = true }
        }
        return ownWrite
    }

    /// The files one operation would leave, or why it cannot be applied.
    static func stage(_ op: Operation, root: URL, checkBaseline: Bool, onDisk: (String) -> Data?,
                      current: [String: (data: Data?, mode: FileMode?)], ownWrites: () -> OwnWrites = { OwnWrites() }) throws(EngineError)
        -> (files: [String: (data: Data?, mode: FileMode?)], untracked: [String]) {
        for file in op.files {
            if let problem = PathGuard.problem(with: file.path, root: root) { throw .failed("refused: \(problem)") }
        }
        if checkBaseline {
            var changed: [String] = []
            var writtenItself = false
            for base in op.baseline {
                let now = onDisk(base.path).map { ContentHash.sha256($0) }
                if now == base.sha256 { continue }
                // Changed only by infra-tui's own writes of other operations (writing in steps):
                // the patch was planned on top of those, and must still apply strictly below.
                guard let chain = ownWrites().chain(path: base.path, planned: base.sha256, now: now) else {
                    changed.append(base.path)
                    continue
                }
                if chain.contains(where: { $0.contains(op.id) }) { writtenItself = true }
            }
            // A change by someone else is the reason to give first: it is what the person must look at.
            if !changed.isEmpty { throw .failed("\(changed.joined(separator: ", ")) changed since the plan") }
            if writtenItself { throw .failed("it is already written (`infra-tui undo` reverts that write)") }
        }
        let patches: [FilePatch]
        do { patches = try PatchParser.parse(op.patch) } catch { throw .failed("its patch does not parse: \(error)") }
        var staged: [String: (data: Data?, mode: FileMode?)] = [:]
        var untracked: [String] = []
        var rewritten: [String] = []
        for patch in patches {
            for path in [patch.oldPath, patch.newPath].compactMap({ $0 }) {
                if let problem = PathGuard.problem(with: path, root: root) { throw .failed("refused: \(problem)") }
            }
            let path = patch.path
            // The new version of a file rewritten without its old text (`FileEdit.rewrite`).
            if patch.change == .create, let i = rewritten.firstIndex(of: path) {
                rewritten.remove(at: i)
                do { staged[path] = (try PatchApplier.apply(patch, to: nil).map { Data($0.utf8) }, patch.newMode) } catch {
                    throw .failed("its patch no longer applies to \(path): \(error)")
                }
                continue
            }
            let before = staged[path]?.data ?? (current[path].map { $0.data } ?? onDisk(path))
            if patch.isBinary, patches.contains(where: { $0.change == .create && $0.path == path }) {
                guard let before, let blob = patch.oldBlob, ContentHash.gitBlob(before) == blob else {
                    throw .failed("\(path) is not the file the plan saw (binary patch pre-image differs)")
                }
                rewritten.append(path)
                continue
            }
            if patch.isBinary {
                guard patch.change == .delete, let before, let blob = patch.oldBlob, ContentHash.gitBlob(before) == blob else {
                    throw .failed("\(path) is not the file the plan saw (binary patch pre-image differs)")
                }
                // A contentless deletion is a credential leaving the tree: keep the person's
                // only copy on disk and drop it from git's index instead.
                untracked.append(path)
                continue
            }
            let oldText: String?
            if let before {
                guard let text = RepoFile.decodeText(before) else { throw .failed("\(path) is not text; not patched") }
                oldText = text
            } else {
                oldText = nil
            }
            if patch.change == .create, oldText != nil { throw .failed("\(path) already exists") }
            if patch.change != .create, oldText == nil { throw .failed("\(path) does not exist") }
            do {
                let new = try PatchApplier.apply(patch, to: oldText)
                staged[path] = (new.map { Data($0.utf8) }, patch.newMode ?? staged[path]?.mode ?? current[path]?.mode)
            } catch {
                throw .failed("its patch no longer applies to \(path): \(error)")
            }
        }
        return (staged, untracked)
    }

    /// The mode a written file gets: executable or not as the patch says, other bits kept.
    static func newMode(_ mode: FileMode?, existing: mode_t?) -> mode_t {
        let umask = umaskValue()
        let result: mode_t = switch mode {
        case .executable?: (existing ?? 0o644) | (0o111 & ~umask)
        case .regular?: existing.map { $0 & ~0o111 } ?? (0o666 & ~umask)
        default: existing ?? (0o666 & ~umask)
        }
        return result == 0 ? 0o644 : result
    }

    static func restore(_ entries: [Journal.Entry], root: URL) throws(EngineError) {
        for entry in entries {
            if let problem = PathGuard.problem(with: entry.path, root: root) { throw .failed("refused: \(problem)") }
            let target = root.appendingPathComponent(entry.path)
            if let blob = entry.beforeGitBlob {
                guard let before = GitIndex.blob(blob, root: root) else { throw .failed("\(entry.path): git no longer has blob \(blob)") }
                try AtomicFile.write(before, to: target, mode: mode_t(entry.beforeMode ?? 0o644))
            } else if let before = entry.before {
                try AtomicFile.write(before, to: target, mode: mode_t(entry.beforeMode ?? 0o644))
            } else {
                try AtomicFile.remove(target)
            }
        }
    }

    /// Test hook: `INFRA_TUI_TEST_PAUSE_US` pauses before each file write so crash-safety
    /// tests can SIGKILL an apply between two files.
    static func crashTestPause() -> UInt32 {
        UInt32(ProcessInfo.processInfo.environment["INFRA_TUI_TEST_PAUSE_US"] ?? "") ?? 0
    }

    static func umaskValue() -> mode_t {
        let old = umask(0o022)
        umask(old)
        return old
    }

    /// Restores the files the last apply wrote, byte for byte, and forgets that apply.
    public static func undo(root: URL) throws(EngineError) -> [String] {
        let state = StateLocation.folder(for: root)
        let lock = try RepoLock(stateFolder: state)
        defer { withExtendedLifetime(lock) {} }
        guard let url = Journal.all(in: state).last else { throw .failed("nothing to undo: no apply is recorded for this repository") }
        let journal = try Journal.load(url)
        for entry in journal.entries {
            let now = FileManager.default.contents(atPath: root.appendingPathComponent(entry.path).path)
            let nowHash = now.map { ContentHash.sha256($0) }
            // After a crash mid-apply a file may still be in its old state: that is fine too.
            let wasBefore = entry.beforeGitBlob.map { blob in now.map { ContentHash.gitBlob($0) } == blob } ?? (now == entry.before)
            if nowHash != entry.afterSHA256 && !wasBefore {
                throw .failed("\(entry.path) changed since the apply; undo would lose that change (restore it by hand or from git)")
            }
        }
        try restore(journal.entries, root: root)
        // A crash mid-apply can leave a temporary file beside a target: undo removes it too.
        for entry in journal.entries { AtomicFile.removeStaleTemporaries(beside: root.appendingPathComponent(entry.path)) }
        let restored = journal.entries.map(\.path)
        for path in journal.untracked ?? [] { GitIndex.track(path, root: root) }
        for folder in journal.createdFolders.reversed() {
            _ = rmdir(root.appendingPathComponent(folder).path)  // only succeeds when empty
        }
        try? FileManager.default.removeItem(at: url)
        return restored
    }
}
