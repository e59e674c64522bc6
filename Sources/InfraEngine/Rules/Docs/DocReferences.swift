import Foundation

/// What a command named in a document is, and how to correct it.
struct DocReference {
    enum Kind {
        /// A runner other than the entrypoint.
        case runner(path: String)
        /// A numbered task run by hand.
        case task(path: String)
        /// A script that does not exist.
        case missing(resolved: String)
    }

    let doc: DocFile
    let command: DocCommand
    let script: String
    let kind: Kind

    /// The repository path the command names.
    var resolved: String {
        switch kind { case .runner(let p), .task(let p), .missing(let p): return p }
    }

    /// Every command in the docs that names another way to run the tasks or a missing script.
    /// Once per view (the docs rule's findings and operations both read them), each doc on every core.
    static func all(in reality: RepoReality) -> [DocReference] {
        reality.memo.value("doc-references") { find(in: reality) }
    }

    private static func find(in reality: RepoReality) -> [DocReference] {
        let layout = reality.layout
        // Wrappers count too: a doc should name the entrypoint, not a door that leads to it.
        // A runner the entrypoint cannot stand in for (options or work of its own) keeps its lines.
        let runners = Dictionary(Runner.all(in: reality).filter { $0.delegates || $0.coverage != .partial }.map { ($0.file.path, $0) },
                                 uniquingKeysWith: { a, _ in a })
        let tasks = Set(reality.tasks.map(\.path))  // a doc may walk through a thousand tasks
        // An existing entrypoint that runs no task (`init.sh` runs `terraform init`) is no way to
        // run them: a doc that runs a task or another runner keeps its line.
        let entryRunsTasks = RunbookFacts.entrypointRunsTasks(reality)
        return reality.docs.filter { !$0.path.hasPrefix(Runbook.folder + "/") }.concurrentMap { doc -> [DocReference] in
            var out: [DocReference] = []
            for cmd in doc.commands {
                // What a sentence says was run is a record of the past, true as written.
                guard let script = cmd.script, !cmd.isNarrative else { continue }
                let candidates = candidatePaths(script, command: cmd, doc: doc.path, layout: layout)
                // A glob (`ai/infra/tasks/*.sh`) names the files it matches, as the shell expands it.
                if script.contains(where: { "*?[".contains($0) }) {
                    if candidates.contains(where: { glob in reality.allPaths.contains { fnmatch(glob, $0, FNM_PATHNAME) == 0 } }) { continue }
                }
                guard let path = candidates.first(where: { reality.snapshot.exists($0) }) else {
                    // Missing: relative to the doc when its first folder exists beside the doc.
                    let docRelative = candidates.first.flatMap { c in
                        joinPath(parentFolder(doc.path), String(script.split(separator: "/").first { $0 != "." } ?? ""))
                            .map { reality.snapshot.exists($0) && !parentFolder(doc.path).isEmpty } == true ? c : nil
                    }
                    out.append(DocReference(doc: doc, command: cmd, script: script,
                                            kind: .missing(resolved: docRelative ?? joinPath("", script) ?? script)))
                    continue
                }
                // A file named for the reader (an inventory, "pinned in x.sh") is left alone, and
                // so is a line that runs the shell with options of its own (DocCommandPrefix).
                if path == layout.entrypoint || cmd.isMention || DocCommandPrefix.interpreterHasOptions(cmd) || !entryRunsTasks { continue }
                if tasks.contains(path) {
                    out.append(DocReference(doc: doc, command: cmd, script: script, kind: .task(path: path)))
                } else if let runner = runners[path] {
                    let ref = DocReference(doc: doc, command: cmd, script: script, kind: .runner(path: path))
                    // Options the entrypoint has no name for keep the line as written: the runner still takes them.
                    if case .mapped(let options) = runner.coverage,
                       options.translated(ref.arguments.split(separator: " ").map(String.init)) == nil { continue }
                    out.append(ref)
                }
            }
            return out
        }.flatMap { $0 }
    }

    /// Where a path a doc names may be, in the order a reader would look (issue 13, item 5):
    /// the folder of a `cd` earlier in the same code block, the doc's folder, the repository
    /// root, the infra and tasks folders, then folders the sentence or its heading names.
    static func candidatePaths(_ script: String, command: DocCommand, doc: String, layout: InfraLayout) -> [String] {
        let folders = (command.cdFolder.map { [$0] } ?? []) + [parentFolder(doc), "", layout.infraDir, layout.tasksDir] + command.folders
        var out: [String] = []
        for folder in folders {
            guard let path = joinPath(folder, script), !out.contains(path) else { continue }
            out.append(path)
        }
        return out
    }

    /// What the doc passes after the script, as written (`acme`, `globex large`).
    var arguments: String {
        guard let r = command.command.range(of: script) else { return "" }
        return command.command[r.upperBound...].trimmingWhitespace()
    }

    /// How the document should spell `path` (relative to itself when it spelled this
    /// reference that way, else from the repository root), always starting with `./`.
    func spelling(of path: String) -> String {
        let folder = parentFolder(doc.path)
        let docRelative = !folder.isEmpty && joinPath(folder, script) == resolved
        let rel = docRelative ? relativePath(from: folder, to: path) : path
        return rel.hasPrefix(".") ? rel : "./" + rel
    }

    /// Whether a missing script's name says it checks the tools.
    var isToolsCheck: Bool {
        let name = script.lowercased()
        return name.contains("check") && (name.contains("tool") || name.contains("prereq") || name.contains("dep"))
    }

    /// Whether a missing script's name says it brings everything up.
    var isEntryLike: Bool {
        let name = InfraLayout.taskName(script).lowercased()
        return ["bootstrap", "setup", "init", "install", "up", "deploy", "run", "run-all", "deploy-all", "provision", "apply"]
            .contains { name == $0 || name.hasPrefix($0 + "-") || name.hasPrefix($0 + "_") }
    }
}
