import Foundation
import Testing

/// The terminal side: resizing, restoring the terminal on every way out, refusing a pipe,
/// and resuming a saved review.
@Suite(.serialized, .enabled(if: E2E.ready, "needs tmux and the infra-tui binary (INFRA_TUI_BIN)"))
struct TerminalTests {
    let bin = E2E.binary ?? ""

    @Test func resizeRedraws() throws {
        let repo = try E2E.demoCopy()
        defer { try? FileManager.default.removeItem(at: repo) }
        let t = try Tmux(command: "\(E2E.shellQuote(bin)) --repo \(E2E.shellQuote(repo.path)); echo EXITED=$?; sleep 600")
        try t.waitFor(" Queue")
        func lastLine(_ s: String) -> String { s.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last.map(String.init) ?? "" }
        try t.resize(120, 40)
        try t.waitFor("a 120x40 layout") { s in
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 40 && lastLine(s).contains("pending") && lines[0].contains("findings")
                && (lines.first?.count ?? 0) > 100
        }
        try t.resize(40, 8)
        try t.waitFor("Terminal too small: 40x8")
        try t.resize(80, 24)
        try t.waitFor("the 80x24 layout again") { $0.contains(" Queue") && !$0.contains("too small") && lastLine($0).contains("pending") }
        try t.keys("q")
        try t.waitFor("EXITED=0")
    }

    /// For each way out: the terminal settings before and after are the same.
    @Test(arguments: [
        ("queue", ["q"], 0), ("diff", ["Enter", "PageDown", "q"], 0), ("ops", ["2", "q"], 0),
        ("info", ["3", "q"], 0), ("help", ["?", "Escape", "q"], 0), ("search", ["/", "x", "Escape", "q"], 0),
        ("ctrl-c", ["C-c"], 130), ("sigterm", [], 143),
    ])
    func quittingRestoresTheTerminal(view: String, keys: [String], expected: Int) throws {
        let repo = try E2E.demoCopy()
        defer { try? FileManager.default.removeItem(at: repo) }
        let dir = repo.appendingPathComponent(".git")
        let q = E2E.shellQuote
        let cmd = "stty -a > \(q(dir.path))/before; sh -c 'echo $$ > \(dir.path)/pid; exec \"$0\" --repo \"$1\"' \(q(bin)) \(q(repo.path)); "
            + "echo EXITED=$?; stty -a > \(q(dir.path))/after; echo RESTORED; sleep 600"
        let t = try Tmux(command: cmd)
        try t.waitFor(" Queue")
        if !keys.isEmpty {
            for key in keys { try t.keys(key); Thread.sleep(forTimeInterval: 0.05) }
        }
        if view == "sigterm" {
            let pid = try String(contentsOf: dir.appendingPathComponent("pid"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try Sh.run("/bin/kill", ["-TERM", pid])
        }
        let screen = try t.waitFor("RESTORED")
        #expect(screen.contains("EXITED=\(expected)"), "exit status after \(view)")
        let before = try String(contentsOf: dir.appendingPathComponent("before"), encoding: .utf8)
        let after = try String(contentsOf: dir.appendingPathComponent("after"), encoding: .utf8)
        #expect(before == after, "stty -a differs after quitting from \(view)")
    }

    @Test func refusesAPipeInOneLine() throws {
        let repo = try E2E.demoCopy()
        defer { try? FileManager.default.removeItem(at: repo) }
        let r = try Sh.run(bin, ["--repo", repo.path])
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("needs a terminal"))
        #expect(r.stdout.isEmpty)
    }

    @Test func resumesAndNoticesAStalePlan() throws {
        let repo = try E2E.demoCopy()
        defer { try? FileManager.default.removeItem(at: repo) }
        let ids = try E2E.operationIDs(repo)
        try #require(!ids.isEmpty)
        let run = "\(E2E.shellQuote(bin)) --repo \(E2E.shellQuote(repo.path)); echo EXITED=$?; sleep 600"
        do {
            let t = try Tmux(command: run)
            // After validation: its "Validation finished" would replace the messages checked here.
            try t.waitForValidation()
            try t.keys("a")
            let s = try t.waitFor("a decision") { $0.contains("Accepted") || $0.contains("Accept with dependencies?") }
            if s.contains("Accept with dependencies?") { try t.keys("y") }
            try t.keys("q")
            try t.waitFor("Quit?")
            try t.keys("y")
            try t.waitFor("EXITED=0")
        }
        do {
            let t = try Tmux(command: run)
            try t.waitFor("Resume?")
            try t.waitForValidation()
            try t.keys("y")
            try t.waitFor("Resumed")
            try t.waitFor("1 accepted")
            try t.keys("q", "y")
            try t.waitFor("EXITED=0")
        }
        // Change a file the first operation touches: its decision no longer matches the tree.
        let first = try E2E.plan(repo).operations.first
        let file = (first?["files"] as? [[String: Any]])?.first { $0["change"] as? String == "modify" }?["path"] as? String
        let path = try #require(file)
        let handle = try FileHandle(forWritingTo: repo.appendingPathComponent(path))
        handle.seekToEndOfFile()
        handle.write(Data("# changed by hand\n".utf8))
        try handle.close()
        let t = try Tmux(command: run)
        try t.waitFor("no longer matches")
        try t.keys("q")
        try t.waitFor("EXITED=0")
    }
}
