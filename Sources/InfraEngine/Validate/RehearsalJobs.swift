import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the `rehearsal` check's script runs while the plan is still being made: one job per
/// script and tree version (two operations that leave a script and what it reads the same
/// share one), answered from the ValidationCache when the same bytes were rehearsed before,
/// the rest on every core, each in its own scratch area.
final class RehearsalJobs: @unchecked Sendable {
    let rehearser: Rehearser
    let cache: ValidationCache
    /// Placeholders for what the planned tree needs and nothing sets.
    let base: [String: String]
    /// Names the planned tree defaults or assigns (and names bash sets): never given a value,
    /// so a patch that demands one where the original had a default fails its rehearsal.
    let known: Set<String>
    let infraDir: String
    /// The folder the documented runner runs the tasks from (`cd "$(dirname "$0")"`), nil for
    /// the repository root: tasks, original and patched alike, are rehearsed from there, so a
    /// task's relative paths resolve as they do in the documented run (the brk13 tester's s04).
    let taskFolder: String?
    /// The tree as planned against: scripts an earlier operation changed are told apart from it.
    let original: RepoSnapshot
    /// The original's credential files (env files, files holding a secret), by path, with
    /// their digests: a patch that untracks one leaves the person's copy on disk, which the
    /// rehearsal lays (RehearsalArea.lay(_:keeping:)) and its key covers.
    private let keepable: [String: String]
    /// The rest of the person's working folder (read once per plan), laid under every tree.
    let extras: WorkingTreeFiles
    private let fingerprint: String
    private let lock = NSLock()
    private var results: [String: [StepRun]] = [:]
    private var started: Set<String> = []
    private let workers = OperationQueue()
    /// Used from the validation session's queue only (keys are made there).
    private var reach: RehearsalReach

    /// `scripts`: the plan's cache, where the secrets rule has scanned the original's files.
    init(rehearser: Rehearser, cache: ValidationCache, base: [String: String], known: Set<String>, infraDir: String,
         original: RepoSnapshot, scripts: ScriptCache, cores: Int, taskFolder: String? = nil) {
        self.rehearser = rehearser
        self.taskFolder = taskFolder
        self.original = original
        var keepable: [String: String] = [:]
        for (path, file) in original.files where file.mode != .symlink {
            guard let text = file.text else { continue }
            if SourceGraph.isEnvFileName(path) || !SecretScanner.scan(file: text, path: path, cache: scripts).isEmpty {
                keepable[path] = ContentHash.sha256(file.data)
            }
        }
        self.keepable = keepable
        extras = original.diskRoot.map { WorkingTreeFiles.read(root: $0, except: original) } ?? .init()
        self.cache = cache
        self.base = base
        self.known = known
        reach = RehearsalReach(infraDir: infraDir)
        self.infraDir = infraDir
        workers.maxConcurrentOperationCount = max(1, cores)
        // The doubles, bwrap, bash, and this program (it reads the runs back into what is kept).
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let tools = [rehearser.doubles.binary, rehearser.sandbox.bwrap, "/bin/bash", me].map(Self.identity)
        let limits = rehearser.sandbox.limits
        fingerprint = tools.joined(separator: "\0") + "\0\(limits.wallSeconds):\(limits.outputBytes):\(limits.processes):\(limits.fileKiB)"
            + "\0extras:\(extras.digest)" + (taskFolder.map { "\0folder:\($0)" } ?? "")
    }

    /// A file by path, size, modification time and inode: a rebuilt binary is another tool.
    static func identity(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return path }
        return "\(path):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)"
    }

    /// The key of `script` rehearsed on `tree`: the tools, the limits, the environment, and
    /// what the script can read, by content (RehearsalReach).
    func key(_ script: String, _ tree: RepoSnapshot, _ environment: [String: String]) -> String {
        var material = "rehearsal-v4\0\(fingerprint)\0\(script)\0"
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { material += "\(name)=\(value)\0" }
        material += reach.material(script, in: tree)
        for (path, sha) in keepable.sorted(by: { $0.key < $1.key }) where tree.files[path] == nil {
            material += "kept\0\(path)\0\(sha)\0"
        }
        return ContentHash.sha256(material)
    }

    /// Starts (or finds) the job; returns its key. The script runs with only the variables
    /// it can read (RehearsalReach.relevant), so an operation that gives a placeholder to a
    /// variable another task newly requires leaves this script's runs, and their key, as they
    /// were: its "before" is still the last operation's "after".
    func submit(_ script: String, on tree: RepoSnapshot, environment: [String: String]) -> String {
        let environment = reach.relevant(environment, to: script, in: tree)
        let key = key(script, tree, environment)
        lock.lock()
        defer { lock.unlock() }
        guard started.insert(key).inserted else { return key }
        if let hit = cache.lookup(key), let line = hit.lines.first,
           let runs = try? JSONDecoder().decode([StepRun].self, from: Data(line.utf8)) {
            results[key] = runs
            return key
        }
        workers.addOperation { [self] in
            let runs = run(script, on: tree, environment: environment)
            lock.lock()
            results[key] = runs
            lock.unlock()
            if let data = try? JSONEncoder().encode(runs), !runs.isEmpty {
                cache.store(key, .init(ok: true, lines: [String(decoding: data, as: UTF8.self)]))
            }
        }
        return key
    }

    /// The environment for an operation's runs, before and after alike: the placeholders,
    /// and one for each variable the patched scripts newly require that the original tree
    /// never defaulted or set (a new required input, as a person would export it). The
    /// patched scripts (`changed`) are this operation's and every earlier one's: an entrypoint
    /// that runs a task an earlier operation made read a new input gets that input too.
    func environment(changed: Set<String>, in tree: RepoSnapshot, scripts: ScriptCache) -> [String: String] {
        var env = base
        for path in changed.sorted() where ShellContext.isShell(path) {
            guard let text = tree.files[path]?.text else { continue }
            for name in uses(path, text, scripts) where env[name] == nil && !known.contains(name) {
                env[name] = RehearsalTargets.placeholder(for: name)
            }
        }
        return env
    }

    /// The names a script reads, by path, for the text they were worked out on: every
    /// operation asks again for every script changed so far (the session's queue only).
    private var usesByPath: [String: (text: String, names: [String])] = [:]

    private func uses(_ path: String, _ text: String, _ scripts: ScriptCache) -> [String] {
        if let known = usesByPath[path], known.text == text { return known.names }
        let file = ShellFile(path: path, script: scripts.script(path: path, text: text))
        let names = RequiredEnvironment.fileUses(file).map(\.name)
        usesByPath[path] = (text, names)
        return names
    }

    private func run(_ script: String, on tree: RepoSnapshot, environment: [String: String]) -> [StepRun] {
        guard let area = try? RehearsalArea() else { return [] }
        defer { area.remove() }
        area.lay(tree, extras: extras, keeping: original, only: Set(keepable.keys))
        guard (try? area.install(rehearser.doubles)) != nil else { return [] }
        return rehearser.rehearse([Self.step(script, taskFolder: taskFolder)], in: area, environment: environment)
    }

    /// `bash SCRIPT` from the tree's root, or from `taskFolder` (by a path relative to it, as
    /// the runner's `bash tasks/NAME.sh` gives) when the tasks run from there.
    static func step(_ script: String, taskFolder: String?) -> RehearsalStep {
        guard let folder = taskFolder, !folder.isEmpty, script.hasPrefix(folder + "/") else { return .script(script) }
        return RehearsalStep(name: script, argv: ["bash", relativePath(from: folder, to: script)], folder: folder)
    }

    /// Every job's runs by key, once the last is done (a job that could not lay out its
    /// area has none).
    func finish() -> [String: [StepRun]] {
        workers.waitUntilAllOperationsAreFinished()
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

extension RehearsalJobs {
    /// The jobs for a validation session, or why the check is skipped: no sandbox, no
    /// doubles, or INFRA_TUI_REHEARSAL=off. Every operation rehearses with the same
    /// placeholders, derived from the tree as planned (never the person's environment, so a
    /// plan does not depend on the shell it ran in).
    static func start(original: RepoSnapshot, infraDir: String, cache: ValidationCache,
                      scripts: ScriptCache) -> Result<RehearsalJobs, RehearsalUnavailable> {
        if ProcessInfo.processInfo.environment["INFRA_TUI_REHEARSAL"] == "off" {
            return .failure(RehearsalUnavailable(reason: "INFRA_TUI_REHEARSAL=off"))
        }
        let rehearser: Rehearser
        switch Rehearser.ready() {
        case .failure(let why): return .failure(why)
        case .success(let r): rehearser = r
        }
        var base: [String: String] = [:]
        var known = RequiredEnvironment.ambient
        var taskFolder: String?
        if let reality = try? RepoReality(snapshot: original, infraDir: infraDir, cache: scripts) {
            base = RehearsalTargets.environment(for: reality, base: [:]).values
            taskFolder = EntrypointInputs.workingFolder(reality)
            known.formUnion(RequiredEnvironment.assigned(in: reality))
            // Optional in the original (a default at some read): a patch that demands it changed behaviour.
            for file in reality.allScripts { for exp in file.script.expansions where exp.hasDefault && exp.op != ":?" && exp.op != "?" { known.insert(exp.name) } }
        }
        return .success(RehearsalJobs(rehearser: rehearser, cache: cache, base: base, known: known, infraDir: infraDir,
                                      original: original, scripts: scripts, cores: ProcessInfo.processInfo.activeProcessorCount,
                                      taskFolder: taskFolder))
    }

    /// One operation's `rehearsal` result from its jobs' runs.
    static func outcome(_ asked: (scripts: [(script: String, before: String?, after: String?)], capped: Bool, touched: Set<String>),
                        _ runs: [String: [StepRun]], _ jobs: Result<RehearsalJobs, RehearsalUnavailable>)
        -> (ValidationResult, OperationRehearsal) {
        if case .failure(let why) = jobs {
            return (.init(check: RehearsalCheck.name, status: .skipped, detail: why.reason), .init(verdict: .skipped, detail: why.reason))
        }
        var comparisons: [ScriptComparison] = []
        for item in asked.scripts {
            let before = item.before.flatMap { runs[$0] } ?? []
            let after = item.after.flatMap { runs[$0] } ?? []
            if item.after != nil && after.isEmpty {
                let why = "\(item.script): the rehearsal could not be laid out"
                return (.init(check: RehearsalCheck.name, status: .skipped, detail: why), .init(verdict: .skipped, detail: why))
            }
            let judged = RehearsalCheck.compare(script: item.script, touched: asked.touched, before: before, after: after)
            comparisons.append(ScriptComparison(script: item.script, before: before, after: after, refusal: judged.refusal,
                                                moves: judged.moves.isEmpty ? nil : judged.moves))
        }
        return RehearsalCheck.result(comparisons, capped: asked.capped)
    }
}
