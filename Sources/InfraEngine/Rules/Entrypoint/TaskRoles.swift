import Foundation
import ShellReader

/// What part a numbered task plays in a full run (issue 13, item 2).
///
/// - A **teardown** task removes what the others build: its name says so (teardown,
///   destroy, cleanup, reset, uninstall), or every command it runs against a tool deletes.
///   It is never part of the default run and runs only when named.
/// - An **argument-taking** task needs positional arguments (`${1:?usage}`, or `$1` under
///   `set -u`), or a runner hands it arguments of its own: a generic runner cannot run it bare.
/// - A delete is no teardown when it is routine pruning (images, finished jobs, old
///   revisions) or clears the way for the same thing made again (`delete --ignore-not-found`
///   then `create`): a task named `cleanup` that only prunes belongs to every run.
enum TaskRoles {
    struct Teardown: Equatable {
        /// The first deleting command, else line 1.
        let line: Int
        /// What it removes, for messages (`container clusters`, `namespace`).
        let removes: [String]
    }

    struct Arguments: Equatable {
        /// Line of the first required positional parameter.
        let line: Int
        /// The usage message the task gives (`usage: 030-add-tenant.sh TENANT [TIER]`), if any.
        let usage: String?
    }

    /// A task held back from a full run that is neither a teardown nor an argument task: the
    /// documented runner leaves it out of its regular run (its glob `tasks/0[1-3]-*.sh` does
    /// not match it, and no script names it), or its header says it is no part of one
    /// (`# INCIDENT ONLY ... Not part of bring-up`). It runs only when named, like a teardown
    /// (brk13 item 1: a drain task joined the full run).
    struct HeldBack: Equatable {
        let line: Int
        /// Why, for messages.
        let reason: String
    }

    static let heldBackPhrases = ["incident only", "not part of bring-up", "not part of the bring-up", "not part of bringup",
                                  "not part of the regular run", "not part of a full run", "not part of the full run",
                                  "manual only", "run by hand only", "only run by hand", "never run automatically"]

    static func heldBack(_ task: ShellFile, in reality: RepoReality) -> HeldBack? {
        // Asked per task by every rule that reads the full run, in every view.
        reality.inView("task-held-back", task) { readHeldBack(task, in: reality) }
    }

    private static func readHeldBack(_ task: ShellFile, in reality: RepoReality) -> HeldBack? {
        for (i, raw) in task.script.lines.prefix(12).enumerated() {
            let line = raw.trimmingWhitespace()
            guard line.hasPrefix("#"), !line.hasPrefix("#!") else {
                if line.isEmpty || line.hasPrefix("#!") { continue } else { break }
            }
            let lower = line.lowercased()
            if let phrase = heldBackPhrases.first(where: lower.contains) {
                return HeldBack(line: i + 1, reason: "its header says it is \"\(phrase)\"")
            }
        }
        if let left = Runner.leftOutByGlob(in: reality)[task.name] {
            return HeldBack(line: 1, reason: "\(left.runner) runs only `\(left.glob)` (line \(left.line)), which leaves it out")
        }
        return nil
    }

    /// Every task a full run leaves out: teardowns, held-back tasks and argument tasks.
    static func runsByNameOnly(_ task: ShellFile, in reality: RepoReality) -> Bool {
        // Asked of every task by each tally of the required environment: one lookup per view.
        reality.inView("runs-by-name-only", task) {
            teardown(task, in: reality) != nil || heldBack(task, in: reality) != nil || arguments(task, in: reality) != nil
        }
    }

    static let teardownWords: Set<String> = ["teardown", "destroy", "cleanup", "reset", "uninstall", "decommission", "nuke"]
    static let deletingVerbs: Set<String> = ["delete", "destroy", "uninstall", "remove", "rm", "purge"]
    /// Verbs that change nothing: they neither build nor remove.
    static let readingVerbs: Set<String> = ["describe", "get", "list", "get-credentials", "status", "version", "show",
                                            "config", "auth", "repo", "wait", "logs", "history", "search", "info"]
    static let tools: Set<String> = ["gcloud", "kubectl", "helm", "k3d", "kind", "terraform", "gsutil", "az", "aws", "docker", "doctl"]

    /// Calls through a wrapper count as the tool's (`g container clusters delete c` with
    /// `g() { gcloud --project "$P" "$@"; }` deletes a cluster): a task that only deletes
    /// through its library's wrapper is a teardown as much as one that calls gcloud itself.
    /// Without a `reality` (a task read alone) only direct calls are read.
    static func teardown(_ task: ShellFile, in reality: RepoReality? = nil) -> Teardown? {
        guard let reality else { return readTeardown(task, in: nil) }
        // Asked per task by several rules in every view: once per task text and libraries
        // (where its wrappers come from) for the whole plan.
        // By text within the view too (`inView`): a rewrite is asked under the task's path.
        return reality.inView("task-teardown", task) {
            // A task removing superseded things is read against the others (what they build).
            let others = supersedes(task) ? otherTaskTexts(task, in: reality) : nil
            return reality.cache.derived("task-teardown", path: task.path,
                                         from: [task.script.text, reality.librariesVersion, others?.joined(separator: "\u{0}")]) {
                readTeardown(task, in: reality, others: others)
            }
        }
    }

    /// `others`: the other tasks' texts when the task removes superseded things (`supersedes`).
    private static func readTeardown(_ task: ShellFile, in reality: RepoReality?, others: [String]? = nil) -> Teardown? {
        let words = task.name.lowercased().split(whereSeparator: { "-_.".contains($0) }).map(String.init)
        let joined = words.joined()
        let named = words.contains(where: teardownWords.contains) || joined.contains("teardown") || joined.contains("cleanup")
        let deletes = readDeletes(task, in: reality, others: others)
        if named {
            // Named like a teardown, but every delete is routine: a cleanup that belongs to every run.
            guard !deletes.routineOnly else { return nil }
        } else {
            guard !deletes.destroying.isEmpty && !deletes.building else { return nil }
        }
        return Teardown(line: (deletes.destroying.first ?? deletes.deleting.first)?.line ?? 1,
                        removes: deletes.destroying.map(\.removes).filter { !$0.isEmpty })
    }

    /// What a task's tool calls delete.
    struct Deletes {
        fileprivate let deleting: [Call]
        /// Deletes that are neither routine pruning nor cleared for a remake.
        fileprivate let destroying: [Call]
        /// Some call builds or changes something.
        let building: Bool
        /// It deletes, and every delete is routine (pruning, or a remake's first half).
        var routineOnly: Bool { !deleting.isEmpty && destroying.isEmpty }
    }

    /// The task's deletes. A delete that prunes (old images, finished jobs) or clears the way
    /// for the same thing made again further on (`delete job x --ignore-not-found` then
    /// `create job x`) removes nothing the scaffolding builds.
    /// `others`: as for `readTeardown`, read here when not given.
    static func readDeletes(_ task: ShellFile, in reality: RepoReality?, others given: [String]?? = nil) -> Deletes {
        var calls: [Call] = []
        let effective = reality.map { EffectiveCommands.of(task, in: $0) }
        for (i, cmd) in task.script.commands.enumerated() where cmd.enclosing.allSatisfy({ $0 != .substitution }) {
            if let e = effective?.command(at: i), e.via != nil, tools.contains(e.tool) {
                calls.append(Call(line: cmd.startLine, tool: e.tool, words: e.words.dropFirst().map(\.unquotedText)))
            } else if let name = cmd.name, tools.contains(name) {
                calls.append(Call(line: cmd.startLine, tool: name, words: cmd.arguments.map(\.unquotedText)))
            }
        }
        // Restarts (`kubectl rollout restart`) and `rm` of scratch paths clear derived things:
        // routine, like pruning, so a task named `reset` or `cleanup` that only does these
        // belongs to every run (brk14 item 6). Only when they are all it changes: with any
        // other change or any other `rm`, its name keeps it a teardown.
        let removals = task.script.commands.filter { $0.name == "rm" && $0.enclosing.allSatisfy { $0 != .substitution } }
        let restarts = calls.filter(\.restarts)
        let routineExtras = calls.contains(where: { $0.builds && !$0.restarts })
            || !removals.allSatisfy({ removesScratchOnly($0, in: task.script) }) ? []
            : (restarts + removals.map { Call(line: $0.startLine, tool: "rm", words: $0.arguments.map(\.unquotedText)) })
                .sorted { $0.line < $1.line }
        let deleting = calls.enumerated().filter { $0.element.deletes }
        guard !deleting.isEmpty else { return Deletes(deleting: routineExtras, destroying: [], building: calls.contains { $0.builds }) }
        let others = given ?? reality.flatMap { r in supersedes(task) ? otherTaskTexts(task, in: r) : nil }
        let destroying = deleting.filter { i, call in
            !isRoutineDelete(call.words, tool: call.tool) && !calls[(i + 1)...].contains { $0.tool == call.tool && $0.builds && call.remakes(by: $0) }
                && !(others.map { removesOnlyUnbuilt(call, in: task.script, others: $0) } ?? false)
        }
        return Deletes(deleting: (deleting.map(\.element) + routineExtras).sorted { $0.line < $1.line },
                       destroying: destroying.map(\.element), building: calls.contains { $0.builds })
    }

    /// Whether an `rm` removes only scratch paths: under `/tmp` or `$TMPDIR`, named so
    /// (`tmp`, `scratch`, ...), or held in a variable set from `mktemp`.
    private static func removesScratchOnly(_ cmd: ShellCommand, in script: ShellScript) -> Bool {
        let fromMktemp = Set(script.assignments.filter { ($0.value?.raw).map { $0.contains("mktemp") } ?? false }.map(\.name))
        let paths = cmd.arguments.map(\.unquotedText).filter { !$0.hasPrefix("-") && !$0.isEmpty }
        return !paths.isEmpty && paths.allSatisfy { path in
            path.hasPrefix("/tmp/") || path.hasPrefix("/var/tmp/") || namesScratch(path)
                || fromMktemp.contains { path == "$" + $0 || path == "${" + $0 + "}" || path.hasPrefix("$" + $0 + "/") || path.hasPrefix("${" + $0 + "}/") }
        }
    }

    /// Words in a name that say the thing is scratch, made for one run or one job
    /// (`img-builder`, `scratch-sub`, `$TMPDIR/x`).
    static let scratchWords: Set<String> = ["tmp", "temp", "tmpdir", "tempdir", "tmpfile", "tempfile", "scratch", "throwaway",
                                            "ephemeral", "builder", "disposable"]

    /// Whether a name (a path, a resource's name, a variable naming one) says it is scratch:
    /// one of its words is a scratch word, or it is a CI run's own (`ci-$GITHUB_RUN_ID`,
    /// `ci-1234`): `ci-` with a number or an expansion; a bare `ci-runners` is no scratch.
    static func namesScratch(_ name: String) -> Bool {
        let lower = name.lowercased()
        let words = lower.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        if words.contains(where: scratchWords.contains) { return true }
        let bare = lower.split(separator: "/").last.map(String.init) ?? lower
        guard bare.hasPrefix("ci-") || bare.hasPrefix("ci_") else { return false }
        let rest = bare.dropFirst(3)
        return rest.contains("$") || rest.contains(where: \.isNumber)
    }

    /// One call of a tool, its words after the tool (through a wrapper, the wrapper's added words included).
    fileprivate struct Call {
        let line: Int
        let tool: String
        let words: [String]
        /// The words that are not flags, as written.
        let operands: [String]
        /// Those without an expansion: where the verbs and nouns are read.
        let fixed: [String]
        let verb: Int?

        // Read once: every task of every view asks each call what it deletes and builds.
        init(line: Int, tool: String, words: [String]) {
            self.line = line
            self.tool = tool
            self.words = words
            operands = words.filter { !$0.hasPrefix("-") && !$0.isEmpty }
            fixed = operands.filter { w in !w.utf8.contains(UInt8(ascii: "$")) && !w.utf8.contains(UInt8(ascii: "`")) }
            verb = fixed.firstIndex(where: deletingVerbs.contains)
        }

        var deletes: Bool { verb != nil }
        var builds: Bool { verb == nil && !fixed.prefix(4).contains(where: readingVerbs.contains) }
        /// `kubectl rollout restart deploy/x`: the controller makes the pods again.
        var restarts: Bool {
            guard tool == "kubectl", let r = fixed.firstIndex(of: "rollout") else { return false }
            return fixed.dropFirst(r + 1).first == "restart"
        }
        /// The nouns before the delete verb (`container clusters`), for messages.
        var removes: String { verb.map { fixed[..<$0].joined(separator: " ") } ?? "" }

        /// Whether `later` makes again what this delete removes: every word this one names
        /// besides its verb (kind, name, namespace, file) is among its words.
        func remakes(by later: Call) -> Bool {
            guard let v = verb else { return false }
            let mine = Set(operands.filter { $0 != fixed[v] })
            return !mine.isEmpty && mine.isSubset(of: Set(later.words))
        }
    }

    /// Words that say a task removes what something newer replaced (`cleanup-old-certs`,
    /// `# remove the certificates the Gateway replaced`).
    static let supersededWords: Set<String> = ["old", "stale", "legacy", "superseded", "replaced", "previous", "outdated",
                                               "obsolete", "expired", "orphaned", "unused", "deprecated"]

    /// Whether the task's name or header comment says it removes superseded things.
    static func supersedes(_ task: ShellFile) -> Bool {
        func words(_ text: String) -> [String] {
            // ASCII (nearly every header) on bytes: the same words as the Character split below.
            let bytes = Array(text.utf8)
            if bytes.allSatisfy({ $0 < 0x80 }) {
                func isWordByte(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) }
                let lowered: [UInt8] = bytes.map(ByteSearch.lower)
                return lowered.split(whereSeparator: { !isWordByte($0) }).map { String(decoding: $0, as: UTF8.self) }
            }
            return text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        }
        var header: [String] = []
        for raw in task.script.lines.prefix(12) {
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#!") { continue }
            guard line.hasPrefix("#") else { break }
            header += words(line)
        }
        return (words(task.name) + header).contains(where: supersededWords.contains)
    }

    /// The other tasks' texts, where what a delete removes would be made.
    private static func otherTaskTexts(_ task: ShellFile, in reality: RepoReality) -> [String] {
        reality.tasks.filter { $0.path != task.path }.map(\.script.text)
    }

    /// Whether a delete names only literal objects (through a loop over literal words too:
    /// `for c in ai-cert-2022 ai-cert-2023; do gcloud ... delete "$c"`) that no other task
    /// names: it removes old things nothing here builds, not what the other tasks create
    /// (brk13 item 5). An object it cannot read keeps it a teardown.
    fileprivate static func removesOnlyUnbuilt(_ call: Call, in script: ShellScript, others: [String]) -> Bool {
        guard let verb = call.operands.firstIndex(where: deletingVerbs.contains) else { return false }
        var names: [String] = []
        for word in call.operands[(verb + 1)...] {
            if !word.contains("$") && !word.contains("`") { names.append(word); continue }
            // `gs://$b`: each of the loop's literal words in the variable's place.
            guard let loop = script.loops.first(where: { l in
                l.kind == .forIn && l.variable.map { word.contains("$" + $0) || word.contains("${" + $0 + "}") } == true
            }), let v = loop.variable, !loop.words.isEmpty, loop.words.allSatisfy({ $0.literal != nil }) else { return false }
            let made = loop.words.compactMap(\.literal).map {
                word.replacingOccurrences(of: "${" + v + "}", with: $0).replacingOccurrences(of: "$" + v, with: $0)
            }
            guard made.allSatisfy({ !$0.contains("$") && !$0.contains("`") }) else { return false }
            names += made
        }
        guard !names.isEmpty else { return false }
        return !names.contains { name in others.contains { $0.contains(name) } }
    }

    /// Things removed routinely, on every run: images and their tags, old revisions and versions.
    static let prunedNouns: Set<String> = ["image", "images", "tag", "tags", "revision", "revisions", "version", "versions"]

    /// Whether a deleting call (its words after the tool) is routine pruning: of images, tags,
    /// old revisions or versions (`gcloud artifacts docker images delete`, `gcloud run revisions
    /// delete`), or of finished objects chosen by status (`kubectl delete jobs --field-selector
    /// status.successful=1`). The rehearsal reads recorded calls the same way.
    ///
    /// Also a delete that restarts or clears what is made again or made for one run (brk14
    /// item 6): `kubectl delete pod(s)` (by name or selector: their controllers make them
    /// again) and of Jobs (one-off runs), and of objects whose every name says they are
    /// scratch (`gcloud compute instances delete img-builder`, `... subscriptions delete
    /// scratch-sub`; `namesScratch`). `tool`: the tool the words are given to, when known;
    /// pods and Jobs are read for `kubectl` (or an unknown tool) only.
    static func isRoutineDelete(_ words: [String], tool: String? = nil) -> Bool {
        let operands = words.filter { !$0.hasPrefix("-") }
        guard let verb = operands.firstIndex(where: deletingVerbs.contains) else { return false }
        if operands[..<verb].contains(where: prunedNouns.contains) { return true }
        // `docker rmi`, `docker image rm`, `kubectl delete jobs --field-selector status.successful=1`.
        if operands.first == "rmi" { return true }
        let text = words.joined(separator: " ")
        if text.contains("--field-selector") && text.contains("status.") { return true }
        var names = namedObjects(words, verb: operands[verb])
        if tool == nil || tool == "kubectl", isKubectlRestartOrRun(names) { return true }
        // `kubectl delete namespace tmp-x`: its first word is the kind.
        if tool == "kubectl", names.count > 1, !names[0].contains("/") { names.removeFirst() }
        return !names.isEmpty && names.allSatisfy { namesScratch(objectName($0)) }
    }

    /// Kinds whose delete restarts or clears a run: pods (their controllers make them again)
    /// and Jobs (one-off runs).
    static let ephemeralKinds: Set<String> = ["pod", "pods", "po", "job", "jobs", "job.batch", "jobs.batch"]

    /// `kubectl delete pod -l app=x`, `delete pods a b`, `delete pod/a job/b`: only pods and Jobs.
    private static func isKubectlRestartOrRun(_ names: [String]) -> Bool {
        guard let first = names.first?.lowercased() else { return false }
        if ephemeralKinds.contains(first) { return true }
        return names.allSatisfy { n in
            n.split(separator: "/").count == 2 && ephemeralKinds.contains(n.split(separator: "/")[0].lowercased())
        }
    }

    /// `kind/name` -> `name`.
    private static func objectName(_ word: String) -> String {
        word.contains("://") ? word : String(word.split(separator: "/").last ?? Substring(word))
    }

    /// Flags whose value is a scope or a selection, not the object a delete removes.
    static let valueFlags: Set<String> = ["-n", "--namespace", "--project", "--zone", "--region", "--location", "--context",
                                          "--cluster", "--kubeconfig", "--format", "-l", "--selector", "-f", "--filename",
                                          "-o", "--output", "--account", "--configuration", "--kube-context", "--timeout"]

    /// The words after the delete verb that name what it removes (kinds included): flags and
    /// the values of `valueFlags` left out. Empty when it deletes by file (`-f`), which says
    /// nothing by name.
    private static func namedObjects(_ words: [String], verb: String) -> [String] {
        guard let at = words.firstIndex(of: verb) else { return [] }
        var out: [String] = []
        var skip = false
        for w in words[(at + 1)...] {
            if skip { skip = false; continue }
            if w.hasPrefix("-") {
                if w == "-f" || w == "--filename" || w.hasPrefix("--filename=") || w.hasPrefix("-f=") { return [] }
                skip = valueFlags.contains(w)
                continue
            }
            if !w.isEmpty { out.append(w) }
        }
        return out
    }
}
