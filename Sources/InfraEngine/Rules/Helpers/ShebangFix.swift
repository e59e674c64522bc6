import ShellReader

/// A task without `#!` gets one in an operation of its own (issue 13, item 7).
///
/// The missing shebang is harmless when people run the file with `bash FILE`, but shellcheck
/// refuses a file without a shell directive (SC2148); inside the larger helpers operation
/// it could hold back everything queued after it. Alone, it is one line per file, depends on
/// nothing, and the helpers operation builds on it.
enum ShebangFix {
    static let operationID = "helpers-add-shebang"
    static let line = "#!/usr/bin/env bash"

    /// Whether a script says nothing about its shell: no `#!` line and no
    /// `# shellcheck shell=` directive.
    static func lacksShebang(_ script: ShellScript) -> Bool {
        script.shebang == nil && !script.text.contains("shellcheck shell=")
    }

    /// Whether the task gets a shebang: it lacks one and no script sources it. A task another
    /// script sources (`. "$step"` in a runner that shares one shell between its tasks) runs
    /// in that script's shell, never as `./FILE`: a `#!` line would say otherwise.
    static func wanted(_ task: ShellFile, in reality: RepoReality) -> Bool {
        lacksShebang(task.script) && StrictModeHazards.sourcers(in: reality)[task.path] == nil
    }

    /// The draft adding the shebang as line 1 of each task that lacks one (the banner
    /// comment stays right below it), or nil when every task has one. `findings`: the ids of
    /// the helpers rule's `no-shebang` findings it fixes.
    static func draft(_ reality: RepoReality, findings: [String]) -> OperationDraft? {
        var edits: [String: FileEdit] = [:]
        for task in reality.tasks where wanted(task, in: reality) {
            let mode = reality.snapshot[task.path]?.mode ?? .regular
            edits[task.path] = .write(line + "\n" + task.script.text, mode: mode)
        }
        guard !edits.isEmpty else { return nil }
        let paths = edits.keys.sorted()
        return OperationDraft(
            id: operationID,
            title: "Add `\(line)` to \(paths.count == 1 ? paths[0] : "\(paths.count) tasks")",
            risk: .low,
            rationale: "A script without `#!` runs under whatever shell starts it when called as `./FILE`, and shellcheck "
                + "cannot tell its dialect (SC2148). The shebang is added as line 1; nothing else in the file changes, "
                + "so this fix stands on its own and blocks nothing.",
            findings: findings,
            preconditions: ["bash on PATH"],
            commands: ["head -n 1 \(paths.joined(separator: " "))"],
            expectedOutputs: ["every file starts with `\(line)`"],
            edits: edits)
    }
}
