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
public struct RepoReality: Sendable {
    public let snapshot: RepoSnapshot
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
    let memo = RealityMemo()

    public init(snapshot: RepoSnapshot, infraDir: String, cache: ScriptCache) throws(EngineError) {
        self.snapshot = snapshot
        self.cache = cache
        let infra = infraDir
        // One sort of the tree's paths serves the infra folder, the strays, the docs and the rules.
        let all = snapshot.allPaths
        allPaths = all
        let infraPrefix = infra.isEmpty ? "" : infra + "/"
        let infraFiles = all.filter { $0.hasPrefix(infraPrefix) }
        guard !infraFiles.isEmpty else {
            throw .usage("no infra scaffolding: \(infra)/ is missing or empty (point --infra-dir at it)")
        }
        let shellPaths = infraFiles.filter { $0.hasSuffix(".sh") || $0.hasSuffix(".bash") }
        let tasksFolder = "\(infra)/tasks"
        let hasTasksFolder = shellPaths.contains { parentFolder($0) == tasksFolder }
        let tasksDir = hasTasksFolder ? tasksFolder : infra
        let libDir = "\(infra)/lib"
        // An existing init script takes the entrypoint role; otherwise the default.
        let initCandidates = shellPaths.filter {
            (parentFolder($0) == infra || parentFolder($0) == tasksDir)
                && InfraLayout.isInitName(String($0.split(separator: "/").last!))
        }
        let configured = InfraConfig(snapshot.text("\(infra)/\(InfraConfig.fileName)")).entrypoint
            .flatMap { joinPath("", $0) }
        let entry = configured ?? initCandidates.first { $0 == "\(infra)/init.sh" } ?? initCandidates.first ?? "\(infra)/init.sh"
        layout = InfraLayout(infraDir: infra, tasksDir: tasksDir, libDir: libDir, entrypoint: entry,
                             logsDir: "\(infra)/logs")

        func parsed(_ path: String) -> ShellFile? {
            guard let text = snapshot.text(path) else { return nil }
            return ShellFile(path: path, script: cache.script(path: path, text: text))
        }
        let taskPaths = shellPaths.filter {
            parentFolder($0) == tasksDir && $0 != entry
                && InfraLayout.isNumberedScript(String($0.split(separator: "/").last!))
        }
        tasks = taskPaths.map { (InfraLayout.taskName($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1).compactMap(parsed)
        libraries = shellPaths.filter { $0.hasPrefix(libDir + "/") }.compactMap(parsed)
        entrypoint = snapshot.files[entry] == nil ? nil : parsed(entry)
        let known = Set(taskPaths + libraries.map(\.path) + [entry])
        let strays = all.filter { ($0.hasSuffix(".sh") || $0.hasSuffix(".bash")) && !known.contains($0) }
        otherScripts = strays.compactMap(parsed)
        docs = all.filter { $0.lowercased().hasSuffix(".md") }.compactMap { path in
            snapshot.text(path).map { DocFile(path: path, text: $0, cache: cache) }
        }
    }

    public var allScripts: [ShellFile] { tasks + libraries + otherScripts + (entrypoint.map { [$0] } ?? []) }

    public func task(named name: String) -> ShellFile? { tasks.first { $0.name == name } }

    /// The library file tasks should share: an existing one, preferring `helpers`/`common` names.
    public var primaryLibrary: String {
        let paths = libraries.map(\.path)
        for stem in ["helpers", "common", "lib", "functions", "utils"] {
            if let p = paths.first(where: { InfraLayout.taskName($0) == stem }) { return p }
        }
        return paths.first ?? "\(layout.libDir)/helpers.sh"
    }
}

/// Parses each script once per distinct content, across the virtual trees of one plan.
public final class ScriptCache: @unchecked Sendable {
    private var entries: [String: (text: String, script: ShellScript)] = [:]
    private let lock = NSLock()

    public init() {}

    public func script(path: String, text: String) -> ShellScript {
        lock.lock()
        if let hit = entries[path], hit.text == text { lock.unlock(); return hit.script }
        lock.unlock()
        // Parsed outside the lock, so views built on several threads parse side by side.
        let script = ShellReader.read(text, path: path)
        lock.lock()
        entries[path] = (text, script)
        lock.unlock()
        return script
    }

    /// Parses the shell files of `snapshot` on every core, before the rules ask for them.
    public func warm(_ snapshot: RepoSnapshot) {
        let files = snapshot.files.filter { $0.key.hasSuffix(".sh") || $0.key.hasSuffix(".bash") }
            .compactMap { f in f.value.text.map { (f.key, $0) } }
        let chunks = max(1, min(files.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for i in stride(from: chunk, to: files.count, by: chunks) { _ = script(path: files[i].0, text: files[i].1) }
        }
    }

    private var docs: [String: (text: String, commands: [DocCommand])] = [:]

    /// A document's commands, read once per text (every rule's view of the tree has the docs).
    func docCommands(path: String, text: String) -> [DocCommand] {
        lock.lock()
        defer { lock.unlock() }
        if let hit = docs[path], hit.text == text { return hit.commands }
        let commands = DocFile.extractCommands(text)
        docs[path] = (text, commands)
        return commands
    }
}

/// Results computed once per view of the tree. A view never changes, so they never go stale.
final class RealityMemo: @unchecked Sendable {
    private var values: [String: Any] = [:]
    private let lock = NSLock()

    func value<T>(_ key: String, _ make: () -> T) -> T {
        lock.lock()
        if let hit = values[key] as? T { lock.unlock(); return hit }
        lock.unlock()
        let made = make()
        lock.lock()
        values[key] = made
        lock.unlock()
        return made
    }
}
