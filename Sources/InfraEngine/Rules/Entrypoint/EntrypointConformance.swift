/// Checks an existing entrypoint. One infra-tui wrote is only kept in step (its required
/// environment); a hand-written one is reported where it lacks what the canonical one offers.
enum EntrypointConformance {
    struct Problem { let key: String; let line: Int; let message: String }

    static func isManaged(_ entry: ShellFile) -> Bool { entry.script.text.contains(EntrypointScript.marker) }

    static func problems(_ entry: ShellFile, reality: RepoReality) -> [Problem] {
        let text = entry.script.text
        if isManaged(entry) {
            let required = RequiredEnvironment.required(in: reality)
            let expected = EntrypointScript.requiredEnvLine(required)
            guard let (line, current) = requiredEnvLine(entry) else {
                return [Problem(key: "required-env", line: 1, message: "has no REQUIRED_ENV list to check before tasks run")]
            }
            if current != expected {
                return [Problem(key: "required-env", line: line,
                                message: "checks \(current) but the tasks need \(expected)")]
            }
            return []
        }
        var out: [Problem] = []
        for flag in ["--list", "--only", "--from", "--dry-run"] where !text.contains(flag) {
            out.append(Problem(key: "flag\(flag)", line: 1, message: "offers no \(flag)"))
        }
        if !entry.script.strictMode.isStrict {
            out.append(Problem(key: "strict", line: entry.script.strictMode.line ?? 1, message: "runs without `set -euo pipefail`"))
        }
        if !text.contains("logs") {
            out.append(Problem(key: "logs", line: 1, message: "logs nothing to \(reality.layout.logsDir)/"))
        }
        return out
    }

    /// New content for the entrypoint, or nil when it conforms.
    static func repaired(_ entry: ShellFile, reality: RepoReality, required: [String]) -> String? {
        if isManaged(entry) {
            guard let (line, current) = requiredEnvLine(entry) else { return nil }
            let expected = EntrypointScript.requiredEnvLine(required)
            guard current != expected else { return nil }
            var editor = LineEditor(entry.script.text)
            editor.replace(line...line, with: [expected])
            return editor.text()
        }
        guard !problems(entry, reality: reality).isEmpty else { return nil }
        return EntrypointScript.text(path: entry.path, tasksDir: reality.layout.tasksDir,
                                     library: reality.primaryLibrary, requiredEnv: required)
    }

    /// The managed entrypoint of `tree` with its REQUIRED_ENV list set to `required`; nil
    /// when there is none, it is not managed, or the list is already right. For rules that
    /// rewrite tasks one by one (`reality` is the view they started from: its layout).
    static func repairedList(in tree: RepoSnapshot, reality: RepoReality, required: [String]) -> (path: String, text: String)? {
        let path = reality.layout.entrypoint
        guard let text = tree.text(path) else { return nil }
        let entry = ShellFile(path: path, script: reality.cache.script(path: path, text: text))
        guard isManaged(entry), let fixed = repaired(entry, reality: reality, required: required) else { return nil }
        return (path, fixed)
    }

    static func requiredEnvLine(_ entry: ShellFile) -> (Int, String)? {
        for (i, line) in entry.script.lines.enumerated() where line.hasPrefix(EntrypointScript.requiredEnvPrefix) {
            return (i + 1, String(line).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
