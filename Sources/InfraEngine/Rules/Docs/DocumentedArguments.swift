/// The arguments the docs pass to a task that needs them (issue 13, item 2: "the entrypoint
/// takes their arguments from the documented invocation"): the runbook shows that
/// invocation through the entrypoint instead of a bare `-- ARGS`.
enum DocumentedArguments {
    /// The arguments of the first documented run of `task` (docs by path, then line), as
    /// written: `tasks/030-add-tenant.sh acme` and, once rewritten,
    /// `init.sh --only 030-add-tenant -- acme` both give `acme`, so the runbook reads the same
    /// before and after its own rewrite. Nil when no doc (other than the runbook folder) passes any.
    static func example(for task: ShellFile, in reality: RepoReality) -> String? {
        let layout = reality.layout
        for doc in reality.docs.sorted(by: { $0.path < $1.path }) where !doc.path.hasPrefix(Runbook.folder + "/") {
            for cmd in doc.commands {
                guard let script = cmd.script else { continue }
                let candidates = DocReference.candidatePaths(script, command: cmd, doc: doc.path, layout: layout)
                guard let path = candidates.first(where: { reality.snapshot.exists($0) }) else { continue }
                let text = cmd.command
                if path == task.path, let r = text.range(of: script) {
                    let args = text[r.upperBound...].trimmingWhitespace()
                    if !args.isEmpty { return args }
                } else if path == layout.entrypoint, let only = text.range(of: "--only \(task.name) -- ") {
                    let args = text[only.upperBound...].trimmingWhitespace()
                    if !args.isEmpty { return args }
                }
            }
        }
        return nil
    }
}
