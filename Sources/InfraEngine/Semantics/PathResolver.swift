import ShellReader

/// Every path one script names (sourced, applied, run, written), resolved to repository
/// paths the way bash would find them (issue 12 item 5): relative to the script's folder when
/// built from it (`$(dirname "$0")`, `${BASH_SOURCE[0]%/*}`, a variable holding either or a
/// folder under it, `$(cd "$(dirname "$0")/.." && pwd)`), else from the working folder, which
/// a top-level `cd` earlier in the script changes.
///
/// Operands that are no repository file are told apart: URLs (`http(s)://`, `gs://`,
/// `s3://`, `oci://`), `-` (stdin), `/dev/...`, and files the script writes itself before it
/// reads them (`> out.yaml`, `envsubst ... > x`, `cat <<EOF > x`, `tee x`, `-o x`).
public struct PathResolver: Sendable {
    public let file: ShellFile
    /// The script's folder (repository path, "" at the root).
    public let folder: String
    /// Variables holding a known repository folder (`ROOT`, `SCRIPT_DIR`, `out`).
    public let folders: [String: String]
    /// The working folder after each top-level `cd` (line, folder; nil when unknown).
    let cds: [(line: Int, dir: String?)]
    /// Paths the script writes, by the line that writes them: as written and resolved.
    let written: [(line: Int, text: String, paths: [String])]

    /// The resolver of `file`, shared by every rule and view of the plan while the file keeps
    /// its text (it reads nothing else): no rule keeps its own copy.
    public static func of(_ file: ShellFile, in reality: RepoReality) -> PathResolver {
        reality.cache.derived("path-resolver", path: file.path, from: file.script.text) { PathResolver(file) }
    }

    public init(_ file: ShellFile) {
        self.file = file
        let script = file.script
        let folder = parentFolder(file.path)
        self.folder = folder
        var folders: [String: String] = [:]
        for v in ScriptPaths.scriptDirVariables(in: script) { folders[v] = folder }
        // In script order, so `out="$ROOT/rendered"` after `ROOT=...` chains.
        for a in script.assignments where a.enclosing.isEmpty || a.enclosing.allSatisfy(\.isFunction) {
            guard let value = a.value?.unquotedText else { continue }
            if let dir = Self.folderOfScript(value, folder: folder) ?? Self.resolveFolders(value, folder: folder, folders: folders).first {
                if folders[a.name] == nil || a.enclosing.isEmpty { folders[a.name] = dir }
            }
        }
        self.folders = folders
        var cds: [(Int, String?)] = []
        for cmd in script.commands where cmd.name == "cd" && cmd.enclosing.isEmpty {
            let dir = cmd.arguments.first.flatMap { Self.resolveFolders($0.unquotedText, folder: folder, folders: folders).first }
            cds.append((cmd.startLine, dir))
        }
        self.cds = cds
        var written: [(Int, String, [String])] = []
        for cmd in script.commands {
            for target in Self.writtenWords(cmd) {
                let text = target.unquotedText
                written.append((cmd.startLine, text, Self.resolveFolders(text, folder: folder, folders: folders)))
            }
        }
        self.written = written
    }

    private static let nonFileSchemes = ["http://", "https://", "gs://", "s3://", "oci://", "git://", "ssh://", "file://", "git@"]

    /// URLs, stdin and devices: operands that never name a repository file.
    public static func isNonFile(_ text: String) -> Bool {
        if text == "-" || text.hasPrefix("/dev/") || text.hasPrefix("/proc/") { return true }
        // Every scheme has a `:` or `@` in its first eight bytes: most words (paths) are
        // answered without the lowercased copy.
        guard text.utf8.prefix(8).contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") }) else { return false }
        let lower = text.lowercased()
        return nonFileSchemes.contains { lower.hasPrefix($0) }
    }

    /// The working folder at `line`: nil when a `cd` to an unknown place came first;
    /// `.some(nil)` when no `cd` did (then the script's folder and the root are both tried).
    public func cwd(at line: Int) -> String?? {
        guard let last = cds.last(where: { $0.line < line }) else { return .some(nil) }
        return last.dir.map { .some($0) } ?? nil
    }

    /// Repository paths `text` (a word's unquoted text) may mean at `line`; empty when it is
    /// no file (`isNonFile`) or depends on something unknown.
    public func resolve(_ text: String, at line: Int) -> [String] {
        if Self.isNonFile(text) { return [] }
        guard let cwd = cwd(at: line) else { return [] }
        return Self.resolveFolders(text, folder: folder, folders: folders, cwd: cwd)
    }

    /// Whether the script writes `text` (or one of `candidates`) before `line`.
    public func isWritten(_ text: String, candidates: [String], before line: Int) -> Bool {
        written.contains { w in
            w.line <= line && (w.text == text || !Set(w.paths).isDisjoint(with: candidates))
        }
    }

    /// Words a command writes to: `>`/`>>`/`>|` targets, `tee FILE`, `-o FILE`/`--output FILE`
    /// (curl, helm, kustomize), `cp SRC DEST`'s destination.
    static func writtenWords(_ cmd: ShellCommand) -> [ShellWord] {
        var out = cmd.redirections.compactMap { r -> ShellWord? in
            guard [">", ">>", ">|", "&>", "&>>"].contains(r.op), r.fd == nil || r.fd == "1" || r.op.hasPrefix("&") else { return nil }
            return r.target
        }
        let args = cmd.arguments
        switch cmd.name {
        case "tee": out += args.filter { !$0.unquotedText.hasPrefix("-") }
        case "cp", "mv", "install": if let last = args.last, args.count >= 2 { out.append(last) }
        default:
            for (i, a) in args.enumerated() where ["-o", "--output", "--output-file"].contains(a.unquotedText) && i + 1 < args.count {
                out.append(args[i + 1])
            }
        }
        return out
    }

    /// `$(cd "$(dirname "$0")/.." && pwd)` and friends -> the folder they name.
    public static func folderOfScript(_ value: String, folder: String) -> String? {
        for spelling in ScriptPaths.scriptDirSpellings where value == spelling { return folder }
        for head in ["$(cd \"$(dirname \"$0\")", "$(cd \"$(dirname \"${BASH_SOURCE[0]}\")", "$(cd \"${BASH_SOURCE[0]%/*}"] {
            guard value.hasPrefix(head), value.hasSuffix("\" && pwd)") else { continue }
            let rel = value.dropFirst(head.count).dropLast("\" && pwd)".count)
            return joinPath(folder, "." + rel)
        }
        return nil
    }

    /// Repository paths `text` may mean, from the script's `folder`, the known `folders`
    /// and the working folder (`cwd`; nil: the script's folder, then the root).
    static func resolveFolders(_ text: String, folder: String, folders: [String: String], cwd: String? = nil) -> [String] {
        if isNonFile(text) { return [] }
        // The rest of a path after a known folder must be static: `$TASKS/$t.sh` names no one file.
        func under(_ dir: String, _ rest: Substring) -> [String] {
            if rest.contains("$") || rest.contains("`") || rest.contains("*") || rest.contains("?") { return [] }
            return joinPath(dir, "." + rest).map { [$0] } ?? []
        }
        for spelling in ScriptPaths.scriptDirSpellings where text.hasPrefix(spelling) {
            return under(folder, text.dropFirst(spelling.count))
        }
        if let dir = folderOfScript(text, folder: folder) { return [dir] }
        for (name, dir) in folders.sorted(by: { $0.key < $1.key }) {
            for spelling in ["${\(name)}", "$\(name)"] {
                if text == spelling { return [dir] }
                if text.hasPrefix(spelling + "/") { return under(dir, text.dropFirst(spelling.count)) }
            }
        }
        if text.contains("$") || text.contains("`") || text.hasPrefix("/") || text.hasPrefix("~") || text.isEmpty { return [] }
        let bases = cwd.map { [$0] } ?? [folder, ""]
        var out: [String] = []
        for b in bases { if let p = joinPath(b, text), !out.contains(p) { out.append(p) } }
        return out
    }
}
