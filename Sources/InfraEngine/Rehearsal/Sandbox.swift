import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs one command inside bubblewrap (`bwrap`): the whole file system read-only, the
/// rehearsal's own folders (the scratch copy of the tree, HOME, TMPDIR, the doubles' state)
/// the only writable places, every namespace unshared (so no network), the process tree tied
/// to ours (`--die-with-parent`, a pid namespace torn down with it), stdin from /dev/null.
/// Wall time, output size and process count are limited; a script that passes a limit is
/// killed, namespace and all, and the run says which limit it met.
///
/// There is no fallback: when bwrap is missing or cannot make namespaces, `probe()` says why
/// and the caller reports rehearsal as skipped. A person's script never runs outside it.
public struct Sandbox: Sendable {
    /// What one rehearsal may use.
    public struct Limits: Sendable, Equatable {
        /// Per command, in seconds.
        public var wallSeconds: Double
        /// Stdout and stderr together, in bytes; past it the output is cut and the run stopped.
        public var outputBytes: Int
        /// Processes at once inside the sandbox.
        public var processes: Int
        /// Largest file a script may write, in KiB (`ulimit -f`).
        public var fileKiB: Int

        public init(wallSeconds: Double = 30, outputBytes: Int = 1 << 20, processes: Int = 256, fileKiB: Int = 64 << 10) {
            self.wallSeconds = wallSeconds
            self.outputBytes = outputBytes
            self.processes = processes
            self.fileKiB = fileKiB
        }
    }

    /// How one command ended.
    public struct Run: Sendable, Equatable {
        /// Exit status; 128 + signal when killed.
        public var status: Int32
        /// Stdout and stderr, interleaved as written, cut at the limit.
        public var output: String
        public var timedOut = false
        public var outputCut = false
        public var seconds: Double = 0
        public var passed: Bool { status == 0 && !timedOut && !outputCut }
    }

    public enum Availability: Sendable, Equatable {
        case ready(bwrap: String)
        case unavailable(reason: String)
    }

    public let bwrap: String
    public var limits: Limits

    public init(bwrap: String, limits: Limits = Limits()) {
        self.bwrap = bwrap
        self.limits = limits
    }

    /// The sandbox when bwrap is installed and can make its namespaces here (tried once per
    /// process by running `true` inside), else why not. `INFRA_TUI_BWRAP` names another binary
    /// (an empty value disables rehearsal).
    public static func probe() -> Availability { probed }

    private static let probed: Availability = {
        let env = ProcessInfo.processInfo.environment
        let path: String
        if let named = env["INFRA_TUI_BWRAP"] {
            guard !named.isEmpty else { return .unavailable(reason: "INFRA_TUI_BWRAP is empty") }
            path = named
        } else {
            guard let found = ProcessRunner.which("bwrap") else { return .unavailable(reason: "bubblewrap (bwrap) is not installed") }
            path = found
        }
        // A sandbox made here once since boot by this user with this bwrap is made again: the
        // probe costs a sandbox's start-up, as much as a whole small rehearsal's steps.
        let proof = ProbeRecord(bwrap: path)
        if proof?.holds() == true { return .ready(bwrap: path) }
        let sandbox = Sandbox(bwrap: path, limits: Limits(wallSeconds: 10))
        let run = sandbox.run(["/bin/sh", "-c", "exit 0"], writable: [], workingDirectory: "/", environment: ["PATH": "/usr/bin:/bin"])
        guard run.passed else {
            let why = run.output.split(separator: "\n").first.map(String.init) ?? "exit \(run.status)"
            return .unavailable(reason: "bwrap cannot create its namespaces here: \(why)")
        }
        proof?.record()
        return .ready(bwrap: path)
    }()

    /// Runs `command` (argv, resolved inside the sandbox) with only `writable` folders
    /// writable (bound at their own paths), in `workingDirectory`, with exactly `environment`.
    /// `systemTmp` is bound at /tmp and /var/tmp (else each is an empty tmpfs): scripts write
    /// logs and work files there by absolute path, and must neither fail for it nor touch
    /// ours; a folder kept across runs lets a second run see what the first left, as on a
    /// real machine. `readOnly` folders and files are bound again read-only after that, for
    /// scratch folders that live below /tmp or /dev/shm (which the sandbox's own /dev hides);
    /// a folder bound there hides whatever the sandbox made below it, so bind a file where
    /// a file is all that is needed.
    public func run(_ command: [String], writable: [String], readOnly: [String] = [], systemTmp: String? = nil,
                    workingDirectory: String, environment: [String: String]) -> Run {
        var args = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                    "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
        for dir in ["/tmp", "/var/tmp"] {
            if let systemTmp { args += ["--bind", systemTmp, dir] } else { args += ["--size", String(limits.fileKiB * 1024), "--tmpfs", dir] }
        }
        for dir in readOnly { args += ["--ro-bind", dir, dir] }
        for dir in writable { args += ["--bind", dir, dir] }
        // The environment goes to bwrap as its own (which it hands on), not as --setenv
        // arguments: values such as passwords would show in every process listing.
        args += ["--chdir", workingDirectory]
        // Limits set by the sandbox's first shell, so they bind everything the script starts.
        let limit = "ulimit -u \(limits.processes) 2>/dev/null; ulimit -f \(limits.fileKiB * 2) 2>/dev/null; exec \"$@\""
        args += ["/bin/sh", "-c", limit, "sh"] + command
        let group = ProcessGroupLimit(processes: limits.processes)
        defer { group?.remove() }
        if let group { args = ["/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", group.procsFile] + args }
        return SpawnedRun.run(args, environment: environment, limits: limits, group: group)
    }
}

/// A pids cgroup (v1 `pids` hierarchy) capping the sandbox's process count where
/// `ulimit -u` does not bind: for root, the kernel ignores RLIMIT_NPROC. Used when this
/// process may make one; also the list of every process to kill at the end.
struct ProcessGroupLimit {
    let folder: String
    var procsFile: String { folder + "/cgroup.procs" }

    init?(processes: Int) {
        guard getuid() == 0 else { return nil }
        let base = "/sys/fs/cgroup/pids"
        guard access(base, W_OK) == 0 else { return nil }
        Self.sweep(base)
        folder = "\(base)/infra-tui-\(getpid())-\(UUID().uuidString.prefix(8))"
        guard mkdir(folder, 0o755) == 0 else { return nil }
        guard (try? "\(processes + 2)".write(toFile: folder + "/pids.max", atomically: false, encoding: .utf8)) != nil else {
            rmdir(folder)
            return nil
        }
    }

    /// Whether the process limit binds here: `ulimit -u` does for anyone but root; for root
    /// only a pids cgroup this process may make does.
    static var available: Bool { getuid() != 0 || access("/sys/fs/cgroup/pids", W_OK) == 0 }

    /// Removes the groups of infra-tui processes that are gone. A group cannot be removed
    /// while the kernel still counts a process that died in it, and where the container's
    /// first process is slow to reap (bwrap's own children end up there) that outlasts the
    /// wait in `remove()`; the next rehearsal tidies up.
    static func sweep(_ base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix("infra-tui-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 4, let pid = pid_t(parts[2]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            rmdir("\(base)/\(name)")
        }
    }

    /// Every process still in the group.
    func members() -> [pid_t] {
        ((try? String(contentsOfFile: procsFile, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
    }

    func killAll() {
        for _ in 0..<50 {
            let pids = members()
            if pids.isEmpty { return }
            for pid in pids { kill(pid, SIGKILL) }
            usleep(2_000)
        }
    }

    func remove() {
        killAll()
        // The kernel lets go of a group a moment after its last process is reaped.
        for _ in 0..<500 {
            if rmdir(folder) == 0 || errno == ENOENT { return }
            usleep(1_000)
        }
    }
}

/// That bwrap made its namespaces here: a line in the cache folder naming the boot, the user
/// and the bwrap binary (path, size, modification time), so a new boot, another user or
/// another bwrap probes again.
struct ProbeRecord {
    let file: URL
    let line: String

    init?(bwrap: String) {
        guard let folder = ValidationCache.folder(),
              let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return nil }
        var info = stat()
        guard stat(bwrap, &info) == 0 else { return nil }
        file = folder.appendingPathComponent("bwrap-probe")
        line = "\(boot.trimmingWhitespaceAndNewlines()) uid=\(getuid()) \(bwrap):\(info.st_size):\(info.st_mtim.tv_sec)\n"
    }

    func holds() -> Bool { (try? String(contentsOf: file, encoding: .utf8)) == line }

    func record() {
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(line.utf8).write(to: file, options: .atomic)
    }
}
