import Foundation
import ShellReader

/// The names an env file sets when a script loads it (`source .env`, `set -a; . ./config.env`,
/// `export $(grep -v '^#' .env | xargs)`).
///
/// Shape: the assigned names, in file order, and where they were read: the file itself; its
/// committed `*.example`/`*.sample` twin when the file is git-ignored and so not in the tree;
/// or the task that writes the file (`printf 'IP=%s\n' "$ip" > "$dir/outputs.env"`).
public struct EnvFileNames: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        case file
        /// Read from a committed template of the file.
        case template(String)
        /// Written by an earlier task of the run.
        case writtenBy(String)
    }
    public let path: String
    public let names: [String]
    public let origin: Origin
}

public enum EnvFiles {
    /// Suffixes of the committed template of an ignored env file, in the order tried.
    static let templateSuffixes = [".example", ".sample", ".template", ".dist", ".defaults", ".tmpl"]

    /// The names `path` sets, or nil when nothing in the tree tells.
    public static func names(of path: String, in reality: RepoReality) -> EnvFileNames? {
        reality.memo.value("env-file\u{0}\(path)") { () -> EnvFileNames? in
            // A committed template names the file's origin whether or not the person's own
            // copy is on disk (it is git-ignored, so a fresh clone has only the template).
            let twin = templateSuffixes.map { path + $0 }.first { reality.snapshot.text($0) != nil }
            if let text = reality.snapshot.text(path) {
                return EnvFileNames(path: path, names: assigned(in: text, path: path, reality: reality),
                                    origin: twin.map { .template($0) } ?? .file)
            }
            for suffix in templateSuffixes {
                let twin = path + suffix
                if let text = reality.snapshot.text(twin) {
                    return EnvFileNames(path: path, names: assigned(in: text, path: twin, reality: reality), origin: .template(twin))
                }
            }
            return writers(in: reality)[path]
        }
    }

    private static func assigned(in text: String, path: String, reality: RepoReality) -> [String] {
        var out: [String] = []
        for a in reality.cache.script(path: path, text: text).assignments where !out.contains(a.name) && a.kind != .prefix {
            out.append(a.name)
        }
        return out
    }

    /// The tasks that write `path` with a redirection (`> "$STATE"`, `>> out.env`,
    /// `cat > file <<EOF`), in run order; empty when none does.
    public static func writingTasks(of path: String, in reality: RepoReality) -> [String] {
        reality.memo.value("files-written-by-tasks") { () -> [String: [String]] in
            var out: [String: [String]] = [:]
            for task in reality.tasks {
                let paths = SourceGraph.folderPaths(of: task, in: reality)
                for command in task.script.commands {
                    for r in command.redirections where r.op == ">" || r.op == ">>" {
                        guard let target = r.target, let written = writtenPath(target, by: task, paths: paths, in: reality) else { continue }
                        if out[written]?.last != task.path { out[written, default: []].append(task.path) }
                    }
                }
            }
            return out
        }[path] ?? []
    }

    /// The repository path a redirection target names: anchored to the script's folder, or a
    /// plain relative path resolved as a `source` of it is (`SourceGraph.workingFolderPath`),
    /// so `echo X=1 > .state` and `. .state` name the same file.
    private static func writtenPath(_ target: ShellWord, by task: ShellFile, paths: ScriptFolderPaths, in reality: RepoReality) -> String? {
        if let path = paths.resolve(target.unquotedText) { return path }
        guard let literal = target.literal, !literal.isEmpty, !literal.hasPrefix("/"), !literal.hasPrefix("~"),
              literal != "-" else { return nil }
        return SourceGraph.workingFolderPath(literal, from: task.path) { p in
            reality.snapshot.files[p] != nil || reality.isFolder(p) || templateSuffixes.contains { reality.snapshot.files[p + $0] != nil }
        }
    }

    /// Whether a task of the run that starts before `reader` (or `reader` itself) writes
    /// `path`: in a full run the file is there when `reader` needs it, though a fresh clone
    /// lacks it (it is usually git-ignored run state such as `.state` or `outputs.env`).
    public static func writtenInRun(_ path: String, before reader: String, in reality: RepoReality) -> Bool {
        let writers = writingTasks(of: path, in: reality)
        guard !writers.isEmpty else { return false }
        let order = reality.tasks.map(\.path)
        guard let readerIndex = order.firstIndex(of: reader) else { return false }
        return writers.contains { w in order.firstIndex(of: w).map { $0 <= readerIndex } ?? false }
    }

    /// Whether a task writes `NAME=` lines into `path` (so sourcing it loads those names).
    static func isWrittenEnvFile(_ path: String, in reality: RepoReality) -> Bool { writers(in: reality)[path] != nil }

    /// Files the tasks write with a redirection, and the `NAME=` names written into them.
    private static func writers(in reality: RepoReality) -> [String: EnvFileNames] {
        reality.memo.value("env-file-writers") {
            var out: [String: EnvFileNames] = [:]
            for task in reality.tasks {
                let paths = SourceGraph.folderPaths(of: task, in: reality)
                for command in task.script.commands {
                    for r in command.redirections where r.op == ">" || r.op == ">>" {
                        guard let target = r.target, let path = writtenPath(target, by: task, paths: paths, in: reality) else { continue }
                        var text = command.words.map(\.unquotedText).joined(separator: " ")
                        for other in command.redirections { if let i = other.heredocIndex { text += "\n" + task.script.heredocs[i].body } }
                        let names = namesAssigned(in: text)
                        guard !names.isEmpty else { continue }
                        let old = out[path]?.names ?? []
                        out[path] = EnvFileNames(path: path, names: old + names.filter { !old.contains($0) }, origin: .writtenBy(task.path))
                    }
                }
            }
            return out
        }
    }

    /// `NAME=` at the start of the text, of a line, or after a space or quote.
    static func namesAssigned(in text: String) -> [String] {
        var out: [String] = []
        let bytes = Array(text.utf8)
        func isStart(_ b: UInt8) -> Bool { b == 95 || (b >= 65 && b <= 90) }  // _ A-Z
        func isName(_ b: UInt8) -> Bool { isStart(b) || (b >= 48 && b <= 57) }  // 0-9
        let boundaries: Set<UInt8> = [32, 10, 9, 39, 34]  // space \n \t ' "
        var i = 0
        while i < bytes.count {
            guard isStart(bytes[i]), i == 0 || boundaries.contains(bytes[i - 1]) else { i += 1; continue }
            var j = i
            while j < bytes.count, isName(bytes[j]) { j += 1 }
            if j < bytes.count, bytes[j] == 61 {  // =
                let name = String(decoding: bytes[i..<j], as: UTF8.self)
                if !out.contains(name) { out.append(name) }
            }
            i = j + 1
        }
        return out
    }
}

/// A file sourced through a variable path (`source "$(dirname "$0")/../config/${STAGE}.env"`,
/// `. "envs/$ENV.sh"`): bash loads whichever file the value names, so the names it sets come
/// from one of the files the pattern can name in the tree (`config/*.env`). A name every
/// candidate sets is loaded whatever the value; one only some set is loaded only for those.
public struct SourcedCandidates: Sendable, Equatable {
    /// The files of the tree the path can name, sorted.
    public let files: [String]
    /// Names every candidate sets, in the first candidate's order.
    public let every: [String]
    /// Names only some candidates set: name -> the files that set it.
    public let some: [String: [String]]

    /// Whether a sourced path holds an expansion (and so names one of several files).
    static func isPattern(_ path: String) -> Bool { path.contains("$") }

    /// The candidates of `path` (a resolved repository path with expansions in it), or nil
    /// when it names no file of the tree. `names`: what one candidate sets.
    static func of(_ path: String, in reality: RepoReality, names: (String) -> [String]) -> SourcedCandidates? {
        let files = matching(path, in: reality.allPaths)
        guard !files.isEmpty else { return nil }
        let sets = files.map(names)
        var every: [String] = []
        var some: [String: [String]] = [:]
        var order: [String] = []
        for list in sets { for n in list where !order.contains(n) { order.append(n) } }
        for name in order {
            let setters = files.indices.filter { sets[$0].contains(name) }.map { files[$0] }
            if setters.count == files.count { every.append(name) } else { some[name] = setters }
        }
        return SourcedCandidates(files: files, every: every, some: some)
    }

    /// The paths of `all` that `pattern` can name: segment by segment, each expansion
    /// (`$X`, `${X}`, `${X:-d}`, `$(...)`) standing for any text without a `/`.
    static func matching(_ pattern: String, in all: [String]) -> [String] {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { pieces(of: Substring($0)) }
        guard segments.contains(where: { $0.count > 1 }) else { return [] }
        return all.filter { path in
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == segments.count && zip(parts, segments).allSatisfy { matches(String($0), $1) }
        }
    }

    /// The literal pieces around the expansions of one segment (`${STAGE}.env` -> ["", ".env"]).
    static func pieces(of segment: Substring) -> [String] {
        var out: [String] = []
        var current = ""
        var i = segment.startIndex
        while i < segment.endIndex {
            let c = segment[i]
            guard c == "$" else { current.append(c); i = segment.index(after: i); continue }
            let next = segment.index(after: i)
            out.append(current)
            current = ""
            if next < segment.endIndex, segment[next] == "{" || segment[next] == "(" {
                let (open, close): (Character, Character) = segment[next] == "{" ? ("{", "}") : ("(", ")")
                var depth = 0
                var j = next
                while j < segment.endIndex {
                    if segment[j] == open { depth += 1 } else if segment[j] == close { depth -= 1; if depth == 0 { break } }
                    j = segment.index(after: j)
                }
                i = j < segment.endIndex ? segment.index(after: j) : j
            } else {
                var j = next
                while j < segment.endIndex, segment[j] == "_" || segment[j].isLetter || segment[j].isNumber { j = segment.index(after: j) }
                i = j
            }
        }
        out.append(current)
        return out
    }

    /// Whether `name` is the pieces with any text (at least one character) between them.
    static func matches(_ name: String, _ pieces: [String]) -> Bool {
        guard pieces.count > 1 else { return name == pieces.first ?? "" }
        guard name.hasPrefix(pieces[0]), name.hasSuffix(pieces[pieces.count - 1]),
              name.count > pieces[0].count + pieces[pieces.count - 1].count else { return false }
        var rest = Substring(name.dropFirst(pieces[0].count).dropLast(pieces[pieces.count - 1].count))
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let r = rest.range(of: piece) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }
}
