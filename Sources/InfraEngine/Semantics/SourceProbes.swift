import Foundation

/// What working out a script's `source` lines asked of the tree, with the answers: whether a
/// path is a file or folder (a caller-relative `source`), and a sourced file's text (whether
/// it is an env file). The same script text with the same answers sources the same files, so
/// a view whose answers match reuses the list made for another view (issue 12 item 8, speed:
/// every rule that adds a file, the `.gitignore` lines or a `.shellcheckrc` changed the whole
/// `semanticContext`, and every task's `source` lines were resolved again after it).
final class SourceProbes {
    enum Question: Equatable {
        case exists(String)
        case text(String)
        /// Whether a task of the view writes `NAME=` lines into the path (`EnvFiles`).
        case writtenEnv(String)
    }

    private(set) var asked: [(question: Question, answer: String?)] = []
    private let reality: RepoReality

    init(_ reality: RepoReality) { self.reality = reality }

    /// Whether `path` is a file or a folder of the view.
    func exists(_ path: String) -> Bool {
        let answer = Self.answer(.exists(path), in: reality)
        asked.append((.exists(path), answer))
        return answer != nil
    }

    /// The text of `path` in the view, nil when it has none.
    func text(_ path: String) -> String? {
        let answer = Self.answer(.text(path), in: reality)
        asked.append((.text(path), answer))
        return answer
    }

    /// Whether a task of the view writes `NAME=` lines into `path`.
    func writtenEnv(_ path: String) -> Bool {
        let answer = Self.answer(.writtenEnv(path), in: reality)
        asked.append((.writtenEnv(path), answer))
        return answer != nil
    }

    /// A question's answer in `reality`; `exists` is "" for yes and nil for no.
    static func answer(_ question: Question, in reality: RepoReality) -> String? {
        switch question {
        case .exists(let path): reality.snapshot.files[path] != nil || reality.isFolder(path) ? "" : nil
        case .text(let path): reality.snapshot.text(path)
        case .writtenEnv(let path): EnvFiles.isWrittenEnvFile(path, in: reality) ? "" : nil
        }
    }
}

/// The `source` lists made for one script text, each with the questions it asked, shared by
/// the views of a plan (thread-safe: the findings and the operations ask side by side).
final class SourceListVersions: @unchecked Sendable {
    private var versions: [(asked: [(question: SourceProbes.Question, answer: String?)], list: [SourcedFile])] = []
    private let lock = SpinLock()

    /// The list made with the same answers as `reality` gives, or `make`'s (which asks
    /// through the probes it is handed, and nothing else of the tree), kept for later views.
    func list(in reality: RepoReality, _ make: (SourceProbes) -> [SourcedFile]) -> [SourcedFile] {
        lock.lock()
        let known = versions
        lock.unlock()
        for version in known where version.asked.allSatisfy({ SourceProbes.answer($0.question, in: reality) == $0.answer }) {
            return version.list
        }
        let probes = SourceProbes(reality)
        let list = make(probes)
        lock.lock()
        if versions.count >= 4 { versions.removeFirst() }
        versions.append((probes.asked, list))
        lock.unlock()
        return list
    }
}
