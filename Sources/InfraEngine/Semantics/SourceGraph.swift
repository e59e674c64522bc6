import ShellReader

/// One `source FILE` / `. FILE` a script runs, resolved to a repository path.
///
/// Shape: the command's line, the repository path it names (nil when it cannot be
/// resolved statically), how the path is anchored, and what kind of file it is.
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
/// Owned by the variables/sourcing work of issue 12 (sourcing, env files); every rule asks
/// this type instead of resolving `source` lines itself.
public enum SourceGraph {
    /// The `source`/`.` commands of one script, resolved against the tree of `reality`.
    public static func sources(of file: ShellFile, in reality: RepoReality) -> [SourcedFile] {
        let dirVariables = ScriptPaths.scriptDirVariables(in: file.script)
        return file.script.sources.compactMap { command -> SourcedFile? in
            guard let word = command.arguments.first else { return nil }
            let text = word.unquotedText
            let anchoredToScript = ScriptPaths.scriptDirSpellings.contains { text.hasPrefix($0) }
                || dirVariables.contains { text.hasPrefix("$\($0)/") || text.hasPrefix("${\($0)}/") }
            let anchor: SourcedFile.Anchor = text.hasPrefix("/") ? .absolute : (anchoredToScript ? .scriptFolder : .workingFolder)
            var path = ScriptPaths.resolve(word, from: file.path, scriptDirVariables: dirVariables)
            if let p = path, reality.snapshot.files[p] == nil, anchor == .workingFolder, word.literal != nil {
                // A bare relative path: bash looks in the caller's folder; the repo root is the
                // documented place to run from when the script's own folder has no such file.
                let fromRoot = joinPath("", text)
                if let fromRoot, reality.snapshot.files[fromRoot] != nil { path = fromRoot }
            }
            let kind: SourcedFile.Kind = (path.map(isEnvFileName) ?? isEnvFileName(text)) ? .envFile : .script
            return SourcedFile(line: command.startLine, path: path, anchor: anchor, kind: kind,
                               text: command.words.map(\.raw).joined(separator: " "))
        }
    }

    /// The scripts `file` sources, directly or through what it sources, in first-sourced
    /// order, without `file` itself and without env files. Cycles are followed once.
    public static func closure(of file: ShellFile, in reality: RepoReality) -> [ShellFile] {
        reality.memo.value("source-closure\u{0}\(file.path)") {
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
}

extension RepoReality {
    /// Any shell file of this view (task, library, runner or a file only reached by `source`),
    /// parsed through the shared cache; nil when the path holds no text.
    public func shellFile(at path: String) -> ShellFile? {
        if let known = allScripts.first(where: { $0.path == path }) { return known }
        guard let text = snapshot.text(path) else { return nil }
        return ShellFile(path: path, script: cache.script(path: path, text: text))
    }
}
