import ShellReader

/// What a caller-relative path finding says, and which other operation fixes it.
extension CallerFolderPathsRule {
    /// Names the folders the path resolves from and the documented invocation that fails:
    /// "`source lib/x.sh` ... finds ai/infra/lib/x.sh only when run from ai/infra; README.md:9
    /// runs the task from the repository root (`bash ai/infra/tasks/010-a.sh`), where it stops
    /// with "No such file or directory"".
    static func message(_ p: CallerPath, in reality: RepoReality) -> String {
        let folders = p.folders.map { $0.isEmpty ? "the repository root" : $0 }
        let from = folders.count <= 2 ? folders.joined(separator: " or ")
            : folders.dropLast().joined(separator: ", ") + " or " + folders.last!
        let fails = p.what == "kubectl" ? "kubectl finds no such path and the task stops"
            : p.what == "source" || p.what == "." ? "bash stops the task with \"No such file or directory\""
            : "the script is not found (\"No such file or directory\") and the task stops"
        var message = "`\(p.spelled)` is resolved against the caller's working folder, not the script's: "
        message += "it finds \(p.target) only when run from \(from); "
        if let doc = documentedRun(of: p.task, in: reality) {
            message += "\(doc.path):\(doc.line) runs the task from the repository root (`\(doc.command)`), where \(fails)"
        } else {
            message += "run from the repository root (where \(reality.layout.entrypoint) and the docs run tasks from), \(fails)"
        }
        return message + "; anchor it to the script's folder"
    }

    /// The first doc line that runs `task` from the repository root (no `cd` before it in its
    /// block, the path written from the root): the documented invocation.
    static func documentedRun(of task: ShellFile, in reality: RepoReality) -> (path: String, line: Int, command: String)? {
        for doc in reality.docs.sorted(by: { $0.path < $1.path }) {
            for c in doc.commands where !c.isMention && c.cdFolder == nil {
                guard let script = c.script else { continue }
                let path = script.hasPrefix("./") ? String(script.dropFirst(2)) : script
                if path == task.path { return (doc.path, c.line, c.command) }
            }
        }
        return nil
    }

    /// The ids of this rule's `source`-line findings that `edits` (another rule's operation,
    /// on `reality`) fixes: the file is rewritten and no `source`/`.` in it names the
    /// caller-relative word any more. That operation lists them, so the finding names the
    /// operation whose patch anchors it, and this rule, planned after, sees nothing left.
    static func sourceFindings(fixedBy edits: [String: FileEdit], in reality: RepoReality) -> [String] {
        var out: [String] = []
        var reread: [String: ShellScript] = [:]
        for p in paths(in: reality) where p.what == "source" || p.what == "." {
            guard case .write(let text, _)? = edits[p.task.path] else { continue }
            let script = reread[p.task.path] ?? ShellReader.read(text, path: p.task.path)
            reread[p.task.path] = script
            let stillThere = script.sources.contains { $0.arguments.first?.raw == p.raw }
            if !stillThere { out.append(Finding(rule: CallerFolderPathsRule().id, key: p.key, file: p.task.path, line: p.line, message: "").id) }
        }
        return out
    }
}
