import Foundation

/// The `rehearsal` check: an operation that changes a shell script is run, in the sandbox
/// against the doubles, on the tree before and after its patch, and refused when the patch
/// makes a working script worse. Which scripts: those the patch touches that are run (not
/// sourced libraries), and for a touched library the scripts that source it (its callers),
/// at most `maxScripts`, touched ones first. An entrypoint is run when the patch touches
/// it, not for every task: each task is rehearsed on its own, which keeps plan time down.
///
/// Refused, with the failing line, when for any of them:
/// - run 1 fails after the patch where it passed before;
/// - run 1 after drops a create or apply the original made and that succeeded (compared by
///   the resource the double names, so `create` becoming check-then-create or `apply` keeps
///   it; added reads, probes and guards are fine, and dropping a delete is never harm);
/// - run 1 after prints an `unbound variable`, `command not found` or `No such file` line
///   the original did not;
/// - run 2 fails after the patch where it passed before.
/// A script that failed before and still fails is no refusal: the patch did not break it.
public enum RehearsalCheck {
    public static let name = "rehearsal"
    static let maxScripts = 4

    /// The scripts to run for an operation touching `paths`, in a stable order: the touched
    /// scripts that run on their own, and for a touched library the scripts that source it.
    /// `names`: what a script (path, text) sources, by file name (ShellContext.sourcedNames,
    /// or a cache of it).
    static func scripts(touching paths: [String], before: RepoSnapshot, after: RepoSnapshot,
                        names: (String, String) -> Set<String> = { ShellContext.sourcedNames($1) }) -> (scripts: [String], capped: Bool) {
        let touched = paths.filter(ShellContext.isShell).sorted()
        guard !touched.isEmpty else { return ([], false) }
        let shells = Set(before.files.keys.filter(ShellContext.isShell)).union(after.files.keys.filter(ShellContext.isShell)).sorted()
        var sources: [String: Set<String>] = [:]
        for path in shells { sources[path] = names(path, (after.files[path] ?? before.files[path])?.text ?? "") }
        let sourced = sources.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        func isLibrary(_ path: String) -> Bool {
            let name = String(fileName(path))
            return sourced.contains(name) && !InfraLayout.isNumberedScript(name)
        }
        var out: [String] = []
        func add(_ p: String) { if !out.contains(p) { out.append(p) } }
        for path in touched where !isLibrary(path) { add(path) }
        for path in touched where isLibrary(path) {
            let name = String(fileName(path))
            for caller in shells where caller != path && !isLibrary(caller) && sources[caller]!.contains(name) { add(caller) }
        }
        return (Array(out.prefix(maxScripts)), out.count > maxScripts)
    }

    /// Compares one script's runs before and after; nil when the patch did no harm. A script
    /// the patch creates has no "before": it is refused only for an error of its own (a
    /// problem line naming it, or failing before any call is made) or for deleting on a
    /// normal run.
    /// A run 1 that fails in a script the patch does not touch (a task a runner now reaches)
    /// is that script's fault, not the patch's: no refusal.
    static func refusal(script: String, touched: Set<String>, before: [StepRun], after: [StepRun]) -> String? {
        compare(script: script, touched: touched, before: before, after: after).refusal
    }

    /// `refusal`, and the resources the patch moved (RehearsalMoves) rather than dropped.
    static func compare(script: String, touched: Set<String>, before: [StepRun], after: [StepRun]) -> (refusal: String?, moves: [String]) {
        var moves: [String] = []
        let refusal = judge(script: script, touched: touched, before: before, after: after, moves: &moves)
        return (refusal, refusal == nil ? moves : [])
    }

    private static func judge(script: String, touched: Set<String>, before: [StepRun], after: [StepRun], moves: inout [String]) -> String? {
        guard let a1 = after.first(where: { $0.run == 1 }) else { return nil }
        let a2 = after.first { $0.run == 2 }
        guard let b1 = before.first(where: { $0.run == 1 }) else {
            if let own = a1.problems.first(where: { $0.hasPrefix(script + ": line") || $0.hasPrefix(String(fileName(script)) + ": line") }) {
                return "run 1 of the new script fails on its own line: \(own)"
            }
            if let delete = a1.removals.first, !RehearsalTargets.isTeardownName(script) {
                return "run 1 of the new script deletes: \(delete.shellLine)"
            }
            // It stopped before any task made a call, and its error names no task: its own
            // preflight refuses what the scaffolding runs with (a variable the tasks default
            // demanded up front). "task 10-registry failed" is a task's failure, not its own.
            if !a1.passed, a1.mutating.isEmpty, a1.failedCalls.isEmpty, !a1.timedOut, !namesATask(a1.firstError ?? "") {
                return "run 1 of the new script fails before any task runs: " + (a1.firstError ?? "exit \(a1.status)")
            }
            return nil
        }
        let b2 = before.first { $0.run == 2 }
        // Another task the script runs failed, one the patch does not touch: not this patch's
        // doing. A library or any other file the script sources is the script's own code
        // (strict mode added to a task stops in its library's functions): never excused.
        if !a1.passed, let blame = blame(a1), blame != script, !touched.contains(blame),
           InfraLayout.isNumberedScript(fileName(blame)) { return nil }
        // An original that printed `No such file`, `unbound variable` or `command not found`
        // went on with missing input: exit 0 was no pass, and a patch that now stops there
        // (a guard for a missing file) makes it fail loudly, not worse.
        let b1Clean = b1.passed && b1.problems.isEmpty
        if b1Clean, !a1.passed, !stopsOnAnOldFailure(a1, b1) {
            return "run 1 fails after the patch (it passed before): " + (a1.firstError ?? "exit \(a1.status)")
        }
        // Compared by what each call acts on: `apply -k` of a layer that lost a Secret, plus
        // the `create secret | apply -f -` that now makes it, keeps everything it made.
        let kept = Set(a1.mutating.filter { $0.kind != "delete" }.flatMap { identities($0) })
        // Only calls that succeeded count: a guard that stops a call bound to fail (an apply
        // of a missing file) drops nothing that worked. A run that now stops on a failure the
        // original also met (strict mode surfacing an ignored "already exists") drops what
        // followed it because of that old failure, not because of the patch.
        // A resource the patch makes under another namespace (the same kind and name, new in
        // this run) is a move, reported as such; anything else missing is a drop.
        if !(stopsOnAnOldFailure(a1, b1)), b1Clean || a1.passed {
            let made = Set(b1.mutating.filter { $0.kind != "delete" }.flatMap { identities($0) })
            for call in b1.mutating where call.kind != "delete" && call.rc == 0 {
                for identity in identities(call) where !kept.contains(identity) {
                    guard let to = RehearsalMoves.destination(of: identity, among: kept.subtracting(made)) else {
                        return "run 1 no longer makes a call the original made: \(call.shellLine)"
                    }
                    let move = "\(identity) -> \(to)"
                    if !moves.contains(move) { moves.append(move) }
                }
            }
        }
        let deleted = Set(b1.deletes.map(\.identity))
        if let delete = a1.removals.first(where: { !deleted.contains($0.identity) }) {
            return "run 1 now deletes: \(delete.shellLine)"
        }
        let old = Set(b1.problems.map(normalised))
        if let fresh = a1.problems.first(where: { !old.contains(normalised($0)) }) {
            return "run 1 prints a new error: \(fresh)"
        }
        if let a2, let b2, !a2.passed, b2.passed, b2.problems.isEmpty, !stopsOnAnOldFailure(a2, b2) {
            return "run 2 fails after the patch (it passed before): " + (a2.firstError ?? "exit \(a2.status)")
        }
        return nil
    }

    /// The resources a call acts on: the double joins several with "; " (an `apply -k`).
    static func identities(_ call: RecordedCall) -> [String] {
        guard let resource = call.resource, resource.contains("; ") else { return [call.identity] }
        return resource.components(separatedBy: "; ")
    }

    /// Whether a failed run stopped on a call that failed in the original run too (same
    /// resource, same kind): the original ignored that error (no `set -e`), the patch made the
    /// script stop on it. That error is the scaffolding's own re-run defect, which the rerun
    /// operations fix; the strict-mode patch only stopped hiding it.
    /// A delete is never excused: one that fails because the object is already gone is what
    /// the original lived with (a cleanup before a create), no operation fixes it, and a run
    /// that now stops there drops everything after it (tester's session-8 D3: the release was
    /// never installed, and the check had passed).
    static func stopsOnAnOldFailure(_ after: StepRun, _ before: StepRun) -> Bool {
        guard let failed = after.failedCalls.last(where: { $0.isMutating }), failed.kind != "delete" else { return false }
        return before.failedCalls.contains { $0.kind == failed.kind && $0.identity == failed.identity }
    }

    /// Whether a line names a numbered task (`030-apps`, `tasks/030-apps.sh`).
    static func namesATask(_ line: String) -> Bool {
        line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }).contains { word in
            let name = word.hasSuffix(".sh") ? String(word) : String(word) + ".sh"
            return InfraLayout.isNumberedScript(name) && name.contains(where: \.isLetter)
        }
    }

    /// The script a failed run failed in: the one that made its first failed create, apply or
    /// delete, else the one its first problem line names (`path: line N: ...`).
    static func blame(_ run: StepRun) -> String? {
        if let call = run.mutating.first(where: { $0.rc != 0 }), let script = call.script { return script }
        guard let line = run.problems.first, let range = line.range(of: ": line ") else { return nil }
        return String(line[..<range.lowerBound])
    }

    /// An error line without its line number and the scratch folder's path, so the same
    /// problem moved by an inserted line is the same problem.
    static func normalised(_ line: String) -> String {
        var s = line.replacingOccurrences(of: #"line [0-9]+:"#, with: "line N:", options: .regularExpression)
        s = s.replacingOccurrences(of: #"/[^ ]*infra-tui-rehearse-[0-9A-F-]+"#, with: "…", options: .regularExpression)
        return s
    }

    /// The one-line results people read, and the structured result for `plan --format json`.
    static func result(_ comparisons: [ScriptComparison], capped: Bool) -> (ValidationResult, OperationRehearsal) {
        let refused = comparisons.filter { $0.refusal != nil }
        if !refused.isEmpty {
            let detail = refused.map { "\($0.script): \($0.refusal!)" }.joined(separator: "; ")
            return (.init(check: name, status: .failed, detail: detail), .init(verdict: .refused, detail: detail, scripts: comparisons))
        }
        var parts = comparisons.map { c -> String in
            let before = c.before.first { $0.run == 1 }?.mutating.count
            let after = c.after.first { $0.run == 1 }?.mutating.count ?? 0
            let moved = c.moves.map { "; moved: " + $0.joined(separator: ", ") } ?? ""
            return "\(c.script): \(before.map(String.init) ?? "new") -> \(after) mutating call(s)" + moved
        }
        if capped { parts.append("first \(maxScripts) scripts only") }
        let detail = parts.joined(separator: "; ")
        return (.init(check: name, status: .passed, detail: detail), .init(verdict: .passed, detail: detail, scripts: comparisons))
    }
}

/// What `plan --format json` carries per operation under `rehearsal` (docs/contracts.md).
public struct OperationRehearsal: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable { case passed, refused, skipped }
    public var verdict: Verdict
    /// The refusal with its failing line, a summary of the calls, or why it was skipped.
    public var detail: String
    public var scripts: [ScriptComparison]

    public init(verdict: Verdict, detail: String, scripts: [ScriptComparison] = []) {
        self.verdict = verdict
        self.detail = detail
        self.scripts = scripts
    }
}

/// One script's two runs on the tree before the patch (empty: the patch creates it) and after.
public struct ScriptComparison: Sendable, Equatable, Codable {
    public var script: String
    public var before: [StepRun]
    public var after: [StepRun]
    public var refusal: String?
    /// Resources the patch makes in another namespace than the original did (`old -> new`
    /// identities, RehearsalMoves); nil when none moved.
    public var moves: [String]?

    public init(script: String, before: [StepRun], after: [StepRun], refusal: String? = nil, moves: [String]? = nil) {
        self.script = script
        self.before = before
        self.after = after
        self.refusal = refusal
        self.moves = moves
    }
}
