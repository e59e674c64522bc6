import Foundation
import ShellReader

/// Folders that docs or scripts tell people to write keys into (`gcloud iam
/// service-accounts keys create ./credentials/x.json`, `openssl genrsa -out`, `ssh-keygen
/// -f`, `age-keygen -o`): when git does not ignore them, the next `git add -A` commits the
/// key. The fix ignores the folder (or the file, where the folder holds tracked files).
enum KeyFolders {
    struct Target {
        let source: String
        let line: Int
        /// The repository path the key is written to.
        let path: String
        /// What to ignore: `/folder/` or `/path`.
        let pattern: String
    }

    /// The path operand of a key-writing command, by its words (the program first).
    static func keyPath(_ words: [String]) -> String? {
        guard let program = words.first.map({ String(fileName($0)) }) else { return nil }
        func after(_ flags: Set<String>) -> String? {
            for (i, w) in words.enumerated() where flags.contains(w) && i + 1 < words.count { return words[i + 1] }
            return nil
        }
        switch program {
        case "gcloud":
            // Only a service account's key is written to a file: `gcloud iam service-accounts
            // keys create OUTPUT-FILE`. `gcloud kms keys create NAME` (and any other group's
            // `keys create`) names a key held by the service, never a file.
            guard let accounts = words.firstIndex(of: "service-accounts"), accounts + 2 < words.count,
                  words[accounts + 1] == "keys", words[accounts + 2] == "create" else { return nil }
            var i = accounts + 3
            while i < words.count {
                let w = words[i]
                if !w.hasPrefix("-") { return isPathLike(w) ? w : nil }
                // `--iam-account SA` takes the next word as its value; `--flag=value` does not.
                i += !w.contains("=") && gcloudValueFlags.contains(w) ? 2 : 1
            }
            return nil
        case "openssl":
            guard words.count > 1, ["genrsa", "genpkey", "req", "ecparam"].contains(words[1]) else { return nil }
            return after(["-keyout"]) ?? (words[1] == "req" ? nil : after(["-out"]))
        case "ssh-keygen": return words.contains("-y") ? nil : after(["-f"])
        case "age-keygen": return after(["-o"])
        default: return nil
        }
    }

    static let programs: Set<String> = ["gcloud", "openssl", "ssh-keygen", "age-keygen"]

    /// Whether a command word names one of `programs` (by its file name): asked of every
    /// command of every task version, so a word whose length or first byte rules it out is
    /// answered without building and hashing a string.
    static func isKeyProgram(_ word: String) -> Bool {
        let name = fileName(word)
        guard let first = name.utf8.first, [6, 7, 10].contains(name.utf8.count),
              first == UInt8(ascii: "g") || first == UInt8(ascii: "o") || first == UInt8(ascii: "s") || first == UInt8(ascii: "a")
        else { return false }
        return programs.contains(String(name))
    }

    /// gcloud flags of `iam service-accounts keys create` (and global ones) that take the next word as their value.
    static let gcloudValueFlags: Set<String> = [
        "--iam-account", "--key-file-type", "--project", "--account", "--configuration", "--format", "--verbosity",
        "--impersonate-service-account", "--billing-project", "--flags-file", "--trace-token",
    ]

    /// Whether an operand can name a file: not a shell operator, a Markdown table's `|` or
    /// other punctuation alone (a doc line's words are split on blanks, so a table cell's
    /// border is a word of its own).
    static func isPathLike(_ word: String) -> Bool {
        word.contains { $0.isLetter || $0.isNumber || $0 == "$" }
            && !["|", "||", "&&", ";", "&", "|&", ">", ">>", "<"].contains(word)
    }

    /// The commands of a doc line that run a key-writing program, each as its words: where the
    /// line has inline code spans, each span holding a program (a span ends its command:
    /// `` `gcloud ... create` | `` in a table names no file); else the line from the program
    /// up to the first table border or shell operator.
    static func commandWords(_ line: String) -> [[String]] {
        func words(_ text: Substring) -> [String] {
            text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "`\"'")) }
        }
        let pieces = line.split(separator: "`", omittingEmptySubsequences: false)
        // Odd pieces are inside backticks (the last one only when a span closes before it).
        let spans = pieces.enumerated().filter { $0.offset % 2 == 1 && $0.offset < pieces.count - 1 }.map { words($0.element) }
        let inSpans = spans.compactMap { w in w.firstIndex(where: isKeyProgram).map { Array(w[$0...]) } }
        if !inSpans.isEmpty { return inSpans }
        let all = words(Substring(line))
        guard let first = all.firstIndex(where: programs.contains) else { return [] }
        let rest = all[first...]
        let end = rest.firstIndex { ["|", "||", "&&", ";", "&", "|&"].contains($0) } ?? rest.endIndex
        return [Array(rest[..<end])]
    }

    /// Every doc line (continuations joined) that runs a key-writing program, from that
    /// program's word on: fenced, indented or inline, as people copy them all.
    static func docCommandLines(_ text: String) -> [(line: Int, words: [String])] {
        var out: [(line: Int, words: [String])] = []
        var pending = ""
        var start = 0
        for (i, raw) in text.newlineSeparatedLines.enumerated() {
            let line = raw.trimmingWhitespace()
            if pending.isEmpty { start = i + 1 }
            if line.hasSuffix("\\") { pending += line.dropLast() + " "; continue }
            let joined = pending + line
            pending = ""
            guard programs.contains(where: { joined.contains($0) }) else { continue }
            for words in commandWords(joined) { out.append((start, words)) }
        }
        return out
    }

    static func targets(in reality: RepoReality) -> [Target] {
        let snapshot = reality.snapshot
        let ignore = GitIgnore(text: snapshot.text(".gitignore"))
        var out: [Target] = []
        // How many (tracked) files each folder holds, its subfolders' included: made on the
        // first target, for whether a folder holds files besides the key (a scan of every
        // path per target was quadratic on a tree where a thousand tasks write keys).
        var filesUnder: [String: Int]?
        func holdsFiles(_ folder: String, besides path: String) -> Bool {
            if filesUnder == nil {
                var counts: [String: Int] = [:]
                for p in snapshot.tracked.map(Array.init) ?? snapshot.allPaths {
                    var f = parentFolder(p)
                    while !f.isEmpty { counts[f, default: 0] += 1; f = parentFolder(f) }
                }
                filesUnder = counts
            }
            let isOne = snapshot.tracked.map { $0.contains(path) } ?? (snapshot.files[path] != nil)
            return filesUnder![folder, default: 0] > (isOne ? 1 : 0)
        }
        func add(_ source: String, _ line: Int, _ path: String?) {
            guard let path, !ignore.covers(path), !out.contains(where: { $0.path == path }) else { return }
            let folder = parentFolder(path)
            let folderHoldsFiles = !folder.isEmpty && holdsFiles(folder, besides: path)
            let pattern = folder.isEmpty || folderHoldsFiles || reality.layout.infraDir == folder ? "/" + path : "/" + folder + "/"
            out.append(Target(source: source, line: line, path: path, pattern: pattern))
        }
        // What each file writes is read from its text alone: once per text for the plan run
        // (the findings and the operations ask on every view, of a thousand tasks).
        for doc in reality.docs {
            for (line, words) in reality.cache.derived("key-doc-lines", path: doc.path, from: doc.text, { docCommandLines(doc.text) }) {
                guard let raw = keyPath(words), !raw.contains("$"), !raw.hasPrefix("/"), !raw.hasPrefix("~") else { continue }
                // Docs say "from the repository root"; a relative path is taken from there.
                add(doc.path, line, joinPath("", raw))
            }
        }
        for file in reality.tasks + reality.libraries + reality.otherScripts {
            let writes = reality.cache.derived("key-writes", path: file.path, from: file.script.text) {
                // Only a command whose first word is a key-writing program is read whole.
                file.script.commands.compactMap { cmd -> (line: Int, raw: String)? in
                    guard let first = cmd.words.first, isKeyProgram(first.unquotedText) else { return nil }
                    return keyPath(cmd.words.map(\.unquotedText)).map { (line: cmd.startLine, raw: $0) }
                }
            }
            guard !writes.isEmpty else { continue }
            let paths = PathResolver.of(file, in: reality)
            for (line, raw) in writes {
                let resolved = paths.resolve(raw, at: line)
                add(file.path, line, resolved.count == 1 ? resolved[0] : nil)
            }
        }
        return out
    }

    static func findings(in reality: RepoReality, rule: String) -> [Finding] {
        targets(in: reality).map { t in
            Finding(rule: rule, key: "key-folder-\(t.pattern)", severity: .error, file: t.source, line: t.line,
                    message: "has people write a key to \(t.path), which .gitignore does not cover: the next `git add -A` commits it")
        }
    }

    static func draft(in reality: RepoReality, context: RuleContext) -> (draft: OperationDraft, ignores: [SecretFileFix.Ignore])? {
        let targets = targets(in: reality)
        guard !targets.isEmpty else { return nil }
        let patterns = targets.map(\.pattern)
        let draft = OperationDraft(
            id: "secrets-ignore-key-folders",
            title: "Ignore where keys are written: \(patterns.joined(separator: ", "))",
            risk: .low,
            rationale: targets.map { "\($0.source):\($0.line) writes a key to \($0.path)" }.joined(separator: "; ")
                + ". Git does not ignore it, so the next `git add -A` would commit the key. The steps themselves stay as they are.",
            findings: targets.map { "secrets:\($0.source):key-folder-\($0.pattern)" }.sorted(),
            preconditions: ["no key under \(patterns.joined(separator: ", ")) is committed yet (else the secrets operation for it comes first)"],
            commands: targets.map { "git check-ignore \($0.path)" },
            expectedOutputs: ["each path is printed: git ignores it"],
            edits: [:])
        return (draft, targets.map { ($0.pattern, "Keys written by \($0.source) (line \($0.line)); kept out of git by infra-tui") })
    }
}
