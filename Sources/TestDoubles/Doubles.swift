import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The test doubles of gcloud, kubectl and helm, and the recording stubs, behind one entry point.
///
/// Contract (the rehearsal codes against it):
/// - `INFRA_TUI_DOUBLE_STATE`: a folder holding `state.json` (what exists) and `calls.jsonl` (one
///   `DoubleCall` a line), both changed under an `flock` on `state.lock`.
/// - `INFRA_TUI_DOUBLE_RUN`: the run label of each record. `INFRA_TUI_DOUBLE_ROOT`: the tree root
///   scripts are recorded relative to. `INFRA_TUI_DOUBLE_TASK`: the calling script, else found by
///   walking the parent processes.
/// - Knobs: `INFRA_TUI_DOUBLE_FAIL`, `INFRA_TUI_DOUBLE_GCLOUD_PROJECT`, `INFRA_TUI_DOUBLE_KUBE_CONTEXT`.
public enum Doubles {
    /// Tools with a model of identity.
    public static let modelledTools = ["gcloud", "kubectl", "helm"]
    /// Tools that record and succeed (kind and k3d remember clusters; curl and wget write placeholders).
    public static let stubTools = ["aws", "az", "terraform", "kind", "k3d", "curl", "wget", "docker", "ssh", "sudo", "apt-get", "vagrant"]
    public static var allTools: [String] { modelledTools + stubTools }

    public static let stateFile = "state.json"
    public static let lockFile = "state.lock"

    /// Runs one call on `state` (no files of the state folder touched): what it prints, its status and class.
    /// `effects: false` classifies only (no download or key file written).
    public static func execute(_ inv: Invocation, state: inout DoubleState, effects: Bool = true) -> Outcome {
        var inv = inv
        if inv.tool == "sudo" {
            // sudo runs the command: a modelled one behaves as itself.
            let p = sudoCommand(inv.args)
            if let first = p.first, ["gcloud", "kubectl", "helm", "kind", "k3d", "curl", "wget"].contains(first) {
                inv.tool = first
                inv.args = Array(p.dropFirst())
            } else {
                var c = ToolContext(inv, state: state, effects: effects)
                c.inv.tool = p.first ?? "sudo"
                c.inv.args = Array(p.dropFirst())
                Stubs.generic(&c)
                state = c.state
                return c.outcome
            }
        }
        var c = ToolContext(inv, state: state, effects: effects)
        switch inv.tool {
        case "gcloud": Gcloud.run(&c)
        case "kubectl": Kubectl.run(&c)
        case "helm": Helm.run(&c)
        case "kind": Stubs.kind(&c)
        case "k3d": Stubs.k3d(&c)
        case "curl": Stubs.curl(&c)
        case "wget": Stubs.wget(&c)
        default: Stubs.generic(&c)
        }
        state = c.state
        return c.outcome
    }

    static func sudoCommand(_ args: [String]) -> [String] {
        var i = 0
        let withValue: Set<String> = ["-u", "-g", "-C", "-h", "-p", "-r", "-t", "-U", "-D", "--user", "--group"]
        while i < args.count, args[i].hasPrefix("-") {
            if args[i] == "--" { i += 1; break }
            i += withValue.contains(args[i]) ? 2 : 1
        }
        return i < args.count ? Array(args[i...]) : []
    }

    /// Applies the FAIL knob, then `execute`; returns the outcome and the record (seq not yet set).
    public static func perform(_ inv: Invocation, state: inout DoubleState, run: String, script: String?) -> (Outcome, DoubleCall) {
        var outcome: Outcome
        let line = ([inv.tool] + inv.args).joined(separator: " ")
        if let fail = inv.env("INFRA_TUI_DOUBLE_FAIL"), line.contains(fail) {
            var scratch = state
            let would = execute(inv, state: &scratch, effects: false)
            outcome = Outcome(rc: 1, callClass: would.callClass, resource: would.resource)
            outcome.err("\(inv.tool): injected failure (INFRA_TUI_DOUBLE_FAIL=\(fail))")
        } else {
            outcome = execute(inv, state: &state)
        }
        let message = outcome.rc != 0 ? firstErrorLine(outcome.stderr) : nil
        let record = DoubleCall(seq: 0, run: run, tool: inv.tool, args: inv.args, callClass: outcome.callClass, rc: outcome.rc,
                                script: script, resource: outcome.resource, message: message)
        return (outcome, record)
    }

    /// The first stderr line; when it ends with ":" (gcloud's "Could not fetch resource:"), the
    /// detail line after it is joined on, so the record says what failed.
    public static func firstErrorLine(_ stderr: String) -> String? {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first else { return nil }
        if first.hasSuffix(":"), lines.count > 1 {
            return first + " " + lines[1].trimmingCharacters(in: .whitespaces)
        }
        return String(first)
    }

    /// One call against the state folder: lock, read state, perform, write state, append the record.
    public static func call(_ inv: Invocation, folder: String, run: String, script: String?) -> (Outcome, DoubleCall) {
        var outcome = Outcome()
        let record = underLock(folder: folder) { state -> DoubleCall in
            let (done, record) = perform(inv, state: &state, run: run, script: script)
            outcome = done
            return record
        }
        return (outcome, record)
    }

    /// Runs `make` on the state of `folder` under its lock, then saves the state and appends
    /// the record `make` returns (numbered in call order) to the call log.
    static func underLock(folder: String, _ make: (inout DoubleState) -> DoubleCall) -> DoubleCall {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lockFD = open(folder + "/" + lockFile, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if lockFD >= 0 { _ = flock(lockFD, LOCK_EX) }
        defer {
            if lockFD >= 0 {
                _ = flock(lockFD, LOCK_UN)
                close(lockFD)
            }
        }
        let statePath = folder + "/" + stateFile
        var state = DoubleState()
        if let data = FileManager.default.contents(atPath: statePath), !data.isEmpty {
            state = (try? JSONDecoder().decode(DoubleState.self, from: data)) ?? DoubleState()
        }
        var record = make(&state)
        state.seq += 1
        record.seq = state.seq
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(state) { writeReplacing(statePath, data) }
        if var line = try? encoder.encode(record) {
            line.append(UInt8(ascii: "\n"))
            let fd = open(folder + "/" + CallLog.fileName, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o644)
            if fd >= 0 {
                line.withUnsafeBytes { buf in writeAll(fd, buf) }
                close(fd)
            }
        }
        return record
    }

    /// Writes `data` to a temporary file beside `path`, then renames it over `path`.
    static func writeReplacing(_ path: String, _ data: Data) {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        data.withUnsafeBytes { writeAll(fd, $0) }
        close(fd)
        rename(tmp, path)
    }

    /// Whether the call reads a manifest or data from standard input.
    static func readsStdin(tool: String, args: [String]) -> Bool {
        var tool = tool, args = args
        if tool == "sudo" {
            let inner = sudoCommand(args)
            tool = inner.first ?? ""
            args = Array(inner.dropFirst())
        }
        let flags: Set<String>
        switch tool {
        case "kubectl": flags = ["-f", "--filename"]
        case "helm": flags = ["-f", "--values"]
        case "gcloud": flags = ["--data-file"]
        default: return false
        }
        for (i, a) in args.enumerated() {
            if a == "-" && i > 0 && flags.contains(args[i - 1]) { return true }
            if flags.contains(where: { a == $0 + "=-" }) || (a == "-f-" && tool != "gcloud") { return true }
        }
        return false
    }

    // MARK: the process

    /// The executable's main: dispatches on the name it was called by.
    public static func main(_ argv: [String]) -> Int32 {
        let me = argv.first.map { String($0.split(separator: "/").last ?? "") } ?? "infra-tui-double"
        var tool = me
        var args = Array(argv.dropFirst())
        var unmodelled = false
        if me == "infra-tui-double" || me.hasPrefix("infra-tui-double") {
            switch args.first {
            case "--install":
                guard args.count == 2 else { return usage("--install needs one folder") }
                return install(into: args[1])
            case "--not-found":
                guard args.count >= 2 else { return usage("--not-found needs a command name") }
                tool = args[1]
                args = Array(args.dropFirst(2))
                unmodelled = true
            case "--as":
                // `infra-tui-double --as TOOL ARGS...`: for tests and for a PATH without links.
                guard args.count >= 2 else { return usage("--as needs a tool name") }
                tool = args[1]
                args = Array(args.dropFirst(2))
            default:
                return usage(nil)
            }
        }
        let env = ProcessInfo.processInfo.environment
        guard let folder = env["INFRA_TUI_DOUBLE_STATE"], !folder.isEmpty else {
            if unmodelled {
                writeErr("bash: \(tool): command not found\n")
                return 127
            }
            writeErr("infra-tui-double: INFRA_TUI_DOUBLE_STATE is not set (the state folder of the rehearsal)\n")
            return 2
        }
        let cwd = FileManager.default.currentDirectoryPath
        let script = findScript(env: env, cwd: cwd)
        let run = env["INFRA_TUI_DOUBLE_RUN"] ?? ""
        if unmodelled {
            return recordNotFound(tool: tool, args: args, folder: folder, run: run, script: script)
        }
        var stdin: String?
        if readsStdin(tool: tool, args: args) {
            // Read before taking the lock: the writer of the pipe may be another double's call.
            stdin = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let inv = Invocation(tool: tool, args: args, environment: env, cwd: cwd, stdin: stdin)
        let (outcome, _) = call(inv, folder: folder, run: run, script: script)
        writeOut(outcome.stdout)
        writeErr(outcome.stderr)
        return outcome.rc
    }

    static func recordNotFound(tool: String, args: [String], folder: String, run: String, script: String?) -> Int32 {
        let message = "bash: \(tool): command not found"
        _ = underLock(folder: folder) { _ in
            DoubleCall(seq: 0, run: run, tool: tool, args: args, callClass: .unmodelled, rc: 127,
                       script: script, resource: nil, message: message)
        }
        writeErr(message + "\n")
        return 127
    }

    /// Links every tool name in `dir` to this executable.
    public static func install(into dir: String) -> Int32 {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            writeErr("infra-tui-double: cannot create \(dir): \(error.localizedDescription)\n")
            return 2
        }
        for tool in allTools {
            let link = dir + "/" + tool
            unlink(link)
            if symlink(exe, link) != 0 {
                writeErr("infra-tui-double: cannot link \(link): \(String(cString: strerror(errno)))\n")
                return 2
            }
        }
        return 0
    }

    static func usage(_ problem: String?) -> Int32 {
        if let problem { writeErr("infra-tui-double: \(problem)\n") }
        writeErr("""
        usage: infra-tui-double --install DIR          link \(allTools.joined(separator: ", ")) in DIR
               infra-tui-double --not-found NAME [ARG...]   record a command found nowhere (exit 127)
               infra-tui-double --as TOOL [ARG...]      run one double by name
               (linked as a tool's name, it is that tool's double)

        """)
        return 2
    }

    // MARK: the calling script

    /// INFRA_TUI_DOUBLE_TASK, else the nearest ancestor process running a `.sh`/`.bash` file that exists.
    public static func findScript(env: [String: String], cwd: String) -> String? {
        let root = env["INFRA_TUI_DOUBLE_ROOT"].flatMap { $0.isEmpty ? nil : Manifests.normalize($0) }
        if let task = env["INFRA_TUI_DOUBLE_TASK"], !task.isEmpty { return relative(task, root: root) }
        var pid = getppid()
        var hops = 0
        while pid > 1 && hops < 64 {
            hops += 1
            let args = readProc("/proc/\(pid)/cmdline").split(separator: 0, omittingEmptySubsequences: true)
                .map { String(decoding: $0, as: UTF8.self) }
            if args.count > 1 {
                let procCwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? cwd
                for a in args.dropFirst() where a.hasSuffix(".sh") || a.hasSuffix(".bash") {
                    var candidates = [a]
                    if !a.hasPrefix("/") {
                        candidates = [procCwd + "/" + a, cwd + "/" + a] + (root.map { [$0 + "/" + a] } ?? [])
                    }
                    if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
                        return relative(Manifests.normalize(found), root: root)
                    }
                }
            }
            guard let ppid = parentPID(pid) else { break }
            pid = ppid
        }
        return nil
    }

    static func relative(_ path: String, root: String?) -> String {
        guard let root, path.hasPrefix("/") else { return path }
        let p = Manifests.normalize(path)
        if p.hasPrefix(root + "/") { return String(p.dropFirst(root.count + 1)) }
        return p
    }

    static func parentPID(_ pid: pid_t) -> pid_t? {
        let stat = readProc("/proc/\(pid)/stat")
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses; split after the last ')'.
        guard let close = stat.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count >= 2 else { return nil }
        return pid_t(String(decoding: fields[1], as: UTF8.self))
    }

    static func readProc(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
            if out.count > 1 << 20 { break }
        }
        return out
    }

    // MARK: output

    static func writeAll(_ fd: Int32, _ buf: UnsafeRawBufferPointer) {
        var off = 0
        while off < buf.count {
            let n = write(fd, buf.baseAddress! + off, buf.count - off)
            if n <= 0 { if errno == EINTR { continue }; return }
            off += n
        }
    }

    static func writeOut(_ s: String) {
        guard !s.isEmpty else { return }
        var s = s
        s.withUTF8 { writeAll(1, UnsafeRawBufferPointer($0)) }
    }

    static func writeErr(_ s: String) {
        guard !s.isEmpty else { return }
        var s = s
        s.withUTF8 { writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}
