import Foundation
import Testing

/// A private tmux server running one command in a fixed-size window: keys go in with
/// send-keys, screens come out with capture-pane. Killed when dropped.
final class Tmux {
    let socket = "infra-tui-test-\(UUID().uuidString.prefix(8))"
    let target = "ui"

    static var available: Bool { Sh.which("tmux") != nil }

    /// `command` runs under `sh -c` with a UTF-8 locale; the window is `width` x `height`.
    init(width: Int = 80, height: Int = 24, command: String, env: [String: String] = [:]) throws {
        var args = ["-u", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", target]
        for (k, v) in ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"].merging(env, uniquingKeysWith: { $1 }) {
            args += ["-e", "\(k)=\(v)"]
        }
        // One string: tmux hands it to its shell as it is.
        args.append(command)
        // The server forks from this client and keeps its descriptors: reading the client's
        // output to the end would wait for the server to exit, so this one is not captured.
        guard Sh.spawnAndWait(["tmux"] + args, env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]) == 0 else { throw TmuxTimeout() }
        // A window that survives its command, so the last screen can still be read.
        try tmux(["set-option", "-t", target, "remain-on-exit", "on"])
        let pids = try tmux(["display-message", "-p", "-t", target, "#{pid} #{pane_pid}"]).split(separator: " ")
        serverPID = pids.first.flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        panePID = pids.last.flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    private var serverPID: pid_t = 0
    private var panePID: pid_t = 0

    deinit {
        _ = Sh.spawnAndWait(["tmux", "-L", socket, "kill-server"], env: [:])
        // kill-server has been seen to leave the server up; the test owns it, so make sure.
        if panePID > 0 { kill(-panePID, SIGKILL) }  // the pane's shell leads its own group
        if serverPID > 0 { kill(serverPID, SIGKILL) }
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let r = try Sh.run("/usr/bin/env", ["tmux", "-L", socket] + args, env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        return r.stdout
    }

    /// Keys in tmux's names ("j", "Enter", "PageDown", "C-c").
    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", target] + keys) }
    /// Literal text.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", target, "-l", text]) }

    func screen(colours: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", target] + (colours ? ["-e"] : []))
    }

    func resize(_ width: Int, _ height: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `predicate` holds; fails the test with the last screen if it
    /// never does.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation,
                 _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); screen was:\n\(last)", sourceLocation: sourceLocation)
        throw TmuxTimeout()
    }

    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }
}

struct TmuxTimeout: Error {}

/// Processes for the end-to-end tests.
enum Sh {
    struct Result { let status: Int32; let stdout: String; let stderr: String }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @discardableResult
    static func run(_ exe: String, _ args: [String], cwd: URL? = nil, env: [String: String] = [:], stdin: FileHandle? = nil,
                    capture: Bool = true) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        p.environment = ProcessInfo.processInfo.environment.merging(env, uniquingKeysWith: { $1 })
        p.standardInput = stdin ?? FileHandle.nullDevice
        guard capture else {
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return Result(status: p.terminationStatus, stdout: "", stderr: "")
        }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// posix_spawn and waitpid: returns when this process exits even if it left a daemon
    /// behind (Foundation's Process waits for every inheritor of its descriptors, so a tmux
    /// client that starts a server would block it until the server ends).
    static func spawnAndWait(_ args: [String], env: [String: String]) -> Int32 {
        var environment = ProcessInfo.processInfo.environment.merging(env, uniquingKeysWith: { $1 })
        environment["TMUX"] = nil
        let argv = args.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, args[0], &actions, nil, argv, envp) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xff
    }

    static func git(_ dir: URL, _ args: String...) throws -> Result {
        try run("/usr/bin/git", ["-C", dir.path, "-c", "user.name=test", "-c", "user.email=test@example.invalid"] + args)
    }
}

/// The binary under test (INFRA_TUI_BIN, as `make test` sets it) and fresh demo copies.
enum E2E {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var binary: String? {
        if let bin = ProcessInfo.processInfo.environment["INFRA_TUI_BIN"], FileManager.default.isExecutableFile(atPath: bin) { return bin }
        let fallback = packageRoot.appendingPathComponent(".build/debug/infra-tui").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }

    static var ready: Bool { binary != nil && Tmux.available }

    /// A git checkout of the embedded demo repository, as `infra-tui --demo` makes one.
    static func demoCopy() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-ui-\(UUID().uuidString.prefix(8))")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Resources/demo"), to: dir)
        try FileManager.default.moveItem(at: dir.appendingPathComponent("gitignore"), to: dir.appendingPathComponent(".gitignore"))
        if let walker = FileManager.default.enumerator(atPath: dir.path) {
            for case let rel as String in walker where rel.hasSuffix(".sh") {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.appendingPathComponent(rel).path)
            }
        }
        _ = try Sh.git(dir, "init", "-q", "-b", "main")
        _ = try Sh.git(dir, "add", "-A")
        _ = try Sh.git(dir, "commit", "-q", "-m", "demo")
        return dir
    }

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

extension Tmux {
    /// Waits until the queue is up and background validation has finished: its "Validation
    /// finished" message would otherwise replace a message a test is about to check.
    func waitForValidation(timeout: Double = 90) throws {
        try waitFor("the queue, validated", timeout: timeout) { $0.contains(" Queue") && !$0.contains("validating") && $0.contains("pending") }
    }
}
