import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts one process (the sandbox) with stdin on /dev/null and stdout and stderr on one
/// pipe, reads that pipe up to the output limit and waits up to the wall-time limit. At
/// either limit it kills the process's group and its cgroup: bwrap's `--die-with-parent`
/// and pid namespace then take every process inside with it.
enum SpawnedRun {
    /// `environment` is the process's whole environment (nothing of ours is inherited).
    static func run(_ argv: [String], environment: [String: String], limits: Sandbox.Limits, group: ProcessGroupLimit?) -> Sandbox.Run {
        let start = DispatchTime.now().uptimeNanoseconds
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return Sandbox.Run(status: 127, output: "cannot make a pipe: errno \(errno)") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)

        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            return Sandbox.Run(status: 127, output: "cannot start \(argv[0]): \(String(cString: strerror(spawned)))")
        }

        let deadline = start + UInt64(limits.wallSeconds * 1e9)
        var output = Data()
        var timedOut = false, cut = false
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= deadline { timedOut = true; break }
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let wait = Int32(min(1_000, max(1, (deadline - now) / 1_000_000)))
            let ready = poll(&poller, 1, wait)
            if ready < 0 { if errno == EINTR { continue }; break }
            if ready == 0 { continue }
            let n = read(readEnd, &buffer, buffer.count)
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; break }
            if n == 0 { break }  // every writer closed: the sandbox is done
            let room = limits.outputBytes - output.count
            output.append(contentsOf: buffer[0..<min(n, room)])
            if n > room { cut = true; break }
        }
        close(readEnd)
        if timedOut || cut {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            group?.killAll()
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Anything that kept the pipe open past its parent is gone with the namespace; the
        // cgroup (when there is one) makes sure.
        group?.killAll()
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        var run = Sandbox.Run(status: code, output: String(decoding: output, as: UTF8.self))
        run.timedOut = timedOut
        run.outputCut = cut
        run.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if timedOut { run.output += "\n[rehearsal: killed after \(Self.format(limits.wallSeconds)) s, the wall-time limit]\n" }
        if cut { run.output += "\n[rehearsal: output cut at \(limits.outputBytes) bytes; the script was stopped]\n" }
        return run
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
