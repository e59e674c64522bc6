import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One call the validator needs from an external tool, named by everything that decides its
/// answer: the tool, what it checks (a script, or a kustomization folder) and the bytes of
/// every file it may read. Two operations that leave the same script in the same context
/// share one job, and a job answered before comes from the cache.
struct ToolJob: Sendable {
    enum Kind: String, Sendable { case bashSyntax = "bash -n", shellcheck, kustomize }
    let kind: Kind
    /// The script path, or the kustomization folder ("" for the repository root).
    let target: String
    /// The files laid out for the tool, sorted by path.
    let files: [(path: String, data: Data)]
    let key: String

    init(kind: Kind, tool: ToolIdentity, target: String, files: [String: Data]) {
        self.kind = kind
        self.target = target
        self.files = files.sorted { $0.key < $1.key }.map { (path: $0.key, data: $0.value) }
        var material = "\(kind.rawValue)\0\(tool.fingerprint)\0\(target)\0"
        for file in self.files { material += "\(file.path)\0\(ContentHash.sha256(file.data))\0" }
        key = ContentHash.sha256(material)
    }
}

/// An installed tool and what tells one build of it from another, without running it.
struct ToolIdentity: Sendable {
    let path: String
    let fingerprint: String

    static func find(_ name: String) -> ToolIdentity? {
        guard let path = ProcessRunner.which(name) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return ToolIdentity(path: path, fingerprint: path) }
        return ToolIdentity(path: path, fingerprint: "\(path):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)")
    }
}

/// Runs the jobs the cache cannot answer while the plan is still being made: each tool over
/// many files per process where it takes many (shellcheck), on every core, in scratch
/// folders outside the person's tree. Jobs gather in a folder until it holds a batch of
/// scripts or a job needs other bytes at a path it already has; then the folder is sealed
/// (never written again, so what a call sees cannot change under it) and its calls start.
final class ToolJobStream: @unchecked Sendable {
    let cache: ValidationCache
    let cores: Int
    let tools: [ToolJob.Kind: ToolIdentity]
    static let batch = 48

    private let scratch: URL
    private let keep: Bool
    private var seen: Set<String> = []
    private var hits: [String: ValidationCache.Entry] = [:]
    private var filling: (index: Int, files: [String: String], jobs: [ToolJob])?
    private var folders = 0
    private var written = Set<String>()
    private var script: [Call] = []
    private let calls: AsyncStream<Call>.Continuation
    private let worker: Task<[String: ValidationCache.Entry], Never>

    /// `scratch`: where the folders go (default: a new folder on /dev/shm or $TMPDIR, removed
    /// at the end). INFRA_TUI_KEEP_VALIDATION=DIR (a new or empty folder: what else it holds
    /// could be read by the tools) keeps them in DIR with `calls.sh`, the tool calls one per
    /// line: to see what validation ran, or to time the tools alone.
    init(cache: ValidationCache, cores: Int, tools: [ToolJob.Kind: ToolIdentity], scratch: URL? = nil) {
        self.cache = cache
        self.cores = max(1, cores)
        self.tools = tools
        let kept = ProcessInfo.processInfo.environment["INFRA_TUI_KEEP_VALIDATION"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
        self.scratch = scratch ?? kept ?? Self.scratchBase().appendingPathComponent("infra-tui-validate-\(UUID().uuidString)")
        keep = scratch != nil || kept != nil
        let (stream, continuation) = AsyncStream.makeStream(of: Call.self)
        calls = continuation
        worker = Task.detached { [cores = self.cores] in await Self.run(stream, cores: cores) }
    }

    /// Takes a job: answered from the cache, already taken, or laid out to run.
    func submit(_ job: ToolJob) {
        guard seen.insert(job.key).inserted else { return }
        if let hit = cache.lookup(job.key) { hits[job.key] = hit; return }
        if job.kind == .kustomize {
            let folder = nextFolder("k")
            for file in job.files { Self.put(file.data, folder.appendingPathComponent(file.path).path, &written) }
            start(kustomize(job, folder))
            return
        }
        let hashes = Dictionary(job.files.map { ($0.path, ContentHash.sha256($0.data)) }, uniquingKeysWith: { a, _ in a })
        if let current = filling, !hashes.allSatisfy({ current.files[$0.key] == nil || current.files[$0.key] == $0.value }) { seal() }
        if filling == nil { filling = (folders, [:], []); folders += 1 }
        let folder = scratch.appendingPathComponent("s\(filling!.index)")
        for file in job.files where filling!.files[file.path] == nil {
            filling!.files[file.path] = hashes[file.path]
            Self.put(file.data, folder.appendingPathComponent(file.path).path, &written)
        }
        // bash -n reads only its script, which is in place: it can start at once.
        if job.kind == .bashSyntax { start(bash(job, folder)); return }
        filling!.jobs.append(job)
        if filling!.jobs.count >= Self.batch { seal() }
    }

    /// Every answer the cache or the tools gave (by key), once the last call is done. A tool
    /// that could not run leaves its jobs out, and nothing about them is cached.
    func finish() async -> [String: ValidationCache.Entry] {
        seal()
        calls.finish()
        let fresh = await worker.value
        if keep { Self.writeScript(script, to: scratch.appendingPathComponent("calls.sh")) } else { try? FileManager.default.removeItem(at: scratch) }
        for (key, entry) in fresh { cache.store(key, entry) }
        return hits.merging(fresh) { a, _ in a }
    }

    private func nextFolder(_ prefix: String) -> URL {
        folders += 1
        return scratch.appendingPathComponent("\(prefix)\(folders - 1)")
    }

    private func seal() {
        guard let current = filling else { return }
        filling = nil
        let folder = scratch.appendingPathComponent("s\(current.index)")
        if !current.jobs.isEmpty { start(shellcheck(current.jobs, folder)) }
    }

    private func start(_ call: Call) {
        script.append(call)
        calls.yield(call)
    }

    /// Runs calls as they come, at most `cores` at a time.
    private static func run(_ stream: AsyncStream<Call>, cores: Int) async -> [String: ValidationCache.Entry] {
        await withTaskGroup(of: [String: ValidationCache.Entry].self) { group in
            var out: [String: ValidationCache.Entry] = [:]
            var running = 0
            for await call in stream {
                if running == cores, let answers = await group.next() {
                    out.merge(answers) { a, _ in a }
                    running -= 1
                }
                group.addTask {
                    guard let r = try? await ProcessRunner.run(call.tool, call.arguments, in: call.folder) else { return [:] }
                    return call.read(r)
                }
                running += 1
            }
            for await answers in group { out.merge(answers) { a, _ in a } }
            return out
        }
    }

    /// One process to start, and how to read its answer back into entries by job key.
    struct Call: Sendable {
        let tool: String
        let arguments: [String]
        let folder: URL
        let read: @Sendable (ProcessRunner.Result) -> [String: ValidationCache.Entry]
    }

    func shellcheck(_ jobs: [ToolJob], _ folder: URL) -> Call {
        let byPath = Dictionary(jobs.map { ($0.target, $0.key) }, uniquingKeysWith: { a, _ in a })
        return Call(tool: tools[.shellcheck]!.path, arguments: ["-f", "gcc", "-x", "-P", "SCRIPTDIR"] + jobs.map(\.target),
                    folder: folder) { r in
            // 0: clean, 1: findings; anything else is shellcheck failing to run, which says nothing.
            guard r.status == 0 || r.status == 1 else { return [:] }
            var lines: [String: [String]] = [:]
            for line in r.stdout.split(separator: "\n") {
                let path = String(line.prefix { $0 != ":" })
                if byPath[path] != nil { lines[path, default: []].append(String(line)) }
            }
            return Dictionary(uniqueKeysWithValues: byPath.map { path, key in
                (key, ValidationCache.Entry(ok: lines[path] == nil, lines: lines[path] ?? []))
            })
        }
    }

    func bash(_ job: ToolJob, _ folder: URL) -> Call {
        Call(tool: tools[.bashSyntax]!.path, arguments: ["-n", job.target], folder: folder) { r in
            guard r.status < 128 else { return [:] }
            return [job.key: .init(ok: r.succeeded, lines: r.succeeded ? [] : [Self.firstLine(r.stderr) ?? job.target])]
        }
    }

    func kustomize(_ job: ToolJob, _ folder: URL) -> Call {
        let dir = job.target.isEmpty ? "." : job.target
        return Call(tool: tools[.kustomize]!.path, arguments: ["kustomize", dir], folder: folder) { r in
            guard r.status < 128 else { return [:] }
            return [job.key: .init(ok: r.succeeded, lines: r.succeeded ? [] : [Self.firstLine(r.stderr) ?? "exit \(r.status)"])]
        }
    }

    static func writeScript(_ calls: [Call], to file: URL) {
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let lines = calls.map { call in
            "cd \(quote(call.folder.path)) && \(([call.tool] + call.arguments).map(quote).joined(separator: " "))"
        }
        try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
    }

    /// `$TMPDIR` when the person set one; else `/dev/shm` when it is a writable memory file
    /// system: a large plan lays out thousands of small files, and creating (then deleting)
    /// them on a disk file system cost more than a second per plan on ext4.
    static func scratchBase() -> URL {
        let env = ProcessInfo.processInfo.environment
        if env["TMPDIR"].map({ !$0.isEmpty }) ?? false { return FileManager.default.temporaryDirectory }
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        if mounts.split(separator: "\n").contains(where: { $0.split(separator: " ").dropFirst().prefix(2) == ["/dev/shm", "tmpfs"] }),
           access("/dev/shm", W_OK | X_OK) == 0 {
            return URL(fileURLWithPath: "/dev/shm")
        }
        return FileManager.default.temporaryDirectory
    }

    static func firstLine(_ text: String) -> String? { text.split(separator: "\n").first.map(String.init) }

    /// Scratch files are rebuilt on every run, so they skip the fsync an AtomicFile pays.
    static func put(_ data: Data, _ path: String, _ made: inout Set<String>) {
        let dir = (path as NSString).deletingLastPathComponent
        if !made.contains(dir) {
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            made.insert(dir)
        }
        // Plain open/write: Foundation's createFile writes a temporary file and renames it.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
