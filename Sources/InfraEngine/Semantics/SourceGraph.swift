import ShellReader

/// One `source FILE` / `. FILE` a script runs (or `export $(grep ... FILE | xargs)`), resolved
/// to a repository path.
///
/// Shape: the command's line, the repository path it names (nil when it cannot be resolved
/// statically), how the path is anchored, and what kind of file it is.
public struct SourcedFile: Sendable, Equatable {
    /// How bash finds the file: a path built from the script's own folder (`$(dirname "$0")`,
    /// `${BASH_SOURCE[0]%/*}`, a variable holding either) works from any working folder; a
    /// bare relative path is looked up from the caller's working folder (bash's `source`
    /// searches `$PWD`, then `$PATH` only when the name has no slash, per the bash manual,
    /// "Bourne Shell Builtins").
    public enum Anchor: Sendable, Equatable {
        case scriptFolder
        case workingFolder
        case absolute
        /// Built from something only known at run time (an argument, `$HOME`).
        case unknown
    }

    /// A helpers library (defines functions) or an env file (only assigns variables).
    public enum Kind: Sendable, Equatable {
        case script
        case envFile
    }

    public let line: Int
    public let path: String?
    public let anchor: Anchor
    public let kind: Kind
    /// The command as written, for evidence.
    public let text: String

    public init(line: Int, path: String?, anchor: Anchor, kind: Kind, text: String) {
        self.line = line
        self.path = path
        self.anchor = anchor
        self.kind = kind
        self.text = text
    }
}

/// What a script sources, followed transitively, as bash would: the files in the order they
/// are first sourced, each parsed once through the view's `ScriptCache`.
///
/// Every rule asks this type instead of resolving `source` lines itself.
public enum SourceGraph {
    /// The script-anchored paths of one file (memoized per view).
    public static func folderPaths(of file: ShellFile, in reality: RepoReality) -> ScriptFolderPaths {
        // From the file's text alone: shared by every view while the text is the same.
        reality.cache.derived("folder-paths", path: file.path, from: file.script.text) { ScriptFolderPaths(file) }
    }

    /// The `source`/`.` commands of one script and the env files it loads with
    /// `export $(grep ... FILE | xargs)`, resolved against the tree of `reality`.
    public static func sources(of file: ShellFile, in reality: RepoReality) -> [SourcedFile] {
        reality.inView("sources", file) {
            // Shared by every view whose answers to what `find` asks are the same.
            reality.cache.derived("source-lists", path: file.path, from: file.script.text) { SourceListVersions() }
                .list(in: reality) { find(file, reality, $0) }
        }
    }

    /// Reads the tree only through `probes`.
    private static func find(_ file: ShellFile, _ reality: RepoReality, _ probes: SourceProbes) -> [SourcedFile] {
        let paths = folderPaths(of: file, in: reality)
        var out: [SourcedFile] = []
        for command in file.script.commands {
            let word: ShellWord?
            if command.name == "source" || command.name == "." {
                word = command.arguments.first
            } else if command.name == "export", command.arguments.contains(where: { $0.raw.hasPrefix("$(") || $0.raw.hasPrefix("\"$(") }) {
                word = exportedFile(command, in: file.script)
            } else {
                word = nil
            }
            guard let word else { continue }
            let text = word.unquotedText
            var path: String?
            let anchor: SourcedFile.Anchor
            if let resolved = paths.resolve(text) {
                path = resolved
                anchor = .scriptFolder
            } else if text.hasPrefix("/") {
                anchor = .absolute
            } else if word.literal != nil {
                anchor = .workingFolder
                // A git-ignored env file is not in a fresh clone (nor in the tree once a plan
                // untracks it), but its committed template (`.env.example`) says where it goes:
                // the path is the same with the person's copy on disk or without it.
                path = workingFolderPath(text, from: file.path) { p in
                    probes.exists(p) || EnvFiles.templateSuffixes.contains { probes.exists(p + $0) }
                }
            } else if let pattern = workingFolderPattern(text, from: file.path, exists: probes.exists) {
                // `. "envs/$ENV.sh"`: one of the files the pattern names (`SourcedCandidates`).
                anchor = .workingFolder
                path = pattern
            } else {
                anchor = .unknown
            }
            let forcedEnv = command.name == "export"
            // A file no tree holds that an earlier task writes `NAME=` lines into (`echo "IP=$ip" > "$STATE"`)
            // is run state handed from task to task: sourcing it loads those names.
            let written = path.map { !fileName($0).hasSuffix(".sh") && probes.text($0) == nil && probes.writtenEnv($0) } ?? false
            let kind: SourcedFile.Kind = forcedEnv || written || isEnvFile(path ?? text, text: probes.text, cache: reality.cache) ? .envFile : .script
            out.append(SourcedFile(line: command.startLine, path: path, anchor: anchor, kind: kind,
                                   text: command.words.map(\.raw).joined(separator: " ")))
        }
        return out
    }

    /// A caller-relative path: the folder it exists from, trying the repository root (the
    /// documented place to run from), then the script's folder and each folder above it.
    public static func workingFolderPath(_ text: String, from scriptPath: String, in reality: RepoReality) -> String? {
        workingFolderPath(text, from: scriptPath) { reality.snapshot.files[$0] != nil || reality.isFolder($0) }
    }

    /// `exists`: whether a path is a file or folder of the tree.
    static func workingFolderPath(_ text: String, from scriptPath: String, exists: (String) -> Bool) -> String? {
        for folder in candidateFolders(of: scriptPath) {
            if let p = joinPath(folder, text), exists(p) { return p }
        }
        return joinPath(parentFolder(scriptPath), text)
    }

    /// A caller-relative path with an expansion after a literal folder (`envs/$ENV.sh`): joined
    /// to the first candidate folder (`candidateFolders`) where that folder exists; nil otherwise.
    static func workingFolderPattern(_ text: String, from scriptPath: String, exists: (String) -> Bool) -> String? {
        let segments = text.split(separator: "/", omittingEmptySubsequences: false)
        guard !text.hasPrefix("/"), !text.hasPrefix("$"), let variable = segments.firstIndex(where: { $0.contains("$") }),
              variable > 0, !segments[..<variable].contains(where: { $0.contains("`") }) else { return nil }
        let folder = segments[..<variable].joined(separator: "/")
        for base in candidateFolders(of: scriptPath) {
            if let p = joinPath(base, folder), exists(p) { return joinPath(base, text) }
        }
        return nil
    }

    /// The repository root, then the script's folder and its parents, nearest first.
    static func candidateFolders(of scriptPath: String) -> [String] {
        var out = [""]
        var folder = parentFolder(scriptPath)
        while !folder.isEmpty {
            out.insert(folder, at: 1)
            folder = parentFolder(folder)
        }
        return [""] + out.dropFirst().reversed().reversed()
    }

    /// `export $(grep -v '^#' .env | xargs)`: the file the substitution reads.
    private static func exportedFile(_ export: ShellCommand, in script: ShellScript) -> ShellWord? {
        let readers = script.commands.filter { cmd in
            cmd.startLine == export.startLine && cmd.startOffset > export.startOffset && cmd.endOffset <= export.endOffset
                && ["grep", "cat", "sed", "egrep"].contains(cmd.name ?? "")
        }
        for reader in readers {
            let operands = reader.arguments.filter { !($0.literal ?? "").hasPrefix("-") }
            if let last = operands.last, reader.name == "cat" || operands.count >= 2 { return last }
        }
        return nil
    }

    /// The scripts `file` sources, directly or through what it sources, in first-sourced
    /// order, without `file` itself and without env files. Cycles are followed once.
    public static func closure(of file: ShellFile, in reality: RepoReality) -> [ShellFile] {
        reality.inView("source-closure", file) {
            var seen: Set<String> = [file.path]
            var out: [ShellFile] = []
            func visit(_ f: ShellFile) {
                for sourced in sources(of: f, in: reality) where sourced.kind == .script {
                    guard let path = sourced.path, !seen.contains(path), let parsed = reality.shellFile(at: path) else { continue }
                    seen.insert(path)
                    out.append(parsed)
                    visit(parsed)
                }
            }
            visit(file)
            return out
        }
    }

    /// `.env`, `*.env`, `.env.*`, `config.env`, `*.env.example`...: files that only assign.
    static func isEnvFileName(_ path: String) -> Bool {
        let name = fileName(path)
        return name == ".env" || name.hasPrefix(".env.") || name.hasSuffix(".env") || name.contains(".env.")
    }

    /// An env-file name, or an existing file that assigns and defines no function.
    /// `text`: a path's text in the tree.
    static func isEnvFile(_ path: String, text: (String) -> String?, cache: ScriptCache) -> Bool {
        if isEnvFileName(path) { return true }
        guard !fileName(path).hasSuffix(".sh"), let text = text(path) else { return false }
        let script = cache.script(path: path, text: text)
        return script.functions.isEmpty && !script.assignments.isEmpty
            && script.commands.allSatisfy { $0.name == nil || $0.name == "export" }
    }
}

extension RepoReality {
    /// Any shell file of this view (task, library, runner or a file only reached by `source`),
    /// parsed through the shared cache; nil when the path holds no text.
    public func shellFile(at path: String) -> ShellFile? {
        let known = scriptsByPath
        if let file = known[path] { return file }
        guard let text = snapshot.text(path) else { return nil }
        return ShellFile(path: path, script: cache.script(path: path, text: text))
    }

    /// Whether some file of the view is under `path/`.
    func isFolder(_ path: String) -> Bool {
        let prefix = path + "/"
        return memo.value("folders") { () -> Set<String> in
            var out: Set<String> = []
            for p in allPaths {
                var f = parentFolder(p)
                while !f.isEmpty, out.insert(f).inserted { f = parentFolder(f) }
            }
            return out
        }.contains(String(prefix.dropLast()))
    }
}
