import Foundation
import ShellReader

/// A shell script of the scaffolding with its parsed model.
public struct ShellFile: Sendable {
    public let path: String
    public let script: ShellScript
    public var name: String { InfraLayout.taskName(path) }
}

/// The repository as it really is: which tasks, libraries, runners, entrypoint and docs it
/// has, each shell file read into a model. Rules only look at the tree through this.
///
/// A class, though a value in every other respect (every property is a constant): rules and
/// analyses pass views around by the hundred, and copying a struct of this many references
/// was a visible part of planning a large repository.
public final class RepoReality: Sendable {
    public let snapshot: RepoSnapshot
    /// The tree the plan started from (this view's own snapshot unless a planner says so):
    /// what a script did before any operation, which a fix must keep (`ranUnderNounset`).
    public let baseline: RepoSnapshot
    public let layout: InfraLayout
    /// Numbered tasks in the order the entrypoint runs them.
    public let tasks: [ShellFile]
    /// Helper libraries (`lib/*.sh`).
    public let libraries: [ShellFile]
    /// Other shell scripts (runners, tools), the entrypoint excluded.
    public let otherScripts: [ShellFile]
    /// The canonical entrypoint when it already exists.
    public let entrypoint: ShellFile?
    public let docs: [DocFile]
    /// The parsed scripts and docs this view shares with every other view of the same plan,
    /// so a rule that looks at the tree after its own edits parses only what changed.
    public let cache: ScriptCache
    /// Every path of the snapshot, sorted (sorting thousands of paths once per view, not per rule).
    public let allPaths: [String]
    /// Analyses several rules ask of the same view (the runners, the environment uses).
    let memo = Memo()
    /// Per-script analyses of this view (`inView`).
    let perScript: PerScriptMemo

    /// `baseline`: the tree the plan started from, nil for `snapshot` itself. The plan's
    /// views share `cache` and must share the baseline too (per-file analyses read it).
    public init(snapshot: RepoSnapshot, infraDir given: String, cache: ScriptCache, baseline: RepoSnapshot? = nil) throws(EngineError) {
        let infraDir = InfraLayout.normalisedFolder(given)
        self.snapshot = snapshot
        self.baseline = baseline ?? snapshot
        self.cache = cache
        let all = snapshot.allPaths
        allPaths = all
        let configured = InfraConfig(snapshot.text(repoPath(infraDir, InfraConfig.fileName))).entrypoint
            .flatMap { joinPath("", $0) } ?? Self.documentedEntrypoint(all, infraDir: infraDir, snapshot: snapshot)
        // Which path plays which part depends on the paths alone: a plan's views share it
        // until an operation adds or removes a file.
        let roles = try snapshot.pathIndex.value("roles\u{0}\(infraDir)\u{0}\(configured ?? "")") { () throws(EngineError) in
            try PathRoles(all, infraDir: infraDir, configured: configured)
        }
        layout = roles.layout

        // What an earlier operation changed is parsed on every core first (when there is a
        // lot of it: a rule that rewrites every task leaves a thousand scripts to read).
        let entryPaths = snapshot.files[roles.layout.entrypoint] == nil ? [] : [roles.layout.entrypoint]
        cache.parse((roles.tasks + roles.libraries + entryPaths + roles.strays).compactMap { path in
            snapshot.text(path).map { (path, $0) }
        })
        func parsed(_ path: String) -> ShellFile? {
            guard let text = snapshot.text(path) else { return nil }
            return ShellFile(path: path, script: cache.script(path: path, text: text))
        }
        tasks = roles.tasks.compactMap(parsed)
        libraries = roles.libraries.compactMap(parsed)
        entrypoint = snapshot.files[roles.layout.entrypoint] == nil ? nil : parsed(roles.layout.entrypoint)
        otherScripts = roles.strays.compactMap(parsed)
        // On every core: reading the commands of twenty runbooks was 10 ms of the first view.
        docs = roles.docs.concurrentMap { path in
            snapshot.text(path).map { DocFile(path: path, text: $0, cache: cache) }
        }.compactMap { $0 }
        allScripts = tasks + libraries + otherScripts + (entrypoint.map { [$0] } ?? [])
        var byPath: [String: ShellFile] = [:]
        for f in allScripts { byPath[f.path] = f }
        scriptsByPath = byPath
        runScripts = Set((tasks + otherScripts + (entrypoint.map { [$0] } ?? [])).map(\.path))
        perScript = PerScriptMemo(scripts: allScripts.map(\.script))
        let shapes = libraries.map { String(Self.libraryShape($0.script.text)) }
        librariesKey = EffectiveCommands.contentKey(shapes)
        librariesVersion = String(librariesKey)
        librariesText = shapes.joined(separator: "\u{0}")
    }

    /// `allScripts` by path (every task's every `source` asks).
    let scriptsByPath: [String: ShellFile]
    /// Tasks, runners and the entrypoint: the scripts whose texts `semanticContext` leaves out.
    let runScripts: Set<String>
    /// `EffectiveCommands.contentKey` of the libraries' shapes (`libraryShape`: their texts
    /// without header `shell=` directives): what a per-script value that reads the
    /// libraries' functions is kept under across views. Such a value holds no library line.
    let librariesKey: Int
    /// `librariesKey` as a cache input.
    let librariesVersion: String
    /// The libraries' shapes as one cache input, where a value must never be answered for
    /// other libraries even on a collision of `librariesKey`.
    let librariesText: String

    /// Tasks, libraries, other scripts and the entrypoint, made once per view: asked for per
    /// sourced file, a computed copy of a thousand tasks each time was most of a plan.
    public let allScripts: [ShellFile]

    /// A documented script that already runs the tasks (`ExistingEntrypoint`), when no
    /// init-named script is there to take the role.
    private static func documentedEntrypoint(_ all: [String], infraDir: String, snapshot: RepoSnapshot) -> String? {
        // The tasks folder and whether an init-named script exists depend on the paths alone:
        // worked out once per set of paths, not per view.
        let (tasksDir, hasInit) = snapshot.pathIndex.value("init-named\u{0}\(infraDir)") { () -> (String, Bool) in
            let tasksFolder = repoPath(infraDir, "tasks")
            let tasksDir = all.contains { isDirectly($0, in: tasksFolder) } ? tasksFolder : infraDir
            let hasInit = all.contains { ($0.hasPrefix(folderPrefix(infraDir)) && (isDirectly($0, in: infraDir) || isDirectly($0, in: tasksDir)))
                && InfraLayout.isInitName(fileName($0)) }
            return (tasksDir, hasInit)
        }
        guard !hasInit else { return nil }
        return ExistingEntrypoint.find(paths: all, infraDir: infraDir, tasksDir: tasksDir, text: { snapshot.text($0) })
    }

    /// The first task named `name` (`050-dns` for `tasks/050-dns.sh`), by a lookup made once
    /// per view: rules and the runbook ask per task and per doc reference, which was quadratic
    /// on a tree of a thousand tasks.
    public func task(named name: String) -> ShellFile? { taskIndex.byName[name] }

    /// The task at `path`, nil when `path` is not one of this view's tasks.
    public func task(at path: String) -> ShellFile? { taskIndex.byPath[path] }

    private struct TaskIndex {
        let byName: [String: ShellFile]
        let byPath: [String: ShellFile]
    }

    private var taskIndex: TaskIndex {
        memo.value("task-index") { () -> TaskIndex in
            TaskIndex(byName: Dictionary(tasks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }),
                      byPath: Dictionary(tasks.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first }))
        }
    }

    /// The library file tasks should share: an existing one, preferring `helpers`/`common` names.
    /// Scripts in the tasks folder whose names carry no number (`network.sh`): the
    /// entrypoint finds tasks by `[0-9]*.sh`, so it can neither find nor order these. Empty
    /// when the tasks live in the infra folder itself (other scripts sit there too).
    public var unnumberedTaskScripts: [String] {
        guard layout.tasksDir != layout.infraDir else { return [] }
        return otherScripts.map(\.path).filter { isDirectly($0, in: layout.tasksDir) }.sorted()
    }

    /// Whether the tasks folder holds scripts and none is a numbered task: no entrypoint can
    /// drive them until they are numbered, so nothing is planned around one.
    public var tasksAreUnnumbered: Bool { tasks.isEmpty && !unnumberedTaskScripts.isEmpty }

    public var primaryLibrary: String {
        let paths = libraries.map(\.path)
        for stem in ["helpers", "common", "lib", "functions", "utils"] {
            if let p = paths.first(where: { InfraLayout.taskName($0) == stem }) { return p }
        }
        return paths.first ?? repoPath(layout.libDir, "helpers.sh")
    }
}

/// The part each path of a tree plays: derived from the sorted paths alone (and the
/// configured entrypoint), so every view of a tree with the same paths shares one.
struct PathRoles {
    let layout: InfraLayout
    /// Numbered tasks, sorted by task name.
    let tasks: [String]
    let libraries: [String]
    /// Shell files that are neither tasks, libraries nor the entrypoint.
    let strays: [String]
    let docs: [String]

    init(_ all: [String], infraDir infra: String, configured: String?) throws(EngineError) {
        let infraPrefix = folderPrefix(infra)
        // One pass over the tree's paths: this runs again whenever an operation adds a file.
        var anyInfra = false
        var shellPaths: [String] = []  // in the infra folder
        var allShell: [String] = []
        var docs: [String] = []
        for path in all {
            let name = fileName(path)
            let isShell = name.endsInASCII(".sh") || name.endsInASCII(".bash")
            if path.hasPrefix(infraPrefix) {
                anyInfra = true
                if isShell { shellPaths.append(path) }
            }
            if isShell { allShell.append(path) }
            if Self.isMarkdown(name) && !Self.isHistoricalRecord(path) { docs.append(path) }
        }
        guard anyInfra else {
            throw .usage("no infra scaffolding: \(infra.isEmpty ? "the repository" : infra + "/") is missing or empty (point --infra-dir at it)")
        }
        let tasksFolder = repoPath(infra, "tasks")
        let hasTasksFolder = shellPaths.contains { isDirectly($0, in: tasksFolder) }
        let tasksDir = hasTasksFolder ? tasksFolder : infra
        let libDir = repoPath(infra, "lib")
        // An existing init script takes the entrypoint role; otherwise the default.
        let initCandidates = shellPaths.filter {
            (isDirectly($0, in: infra) || isDirectly($0, in: tasksDir)) && InfraLayout.isInitName(fileName($0))
        }
        let entry = configured ?? initCandidates.first { $0 == repoPath(infra, "init.sh") } ?? initCandidates.first ?? repoPath(infra, "init.sh")
        layout = InfraLayout(infraDir: infra, tasksDir: tasksDir, libDir: libDir, entrypoint: entry,
                             logsDir: repoPath(infra, "logs"))
        let taskPaths = shellPaths.filter {
            isDirectly($0, in: tasksDir) && $0 != entry && InfraLayout.isNumberedScript(fileName($0))
        }
        tasks = taskPaths.map { (InfraLayout.taskName($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        libraries = shellPaths.filter { $0.hasPrefix(libDir + "/") }
        let known = Set(taskPaths + libraries + [entry])
        // Root scripts are read only so one can take the entrypoint's role (`deploy.sh`); the
        // others belong to the rest of the repository, not to the scaffolding.
        strays = allShell.filter { !known.contains($0) && (infra.isEmpty || !isDirectly($0, in: "")) }
        self.docs = docs
    }

    /// A document that records the past: a changelog or release notes, an architecture
    /// decision record, an RFC, a postmortem, an archive. "We used to run X by hand" and
    /// "removed `deploy/old.sh`" are true as written, so no doc rule reads or edits them.
    static func isHistoricalRecord(_ path: String) -> Bool {
        let stem = fileName(path).uppercased().filter { $0.isLetter }
        if ["CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASENOTES", "RELEASES"].contains(where: { stem.hasPrefix($0) }) { return true }
        let folders = path.lowercased().split(separator: "/").dropLast()
        let records: Set<Substring> = ["adr", "adrs", "decisions", "decision-records", "rfc", "rfcs", "postmortems",
                                        "post-mortems", "incidents", "archive", "archived", "changelog", "release-notes"]
        return folders.contains { records.contains($0) } || namesARecord(fileName(path))
    }

    /// A file whose own name says it records the past, wherever it is: `postmortem-2024-02.md`,
    /// `2024-03-db-post-mortem.md`, `incident-2024-05-17.md`, `q3-retro.md`, `adr-0007-queues.md`,
    /// `rfc-12-tasks.md`. A playbook for future incidents (`incident-response.md`) tells people
    /// what to do, so it is not one.
    static func namesARecord(_ name: Substring) -> Bool {
        let words = name.lowercased().split { !$0.isLetter }.map(String.init).filter { $0 != "md" }
        guard let first = words.first else { return false }
        let joined = words.joined()
        if joined.contains("postmortem") || words.contains(where: { ["retro", "retrospective", "retrospectives"].contains($0) }) {
            return true
        }
        if ["adr", "rfc"].contains(first) { return true }
        if first == "incident" || first == "incidents" {
            let instructions: Set<String> = ["response", "playbook", "runbook", "handling", "process", "guide", "management", "template"]
            return !words.contains(where: instructions.contains)
        }
        return false
    }

    /// `.md` in any case, on bytes.
    static func isMarkdown(_ name: Substring) -> Bool {
        let b = Array(name.utf8.suffix(3))
        return b.count == 3 && b[0] == UInt8(ascii: ".") && (b[1] | 0x20) == UInt8(ascii: "m") && (b[2] | 0x20) == UInt8(ascii: "d")
    }
}

/// Parses each script once per distinct content, across the virtual trees of one plan.
public final class ScriptCache: @unchecked Sendable {
    /// The last two versions of each path, newest first: validation reads an operation's
    /// version a little after the planner has gone on to write the next one.
    private var entries: [String: [(text: String, script: ShellScript)]] = [:]
    private static let versionsPerPath = 2
    private let lock = SpinLock()

    public init() {}

    public func script(path: String, text: String) -> ShellScript {
        lock.lock()
        if let hit = entries[path]?.first(where: { $0.text == text }) { lock.unlock(); return hit.script }
        lock.unlock()
        // Parsed outside the lock, so views built on several threads parse side by side.
        let script = ShellReader.read(text, path: path)
        lock.lock()
        var versions = entries[path] ?? []
        if !versions.contains(where: { $0.text == text }) {
            versions.insert((text, script), at: 0)
            if versions.count > Self.versionsPerPath { versions.removeLast() }
            entries[path] = versions
        }
        lock.unlock()
        return script
    }

    /// Parses the files of `files` not parsed yet, on every core when there are many.
    func parse(_ files: [(path: String, text: String)]) {
        lock.lock()
        let missing = files.filter { f in !(entries[f.path]?.contains { $0.text == f.text } ?? false) }
        lock.unlock()
        guard missing.count >= 64 else { return }  // fewer: parsed as they are asked for
        let chunks = min(missing.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for i in stride(from: chunk, to: missing.count, by: chunks) { _ = script(path: missing[i].path, text: missing[i].text) }
        }
    }

    /// Parses the shell files of `snapshot` on every core, before the rules ask for them.
    public func warm(_ snapshot: RepoSnapshot) {
        let files = snapshot.files.compactMap { path, file -> (path: String, text: String)? in
            let name = fileName(path)
            guard name.endsInASCII(".sh") || name.endsInASCII(".bash"), let text = file.text else { return nil }
            return (path, text)
        }
        let chunks = max(1, min(files.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for i in stride(from: chunk, to: files.count, by: chunks) { _ = script(path: files[i].path, text: files[i].text) }
        }
    }

    private var docs: [String: (text: String, commands: [DocCommand])] = [:]
    /// Everything else the plan run derives from file contents, typed by key.
    let values = TypedCache()

    /// A value made from exactly these texts (in this order), made again only when one of
    /// them changes: the views of one plan mostly share their files, and the findings and
    /// the operations of a rule look at the same ones. The last inputs of each key are kept.
    func derived<T>(_ key: String, path: String = "", from inputs: [String?], _ make: () -> T) -> T {
        values.value(key, path: path, from: inputs, make)
    }

    /// `derived` of one input (a script's text, mostly), building no array on a hit.
    func derived<T>(_ key: String, path: String = "", from input: String?, _ make: () -> T) -> T {
        values.value(key, path: path, from: input, make)
    }

    /// `derived` of two inputs (a script's text and its analysis key), building no array on a hit.
    func derived<T>(_ key: String, path: String = "", from first: String?, _ second: String?, _ make: () -> T) -> T {
        values.value(key, path: path, from: first, second, make)
    }

    /// A document's commands, read once per text (every rule's view of the tree has the docs).
    func docCommands(path: String, text: String) -> [DocCommand] {
        lock.lock()
        if let hit = docs[path], hit.text == text { lock.unlock(); return hit.commands }
        lock.unlock()
        let commands = DocFile.extractCommands(text)
        lock.lock()
        docs[path] = (text, commands)
        lock.unlock()
        return commands
    }
}

/// Values made once by key, for something that never changes: a view of the tree, a set of
/// paths, a manifests layer. A `TypedCache`: the value's type is part of the key, and a
/// cached nil is a hit.
typealias Memo = TypedCache
