import ShellReader

/// What keeps the helpers rule from adding each strict option to one task (bash manual, "The
/// Set Builtin"): a status the task relies on that `-e` would turn into an exit
/// (`ErrexitHazards`), a pipeline `-o pipefail` would fail (`EarlyPipeReaders.firstHazard`),
/// or another script that sources the task: `set` in a sourced file changes the sourcing
/// shell ("Bourne Shell Builtins", `source`: the file runs in the current shell), so strict
/// mode added there would change that script too, and no option is added at all.
/// Why the helpers rule leaves one strict option out of a task: the line of the task it is
/// reported at and the info finding's message (`ErrexitHazards`, `EarlyPipeReaders`,
/// `NounsetBlockers`).
struct OptionHazard: Equatable {
    let line: Int
    let message: String
}

struct StrictModeHazards {
    let errexit: OptionHazard?
    let pipefail: OptionHazard?
    /// The first script that sources the task.
    let sourcedBy: (path: String, line: Int)?

    /// Made once per task and view (the findings and the operations both read it).
    static func of(_ task: ShellFile, library: String, in reality: RepoReality) -> StrictModeHazards {
        reality.memo.value("strict-hazards", path: task.path) {
            let functions = CalledFunctions(task: task, in: reality, library: library)
            let scope = FunctionSummaries.scope(of: task, in: reality)
            let sourcedBy = sourcers(in: reality)[task.path].map { ($0.path, $0.line) }
            // What the task sources runs in its shell, the library the patch makes it source included.
            var sourced = SourceGraph.closure(of: task, in: reality)
            if let lib = reality.libraries.first(where: { $0.path == library }), !sourced.contains(where: { $0.path == library }) {
                sourced.append(lib)
            }
            let errexit = ErrexitHazards.first(in: task, functions: functions, scope: scope)
                ?? sourced.lazy.compactMap { ErrexitHazards.firstInSourced($0, functions: functions, scope: scope) }.first
            return StrictModeHazards(errexit: errexit,
                                     pipefail: EarlyPipeReaders.firstHazard(in: task, functions: functions),
                                     sourcedBy: sourcedBy)
        }
    }

    /// For each file some script sources, the first script (tasks, then libraries, then the
    /// other scripts) and line that does, itself excepted: one pass per view (asking every
    /// script about every task was quadratic: 2 million lookups at 1,000 tasks).
    static func sourcers(in reality: RepoReality) -> [String: (path: String, line: Int)] {
        reality.memo.value("sourcers") { () -> [String: (path: String, line: Int)] in
            var out: [String: (path: String, line: Int)] = [:]
            for file in reality.tasks + reality.libraries + reality.otherScripts {
                for s in SourceGraph.sources(of: file, in: reality) {
                    guard let path = s.path, path != file.path else { continue }
                    // `. "tasks/$step.sh"`: every file the path can name is sourced.
                    for p in SourcedCandidates.isPattern(path) ? SourcedCandidates.matching(path, in: reality.allPaths) : [path]
                    where p != file.path && out[p] == nil {
                        out[p] = (file.path, s.line)
                    }
                }
            }
            // A runner that sources the tasks it loops over (`for t in tasks/*.sh; do source
            // "$t"; done`): no path resolves, but every task it runs is sourced (the session-9
            // second tester's D6: a task's `set -e` stayed on in the runner's shell).
            for runner in Runner.all(in: reality) {
                let script = runner.file.script
                guard let line = script.commands.first(where: { c in
                    (c.name == "source" || c.name == ".") && runner.runLines.contains(c.startLine)
                        && SourceGraph.sources(of: runner.file, in: reality).first(where: { $0.line == c.startLine })
                            .map { $0.path.map(SourcedCandidates.isPattern) ?? true } ?? true
                })?.startLine else { continue }
                let listed = runner.handList.map { Set($0.names) }
                for task in reality.tasks where out[task.path] == nil && (listed?.contains(task.name) ?? true) {
                    out[task.path] = (runner.file.path, line)
                }
            }
            return out
        }
    }

    /// The info finding for a sourced task.
    func sourcedMessage() -> String? {
        sourcedBy.map {
            "is sourced by \($0.path) (line \($0.line)), so no strict-mode line is added: `set` in a sourced file "
                + "changes the shell that sources it, and that script's own checks would stop working"
        }
    }
}
