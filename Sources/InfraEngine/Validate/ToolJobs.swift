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

/// Runs the jobs the cache cannot answer: each tool over many files per process where it
/// takes many (shellcheck), on every core at once, in scratch folders outside the person's
/// tree. Jobs whose files agree share a folder ("layer"); a job whose script or library
/// differs from a layer's copy goes to the next layer.
struct ToolJobRunner {
    let cache: ValidationCache
    let cores: Int
    let tools: [ToolJob.Kind: ToolIdentity]

    /// The answer to every job the tools could answer (by key). A tool that could not run
    /// leaves its jobs out, and nothing about them is cached.
    func run(_ jobs: [String: ToolJob]) async -> [String: ValidationCache.Entry] {
        var answers: [String: ValidationCache.Entry] = [:]
        var todo: [ToolJob] = []
        for key in jobs.keys.sorted() {
            if let hit = cache.lookup(key) { answers[key] = hit } else { todo.append(jobs[key]!) }
        }
        guard !todo.isEmpty else { return answers }
        // INFRA_TUI_KEEP_VALIDATION=DIR keeps the scratch folders there with `calls.sh`, the
        // tool calls one per line: to see what validation ran, or time the tools alone.
        let keep = ProcessInfo.processInfo.environment["INFRA_TUI_KEEP_VALIDATION"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
        let scratch = keep ?? Self.scratchBase().appendingPathComponent("infra-tui-validate-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: scratch) } }
        let calls = layOut(todo, in: scratch)
        if keep != nil { Self.writeScript(calls, to: scratch.appendingPathComponent("calls.sh")) }
        let fresh = await runConcurrently(calls)
        for (key, entry) in fresh {
            answers[key] = entry
            cache.store(key, entry)
        }
        return answers
    }

    /// One process to start, and how to read its answer back into entries by job key.
    struct Call: Sendable {
        let tool: String
        let arguments: [String]
        let folder: URL
        let weight: Int
        let read: @Sendable (ProcessRunner.Result) -> [String: ValidationCache.Entry]
    }

    func layOut(_ jobs: [ToolJob], in scratch: URL) -> [Call] {
        var layers: [[String: String]] = []  // path -> job key of its bytes, per shell layer
        var layerJobs: [[ToolJob]] = []
        var written = Set<String>()
        var calls: [Call] = []
        for (n, job) in jobs.enumerated() {
            if job.kind == .kustomize {
                let folder = scratch.appendingPathComponent("k\(n)")
                for file in job.files { Self.put(file.data, folder.appendingPathComponent(file.path).path, &written) }
                calls.append(kustomize(job, folder))
                continue
            }
            let hashes = Dictionary(job.files.map { ($0.path, ContentHash.sha256($0.data)) }, uniquingKeysWith: { a, _ in a })
            var index = layers.firstIndex { layer in hashes.allSatisfy { layer[$0.key] == nil || layer[$0.key] == $0.value } }
            if index == nil { layers.append([:]); layerJobs.append([]); index = layers.count - 1 }
            let folder = scratch.appendingPathComponent("s\(index!)")
            for file in job.files where layers[index!][file.path] == nil {
                layers[index!][file.path] = hashes[file.path]
                Self.put(file.data, folder.appendingPathComponent(file.path).path, &written)
            }
            layerJobs[index!].append(job)
        }
        for (index, jobs) in layerJobs.enumerated() {
            let folder = scratch.appendingPathComponent("s\(index)")
            let checks = jobs.filter { $0.kind == .shellcheck }
            // Several scripts per shellcheck process (it starts slowly), split so every core has work.
            let perCall = max(1, min(64, (checks.count + cores * 2 - 1) / (cores * 2)))
            for start in stride(from: 0, to: checks.count, by: perCall) {
                calls.append(shellcheck(Array(checks[start..<min(start + perCall, checks.count)]), folder))
            }
            for job in jobs where job.kind == .bashSyntax { calls.append(bash(job, folder)) }
        }
        // Longest first, so the last call to finish is a short one.
        return calls.enumerated().sorted { ($0.element.weight, $1.offset) > ($1.element.weight, $0.offset) }.map(\.element)
    }

    func shellcheck(_ jobs: [ToolJob], _ folder: URL) -> Call {
        let byPath = Dictionary(jobs.map { ($0.target, $0.key) }, uniquingKeysWith: { a, _ in a })
        var weight = 0
        for job in jobs { weight += job.files.first { $0.path == job.target }?.data.count ?? 0 }
        return Call(tool: tools[.shellcheck]!.path, arguments: ["-f", "gcc", "-x", "-P", "SCRIPTDIR"] + jobs.map(\.target),
                    folder: folder, weight: weight) { r in
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
        Call(tool: tools[.bashSyntax]!.path, arguments: ["-n", job.target], folder: folder, weight: 0) { r in
            guard r.status < 128 else { return [:] }
            return [job.key: .init(ok: r.succeeded, lines: r.succeeded ? [] : [Self.firstLine(r.stderr) ?? job.target])]
        }
    }

    func kustomize(_ job: ToolJob, _ folder: URL) -> Call {
        let dir = job.target.isEmpty ? "." : job.target
        return Call(tool: tools[.kustomize]!.path, arguments: ["kustomize", dir], folder: folder, weight: 1 << 20) { r in
            guard r.status < 128 else { return [:] }
            return [job.key: .init(ok: r.succeeded, lines: r.succeeded ? [] : [Self.firstLine(r.stderr) ?? "exit \(r.status)"])]
        }
    }

    func runConcurrently(_ calls: [Call]) async -> [String: ValidationCache.Entry] {
        await withTaskGroup(of: [String: ValidationCache.Entry].self) { group in
            var next = 0
            var out: [String: ValidationCache.Entry] = [:]
            func start() {
                let call = calls[next]
                next += 1
                group.addTask {
                    guard let r = try? await ProcessRunner.run(call.tool, call.arguments, in: call.folder) else { return [:] }
                    return call.read(r)
                }
            }
            while next < min(cores, calls.count) { start() }
            for await answers in group {
                out.merge(answers) { a, _ in a }
                if next < calls.count { start() }
            }
            return out
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
