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

    /// Files the tasks write with a redirection, and the `NAME=` names written into them.
    private static func writers(in reality: RepoReality) -> [String: EnvFileNames] {
        reality.memo.value("env-file-writers") {
            var out: [String: EnvFileNames] = [:]
            for task in reality.tasks {
                let paths = SourceGraph.folderPaths(of: task, in: reality)
                for command in task.script.commands {
                    for r in command.redirections where r.op == ">" || r.op == ">>" {
                        guard let target = r.target, let path = paths.resolve(target.unquotedText) else { continue }
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
