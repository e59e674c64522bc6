import ShellReader

/// The line that stops a script before it reads a file that is not there (issue 13, item 4):
/// - the library's own die helper (`die`, `fail`, `_bail`...) when the script sources the
///   library, or the script's own when it defines one;
/// - otherwise self-contained: `{ echo "..." >&2; exit 1; }`, which needs nothing.
///
/// The message names the path as the script reads it, and the template to copy when one
/// sits beside it (`env/db.env.example`).
enum GuardText {
    static let templateSuffixes = [".example", ".sample", ".template", ".dist", ".tmpl"]

    /// `[ -f PATH ] || STOP` for `word` (as written), `test` being `-f` or `-d`.
    /// - Parameters:
    ///   - readAs: the path for the message, as the script reads it (`env/db.env`)
    ///   - candidates: repository paths it may mean, for finding a template beside it
    static func line(file: ShellFile, reality: RepoReality, test: String, word: ShellWord, readAs: String,
                     candidates: [String]) -> String {
        let suffix = templateSuffixes.first { suffix in candidates.contains { reality.snapshot.exists($0 + suffix) } }
        let message = suffix.map { "\(readAs) is missing: copy \(readAs)\($0) and edit it" } ?? "\(readAs) is missing"
        let stop = dieHelper(of: file, reality: reality).map { "\($0) \"\(message)\"" }
            ?? "{ echo \"\(message)\" >&2; exit 1; }"
        return "[ \(test) \(word.raw) ] || \(stop)"
    }

    /// The die helper `file` can call: one it defines itself, else the library's when it
    /// sources a library that has one; nil when it has none.
    static func dieHelper(of file: ShellFile, reality: RepoReality) -> String? {
        if let own = file.script.functions.first(where: { $0.enclosing.isEmpty && LibraryVocabulary.dies($0, in: file.script) }) { return own.name }
        let libraries = reality.libraries.filter { lib in
            file.script.sources.contains { cmd in
                guard let arg = cmd.arguments.first else { return false }
                if let resolved = ScriptPaths.resolve(arg, from: file.path), resolved == lib.path { return true }
                return arg.unquotedText.hasSuffix("/" + fileName(lib.path))
            }
        }
        return LibraryVocabulary(libraries: libraries).die
    }
}
