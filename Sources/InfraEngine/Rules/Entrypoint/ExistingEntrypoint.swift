/// A documented script that already runs the tasks the way the entrypoint would: it takes
/// the entrypoint's role instead of getting an `init.sh` beside it (issue 13, item 3).
/// Examples: a root `deploy.sh`, `bootstrap.sh`, `setup.sh` in the infra folder.
enum ExistingEntrypoint {
    static let names: Set<String> = ["deploy", "bootstrap", "setup", "up", "provision", "install", "bring-up",
                                     "run-all", "deploy-all", "apply", "init"]

    /// The repository path of such a script, or nil. Candidates sit at the repository root
    /// or directly in the infra folder; the script must discover the numbered tasks itself
    /// (a `[0-9]` glob under the tasks folder), offer `--list` and `--only` or `--from`, and
    /// be named by a document.
    static func find(paths: [String], infraDir: String, tasksDir: String, text: (String) -> String?) -> String? {
        let tasksFolderName = String(tasksDir.split(separator: "/").last ?? "")
        for path in paths where isDirectly(path, in: "") || isDirectly(path, in: infraDir) {
            let name = fileName(path)
            guard name.hasSuffix(".sh"), !InfraLayout.isNumberedScript(name),
                  names.contains(String(name.dropLast(3)).lowercased()), let body = text(path) else { continue }
            let code = body.split(separator: "\n").filter { !$0.trimmingWhitespace().hasPrefix("#") }
            let discovers = code.contains { line in
                line.contains("[0-9]") && line.contains(".sh") && (tasksFolderName.isEmpty || line.contains(tasksFolderName))
            } || code.contains { $0.contains(tasksFolderName + "\"") || $0.contains(tasksFolderName + "/") }
                && code.contains { $0.contains("[0-9]") && $0.contains(".sh") }
            guard discovers, body.contains("--list"), body.contains("--only") || body.contains("--from") else { continue }
            let documented = paths.contains { PathRoles.isMarkdown(fileName($0)) && (text($0)?.contains(String(name)) ?? false) }
            guard documented else { continue }
            return path
        }
        return nil
    }
}
