import ShellReader

/// Where a credential goes instead of the repository: an environment variable, validated up
/// front by the task that needs it and on the entrypoint's required list (through
/// `RequiredEnvironment`, as the variables rule does), so a run without it stops before any
/// task and names it.
enum SecretEnvironment {
    /// Words that say "credential" or "setting" in a key path but not whose credential it is.
    static let genericWords: Set<String> = ["init", "auth", "user", "users", "credential", "credentials", "config", "secret",
                                            "secrets", "settings", "global", "values", "data", "env", "string", "literal"]

    /// `BI_ADMIN_PASSWORD` from owner `bi` and key `init.adminUser.password`; `WIKI_DB_PASSWORD`
    /// from owner `wiki-db` and key `password`. The key's last word (the credential) is kept;
    /// generic words before it and repeated words are dropped.
    static func variableName(owner: String?, key: String) -> String {
        let keyWords = SecretPlaceholder.words(key)
        var words = (owner.map(SecretPlaceholder.words) ?? [])
        for (i, w) in keyWords.enumerated() where i == keyWords.count - 1 || !genericWords.contains(w) { words.append(w) }
        var seen: Set<String> = []
        let kept = words.filter { seen.insert($0).inserted }
        let name = kept.joined(separator: "_").uppercased()
        guard let first = name.unicodeScalars.first, first >= "A" && first <= "Z" else { return "SECRET_" + name }
        return name
    }

    /// `: "${NAME:?...}"`: stops the task with a message naming the variable when it is unset or empty.
    static func validationLine(_ name: String) -> String {
        ": \"${\(name):?export \(name) (a new value: the one committed before is compromised)}\""
    }

    /// `text` with a validation line for each of `names` the script does not validate yet,
    /// after its top-level strict-mode `set` line (or its shebang and header comments).
    static func validating(_ names: [String], in text: String, path: String) -> String {
        let script = ShellReader.read(text)
        let validated = Set(RequiredEnvironment.fileUses(ShellFile(path: path, script: script)).filter(\.validated).map(\.name))
        let missing = names.filter { !validated.contains($0) }
        guard !missing.isEmpty else { return text }
        var after = 0
        if let set = script.commands.first(where: { $0.name == "set" && $0.enclosing.isEmpty && $0.arguments.first?.literal?.hasPrefix("-") == true }) {
            after = set.endLine
        } else {
            for (i, line) in script.lines.enumerated() {
                let t = line.trimmingWhitespace()
                guard t.hasPrefix("#") || t.isEmpty else { break }
                after = i + 1
            }
        }
        var editor = LineEditor(text)
        editor.insert(missing.map(validationLine), after: after)
        return editor.text()
    }

    /// Records a rewritten task in `tree` and `required`; returns the edits: the task's and,
    /// when its new validations change the entrypoint's required list, the entrypoint's.
    static func record(_ path: String, text: String, reality: RepoReality, tree: inout RepoSnapshot,
                       required counted: inout RequiredEnvironment.Tally?, rewrite: Bool) -> [String: FileEdit] {
        let mode = tree[path]?.mode ?? .executable
        var required = counted ?? RequiredEnvironment.Tally(reality)
        defer { counted = required }
        tree.write(path, RepoFile(text: text, mode: mode))
        required.update(path, script: reality.cache.script(path: path, text: text))
        var edits: [String: FileEdit] = [path: rewrite ? .rewrite(text, mode: mode) : .write(text, mode: mode)]
        if let fixed = EntrypointConformance.repairedList(in: tree, reality: reality, required: required.list) {
            edits[fixed.path] = .write(fixed.text, mode: .executable)
            tree.write(fixed.path, RepoFile(text: fixed.text, mode: .executable))
            required.updateEntrypoint(reality.cache.script(path: fixed.path, text: fixed.text))
        }
        return edits
    }
}
