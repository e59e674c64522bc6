import Foundation
import Testing
@testable import InfraEngine

/// What the sandbox keeps in: writes outside the rehearsal's folders, the network, time,
/// output and processes. Every test runs a real script inside bubblewrap.
@Suite(.serialized)
struct SandboxTests {
    static var bwrap: String? {
        if case .ready(let path) = Sandbox.probe() { return path }
        return nil
    }

    /// Runs `script` (bash) from the area's tree with a short time limit.
    func run(_ script: String, limits: Sandbox.Limits = .init(wallSeconds: 5), area: RehearsalArea) throws -> Sandbox.Run {
        let sandbox = try Sandbox(bwrap: #require(Self.bwrap), limits: limits)
        try Data(script.utf8).write(to: area.tree.appendingPathComponent("task.sh"))
        return sandbox.run(["bash", "task.sh"], writable: area.writable, readOnly: [area.root.path], workingDirectory: area.tree.path,
                           environment: area.environment([:], run: 1))
    }

    @Test(.enabled(if: bwrap != nil, "bubblewrap is missing or cannot make namespaces here"))
    func writesOutsideTheTreeFailAndAreReported() throws {
        let area = try RehearsalArea()
        defer { area.remove() }
        let realHome = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let marker = "infra-tui-sandbox-\(UUID().uuidString.prefix(8))"
        let r = try run("""
            set -u
            echo x > /etc/\(marker) || echo "etc refused"
            mkdir -p \(realHome)/.ssh 2>/dev/null; echo x > \(realHome)/.ssh/\(marker) || echo "home refused"
            echo x > ../\(marker) || echo "outside refused"
            echo x > "$HOME/inside" && echo "sandbox home ok"
            echo x > inside && echo "tree ok"
            """, area: area)
        #expect(r.status == 0)
        for line in ["etc refused", "home refused", "outside refused", "sandbox home ok", "tree ok"] {
            #expect(r.output.contains(line), "\(line): \(r.output)")
        }
        #expect(r.output.contains("Read-only file system"))
        #expect(!FileManager.default.fileExists(atPath: "/etc/\(marker)"))
        #expect(!FileManager.default.fileExists(atPath: "\(realHome)/.ssh/\(marker)"))
        #expect(!FileManager.default.fileExists(atPath: area.root.appendingPathComponent(marker).path))
        #expect(FileManager.default.fileExists(atPath: area.tree.appendingPathComponent("inside").path))
    }

    /// The script sees exactly the environment given, nothing of ours, and no value of it
    /// travels on a command line.
    @Test(.enabled(if: bwrap != nil, "bubblewrap is missing or cannot make namespaces here"))
    func onlyTheGivenEnvironment() throws {
        let area = try RehearsalArea()
        defer { area.remove() }
        setenv("INFRA_TUI_SANDBOX_LEAK", "ours", 1)
        defer { unsetenv("INFRA_TUI_SANDBOX_LEAK") }
        let sandbox = try Sandbox(bwrap: #require(Self.bwrap), limits: .init(wallSeconds: 5))
        try Data("env; cat /proc/1/cmdline /proc/self/cmdline | tr '\\0' ' '\n".utf8).write(to: area.tree.appendingPathComponent("task.sh"))
        var env = area.environment(["SHOP_DB_PASSWORD": "s3cret-value"], run: 1)
        env["PATH"] = "/usr/bin:/bin"
        let r = sandbox.run(["bash", "task.sh"], writable: area.writable, readOnly: [area.root.path],
                            workingDirectory: area.tree.path, environment: env)
        #expect(r.output.contains("SHOP_DB_PASSWORD=s3cret-value"))
        #expect(!r.output.contains("INFRA_TUI_SANDBOX_LEAK"))
        #expect(r.output.components(separatedBy: "s3cret-value").count == 2, "the value is on a command line: \(r.output)")
    }

    @Test(.enabled(if: bwrap != nil, "bubblewrap is missing or cannot make namespaces here"))
    func noNetwork() throws {
        let area = try RehearsalArea()
        defer { area.remove() }
        let r = try run("exec 3<>/dev/tcp/1.1.1.1/443 && echo connected || echo 'no network'\n", area: area)
        #expect(r.output.contains("no network"), "\(r.output)")
        #expect(!r.output.contains("connected\n"))
    }

    @Test(.enabled(if: bwrap != nil, "bubblewrap is missing or cannot make namespaces here"))
    func aScriptThatNeverEndsIsKilledAndNothingSurvives() throws {
        let area = try RehearsalArea()
        defer { area.remove() }
        let marker = "sleep-\(UUID().uuidString.prefix(8))"
        let start = Date()
        // A background child in its own process group, and the script itself, both sleeping.
        let r = try run("setsid sleep 1000 \(marker) & sleep 1000\n", limits: .init(wallSeconds: 1), area: area)
        #expect(r.timedOut)
        #expect(!r.passed)
        #expect(r.output.contains("wall-time limit"))
        #expect(Date().timeIntervalSince(start) < 10)
        usleep(200_000)
        let ps = try Run.command("/bin/ps", ["-eo", "args"]).stdout
        #expect(!ps.contains(marker), "a sleeper survived: \(ps)")
    }

    @Test(.enabled(if: bwrap != nil, "bubblewrap is missing or cannot make namespaces here"))
    func megabytesOfOutputAreCut() throws {
        let area = try RehearsalArea()
        defer { area.remove() }
        let r = try run("yes 'some output line' | head -c 50000000\n", limits: .init(wallSeconds: 10, outputBytes: 100_000), area: area)
        #expect(r.outputCut)
        #expect(r.output.utf8.count < 101_000)
        #expect(r.output.contains("output cut"))
    }

    @Test(.enabled(if: bwrap != nil, "bubblewrap is missing or cannot make namespaces here"),
          .enabled(if: ProcessGroupLimit.available, "running as root without a writable pids cgroup: no process limit binds"))
    func aForkBombMeetsTheProcessLimit() throws {
        let area = try RehearsalArea()
        defer { area.remove() }
        // Bounded, so a broken limit cannot take the machine down: 200 sleepers against a limit of 30.
        let r = try run("for i in $(seq 200); do sleep 7.77 & done; echo started\n",
                        limits: .init(wallSeconds: 1.5, processes: 30), area: area)
        #expect(r.output.contains("fork: ") || r.output.contains("Resource temporarily unavailable"), "\(r.output.prefix(500))")
        usleep(200_000)
        let ps = try Run.command("/bin/ps", ["-eo", "args"]).stdout
        #expect(!ps.contains("sleep 7.77"), "a sleeper survived")
    }
}
