import ShellReader

/// Helper functions live once, in the shared library; every task sources it the same way
/// and runs in strict mode.
public struct SharedHelpersRule: Rule {
    public let id = "helpers"
    public let purpose = "Helpers live once in the shared library; every task sources it the same way and runs in strict mode."
    public static let operationID = "helpers-normalise-lib"

    public init() {}

    /// Once per view: the operations read the findings too, and when no earlier rule changed
    /// the tree they plan on the findings' own view.
    public func findings(in reality: RepoReality) -> [Finding] {
        reality.memo.value("helpers-findings") { find(in: reality) }
    }

    private func find(in reality: RepoReality) -> [Finding] {
        let a = HelpersAnalysis.of(reality)
        var out: [Finding] = []
        func add(_ key: String, _ file: String, _ line: Int, _ message: String, _ severity: Finding.Severity = .warning) {
            out.append(Finding(rule: id, key: key, severity: severity, file: file, line: line, message: message))
        }
        for (first, second) in a.libraryConflicts {
            add("defined-twice-\(second.name)", a.library, second.startLine,
                "defines `\(second.name)` twice with different bodies (first at line \(first.startLine)); the later one silently wins")
        }
        for (file, shell) in a.posixTasks {
            add("posix-shell", file.path, 1, PosixTask.message(shell), .info)
        }
        // Each task's hazards on every core (they read the task, what it calls and sources).
        _ = StrictModeHazards.sourcers(in: reality)
        let judged = a.tasks.concurrentMap { task in
            (StrictModeHazards.of(task.file, library: a.library, in: reality), a.nounsetBlocker(task))
        }
        for (task, (hazards, blocker)) in zip(a.tasks, judged) {
            let script = task.file.script
            let path = task.file.path
            let strict = StrictModeLine.target(script, hazards: hazards, libraryBlocker: blocker)
            let had = StrictModeLine.intended(script)
            if let message = hazards.sourcedMessage(), !had.isStrict {
                add("sourced-task", path, script.strictMode.line ?? 1, message, .info)
            } else {
                if !had.nounset, let why = StrictModeLine.nounsetBlocker(script, libraryBlocker: blocker) {
                    add("keeps-unset", path, why.line, why.message, .info)
                }
                if !had.errexit, let hazard = hazards.errexit {
                    add("keeps-going", path, hazard.line, hazard.message, .info)
                }
                if !had.pipefail, let hazard = hazards.pipefail {
                    add("pipes-stop-early", path, hazard.line, hazard.message, .info)
                }
            }
            if ShebangFix.wanted(task.file, in: reality) {
                add("no-shebang", path, 1, "has no shebang, so shellcheck cannot tell the shell (SC2148) and `./\(task.file.name).sh` "
                    + "runs under whatever shell calls it; the patch adds `#!/usr/bin/env bash` as line 1")
            }
            if !strict.isStrict {
                var missing: [String] = []
                if !strict.errexit { missing.append("-e") }
                if !strict.nounset { missing.append("-u") }
                if !strict.pipefail { missing.append("-o pipefail") }
                add("strict-mode", path, script.strictMode.line ?? 1,
                    "runs without `set -euo pipefail` (missing \(missing.joined(separator: " "))): a failing command does not stop the task"
                        + (strict.nounset ? "" : NounsetSafeReads.note(script) ?? ""))
            }
            let firstSource = task.libSources.first
            for fn in task.ownFunctions {
                if let lib = a.libraryDefinitions[fn.name] {
                    let same = lib.function.normalizedBody == fn.normalizedBody
                    let after = firstSource.map { $0.startLine < fn.startLine } ?? false
                    let how = after ? "sources the library, then redefines" : (same ? "copies" : "defines its own")
                    let body = same ? "same body as" : "different body from"
                    if let reason = a.keepReason(fn, in: task) {
                        // Reported, not fixed: the task's copy stays (HelperReplacement).
                        add("redefines-\(fn.name)", path, fn.startLine,
                            "\(how) `\(fn.name)` (\(body) \(lib.path):\(lib.function.startLine)); kept, because "
                                + "\(reason); make the two agree by hand if they should be the same", .info)
                    } else {
                        add("redefines-\(fn.name)", path, fn.startLine,
                            "\(how) `\(fn.name)` (\(body) \(lib.path):\(lib.function.startLine))")
                    }
                } else if (a.taskDefinitions[fn.name] ?? 0) > 1, a.differingCopies.contains(fn.name) {
                    // Reported, not fixed: which body would be the shared one is a person's call.
                    add("copies-\(fn.name)", path, fn.startLine,
                        "defines `\(fn.name)`, which other tasks define too, with different bodies; each task keeps its own "
                            + "(not moved into \(a.library)); make them agree by hand if they should be the same", .info)
                } else if (a.taskDefinitions[fn.name] ?? 0) > 1 {
                    add("copies-\(fn.name)", path, fn.startLine,
                        "defines `\(fn.name)`, which other tasks copy too; it belongs in \(a.library)")
                }
            }
            for call in task.undefinedCalls {
                if firstSource == nil, let why = task.libraryInterference {
                    // Not fixed here: the library that will define it cannot be sourced as it is.
                    add("undefined-\(call.name)", path, call.line,
                        "calls `\(call.name)`, which nothing defines or sources; not fixed, because sourcing \(a.library) would \(why)", .info)
                } else {
                    add("undefined-\(call.name)", path, call.line, "calls `\(call.name)`, which nothing defines or sources")
                }
            }
            if firstSource == nil, let why = task.libraryInterference, !task.ownFunctions.isEmpty || !task.undefinedCalls.isEmpty {
                add("library-runs-code", path, 1, "does not source \(a.library), and is left so: sourcing it would \(why)", .info)
            } else if firstSource == nil, a.shouldSourceLibrary(task) {
                add("sources-lib", path, 1, "does not source \(a.library)")
            } else if let src = firstSource, task.sourceFollowsCaller, HelpersAnalysis.commandText(src, in: script) != a.canonicalSource {
                add("sources-lib", path, src.startLine,
                    "sources the library differently from the other tasks (`\(a.canonicalSource)`)")
            }
        }
        return out
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        let all = findings(in: reality)
        // A missing shebang is fixed in its own operation, which this one builds on.
        let shebangIDs = all.filter { $0.id.hasSuffix(":no-shebang") }.map(\.id)
        let shebang = ShebangFix.draft(reality, findings: shebangIDs)
        // A helper copy that stays is reported at info level and not claimed as fixed.
        let found = all.filter { !$0.id.hasSuffix(":no-shebang") && $0.severity != .info }
        let a = HelpersAnalysis.of(reality)
        let libText = reality.snapshot.text(a.library)
        let needsLibraryChange = !a.libraryConflicts.isEmpty
            || a.tasks.contains { !$0.undefinedCalls.isEmpty }
        guard !found.isEmpty || needsLibraryChange else { return shebang.map { [$0] } ?? [] }

        var edits: [String: FileEdit] = [:]
        if let newLib = libraryText(a, existing: libText, reality: reality), newLib != libText { edits[a.library] = .write(newLib, mode: reality.snapshot[a.library]?.mode ?? .regular) }
        // Each task's rewrite reads only the analysis and its own text: on every core.
        for (task, text) in zip(a.tasks, a.tasks.concurrentMap { taskText($0, a, reality) }) {
            if text != task.file.script.text {
                edits[task.file.path] = .write(text, mode: reality.snapshot[task.file.path]?.mode ?? .executable)
            }
        }
        let rc = repoPath(reality.layout.infraDir, ".shellcheckrc")
        let rcText = ShellcheckConfig.text(existing: reality.snapshot.text(rc))
        if rcText != reality.snapshot.text(rc) { edits[rc] = .write(rcText, mode: .regular) }
        guard !edits.isEmpty else { return shebang.map { [$0] } ?? [] }

        let touchedTasks = a.tasks.filter { edits[$0.file.path] != nil }.map(\.file.name)
        // What the patch does with the tasks' own helpers, as it does it: only copies with the
        // same body give way to the library; the rest stay, and the rationale says so.
        var shared: Set<String> = []
        var kept: Set<String> = []
        for task in a.tasks {
            for fn in task.ownFunctions where a.movedToLibrary.contains(fn.name) || a.differingCopies.contains(fn.name) {
                if a.removes(fn, in: task) { shared.insert(fn.name) } else { kept.insert(fn.name) }
            }
        }
        func names(_ set: Set<String>) -> String { set.sorted().map { "`\($0)`" }.joined(separator: ", ") }
        var rationale = "Copies of helpers drift (different exit codes, different log formats) and a task without "
            + "strict mode keeps going after a failure."
        if !shared.isEmpty {
            rationale += " Copies with the same body as \(a.library)'s (or as each other) give way to one definition there: \(names(shared))."
        }
        if !kept.isEmpty {
            rationale += " Tasks keep their own \(names(kept)) where the bodies differ (or a call needs it): "
                + "bash runs a task's own definition, so replacing it would change what the task does."
        }
        rationale += " `set -euo pipefail` everywhere makes a failing step stop its task."
        return [OperationDraft(
            id: Self.operationID,
            title: "Share helpers through \(a.library) and make every task strict",
            risk: .LOWorMED(touchedTasks.count),
            rationale: rationale,
            // A caller-relative `source` line the normalised one replaces is fixed here too.
            findings: found.map(\.id) + CallerFolderPathsRule.sourceFindings(fixedBy: edits, in: reality)
                + Self.switchFindings(fixedBy: edits, a, in: reality),
            dependsOn: shebang.map { [$0.id] } ?? [],
            preconditions: ["bash 4+ on PATH", "the working tree is committed, so the change can be reviewed and reverted"],
            commands: ["for f in \(reality.layout.tasksDir)/*.sh; do bash -n \"$f\"; done",
                       "shellcheck \(reality.layout.tasksDir)/*.sh \(a.library)"],
            expectedOutputs: ["no output from `bash -n`", "shellcheck exits 0"]
                + (shared.isEmpty ? [] : ["tasks whose copies gave way print log lines in the library's format"]),
            edits: edits)] + (shebang.map { [$0] } ?? [])
    }

    // MARK: - New contents

    /// The library's new text; nil when there is none and nothing would go in it (an empty
    /// library is no help to anyone).
    private func libraryText(_ a: HelpersAnalysis, existing: String?, reality: RepoReality) -> String? {
        var editor = LineEditor(existing ?? "")
        var header: [String] = []
        if existing == nil { header = ["# Shared helpers for the \(reality.layout.infraDir.isEmpty ? "infra" : reality.layout.infraDir) tasks; source it, do not copy it."] }
        let firstLine = existing.flatMap { $0.split(separator: "\n").first.map(String.init) } ?? ""
        if !firstLine.hasPrefix("#!"), !(existing ?? "").contains("shellcheck shell=") {
            header.insert("# shellcheck shell=bash", at: 0)
        }
        editor.insert(header, after: 0)
        // Redefinitions inside the library: bash keeps the later body, so keep that one.
        let libScript = existing.map { ShellReader.read($0, path: a.library) }
        for (first, _) in a.libraryConflicts {
            if let libScript, HelpersAnalysis.ownsItsLines(first, in: libScript) { editor.delete(first.startLine...first.endLine) }
        }
        var added: [String] = []
        var addedNames: Set<String> = []
        // Functions copied between tasks (not yet in the library) move in when every copy has
        // the same body; copies that differ stay in their tasks (`movesIntoLibrary`).
        for task in a.tasks {
            for fn in task.ownFunctions where a.movesIntoLibrary.contains(fn.name) && !addedNames.contains(fn.name) {
                addedNames.insert(fn.name)
                added += task.file.script.lines[(fn.startLine - 1)...(fn.endLine - 1)].map(String.init)
            }
        }
        let called = Set(a.tasks.flatMap { $0.undefinedCalls.map(\.name) })
        let needed = called.sorted { order($0) < order($1) }
        for name in needed where a.libraryDefinitions[name] == nil && !addedNames.contains(name) {
            addedNames.insert(name)
            added += HelpersAnalysis.standardHelpers[name] ?? []
        }
        if existing == nil, added.isEmpty { return nil }
        if !added.isEmpty { editor.insert(added, after: editor.lineCount) }
        return editor.text()
    }

    /// Dependencies first: `require_env` calls `die`.
    private func order(_ name: String) -> Int {
        ["log": 0, "info": 1, "warn": 2, "die": 3, "fatal": 4, "require_env": 5][name] ?? 9
    }

    private func taskText(_ task: HelpersAnalysis.TaskState, _ a: HelpersAnalysis, _ reality: RepoReality) -> String {
        let script = task.file.script
        let intended = StrictModeLine.target(script, hazards: StrictModeHazards.of(task.file, library: a.library, in: reality),
                                             libraryBlocker: a.nounsetBlocker(task))
        // `-u` is new to this task: its positional reads keep working (NounsetSafeReads). The
        // rewrite keeps every line where it is, so the line edits below still apply.
        let addsNounset = !intended.isStrict && !intended.nounset
        var editor = LineEditor(addsNounset ? NounsetSafeReads.rewritten(
            script, defaults: VariablesEdit.switchDefaults(UncheckedReads.of(task.file, in: reality), in: script)) : script.text)
        // Remove helpers the library provides (or will, once copies move in).
        for fn in task.ownFunctions where a.removes(fn, in: task) {
            editor.delete(fn.startLine...fn.endLine)
        }
        // Strict mode: complete the existing `set` line (its flags kept), or add one with the
        // preamble. Options the script switches off later on purpose stay its choice. Only a
        // `set` that always runs takes the flags: on `[[ $DEBUG == 1 ]] && set -x` they would
        // hold only when DEBUG is 1; the new line goes below it, so what that line reads is
        // read as before.
        var preamble: [String] = []
        let strict = script.strictMode
        if !intended.isStrict {
            let setLine = script.commands.first {
                $0.name == "set" && StrictModeLine.runsUnconditionally($0) && $0.startLine == $0.endLine
                    && $0.arguments.contains { ($0.literal ?? "").hasPrefix("-") }
                    && $0.arguments.allSatisfy { $0.literal != nil }
            }
            if let setLine, setLine.startLine == (strict.line ?? setLine.startLine) {
                let line = String(script.lines[setLine.startLine - 1])
                let old = HelpersAnalysis.commandText(setLine, in: script)
                let new = StrictModeLine.merged(arguments: setLine.arguments.compactMap(\.literal), have: intended)
                editor.replace(setLine.startLine...setLine.startLine, with: [line.replacingOccurrences(of: old, with: new)])
            } else {
                preamble.append(StrictModeLine.merged(arguments: [], have: intended))
            }
        }
        // The same line `ShebangFix` adds first, so this operation's patch builds on that one.
        if ShebangFix.wanted(task.file, in: reality) {
            editor.insert([ShebangFix.line], after: 0)
        }
        if let src = task.libSources.first {
            if task.sourceFollowsCaller, HelpersAnalysis.commandText(src, in: script) != a.canonicalSource, src.startLine == src.endLine {
                let line = String(script.lines[src.startLine - 1])
                editor.replace(src.startLine...src.startLine,
                               with: [line.replacingOccurrences(of: HelpersAnalysis.commandText(src, in: script), with: a.canonicalSource)])
            }
        } else if a.shouldSourceLibrary(task) {
            // A task that uses helpers sources the library once it exists, except one whose
            // helpers come from a file it already sources: no second library in front of that
            // file, and never a source line for a library nothing creates; the finding says
            // the same (one predicate for both).
            preamble.append(a.canonicalSource)
        }
        if !preamble.isEmpty {
            let anchor = preambleAnchor(script, strictLine: intended.isStrict ? strict.line : nil)
            editor.insert(preamble, after: anchor)
        }
        return editor.text()
    }

    /// Where new preamble lines go: after the strict-mode line when there is one, else after a
    /// top-level `set` near the top (one that runs only on a condition too), else right after
    /// the shebang.
    private func preambleAnchor(_ script: ShellScript, strictLine: Int?) -> Int {
        if let strictLine { return strictLine }
        if let set = script.commands.first(where: { $0.name == "set" && $0.enclosing.isEmpty }),
           set.startLine <= 5 { return set.endLine }
        if script.shebang != nil { return 1 }
        // No shebang: one is added as line 1; the banner comment stays right below it.
        return script.lines.prefix { $0.trimmingWhitespace().hasPrefix("#") }.count
    }
}

extension OpsBlock.Risk {
    /// Touching many tasks at once is riskier to review than touching one.
    static func LOWorMED(_ touched: Int) -> OpsBlock.Risk { touched > 3 ? .med : .low }
}
