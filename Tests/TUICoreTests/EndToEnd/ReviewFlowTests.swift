import Foundation
import Testing

/// The real binary in a real terminal (tmux), on copies of the demo repository: the issue's
/// end-to-end checks. Serialized: each session runs the validators, and two cores are shared.
@Suite(.serialized, .enabled(if: E2E.ready, "needs tmux and the infra-tui binary (INFRA_TUI_BIN)"))
struct ReviewFlowTests {
    let bin = E2E.binary ?? ""

    /// An $EDITOR that breaks the patch the first time (a stray context line) and makes a
    /// valid change the second time (drops that line, rewords an added comment), recording
    /// what it was given.
    func scriptedEditor(_ dir: URL) throws -> URL {
        let script = dir.appendingPathComponent("editor.sh")
        try """
        #!/bin/sh
        d=\(E2E.shellQuote(dir.path))
        n=$(cat "$d/count" 2>/dev/null || echo 0); n=$((n+1)); echo "$n" > "$d/count"
        cp "$1" "$d/input-$n"
        if [ "$n" = 1 ]; then
          awk '{ print } /^@@ / && !done { print " this line is not in the file"; done = 1 }' "$1" > "$1.new" && mv "$1.new" "$1"
        else
          grep -v '^ this line is not in the file$' "$1" > "$1.new" && mv "$1.new" "$1"
          sed -i '0,/^+# [^!]/s/^+# [^!].*/+# edited in the review/' "$1"
        fi
        cp "$1" "$d/output-$n"

        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script
    }

    func session(_ repo: URL, width: Int = 80, height: Int = 24, env: [String: String] = [:], extra: String = "") throws -> Tmux {
        let cmd = "cd \(E2E.shellQuote(repo.path)) && \(E2E.shellQuote(bin)) --repo . \(extra); echo EXITED=$?; sleep 600"
        return try Tmux(width: width, height: height, command: cmd, env: env)
    }

    func waitForValidation(_ t: Tmux) throws {
        try t.waitFor("the queue", timeout: 20) { $0.contains(" Queue") }
        try t.waitForValidation(timeout: 60)
    }

    /// Selects queue entry `index` (0-based) from the top.
    func select(_ t: Tmux, _ index: Int) throws {
        try t.keys("Escape", "g")
        for _ in 0..<index { try t.keys("j") }
    }

    func accept(_ t: Tmux) throws {
        try t.keys("a")
        let screen = try t.waitFor("a decision") { $0.contains("Accepted") || $0.contains("Accept with dependencies?") }
        if screen.contains("Accept with dependencies?") { try t.keys("y"); try t.waitFor("Accepted") }
    }

    @Test func reviewEditWriteAndQuit() throws {
        let repo = try E2E.demoCopy()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-ed-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: repo); try? FileManager.default.removeItem(at: work) }
        let ids = try E2E.operationIDs(repo)
        try #require(ids.count >= 2, "the demo plan needs at least two operations")
        let editor = try scriptedEditor(work)
        let t = try session(repo, env: ["EDITOR": editor.path, "VISUAL": ""])
        try waitForValidation(t)

        // Navigate, open the first diff and scroll it.
        try t.keys("j", "k", "Enter")
        try t.waitFor("diff --git")
        try t.keys("PageDown")
        // The pane's position label ("19-38/50") no longer starts at line 1.
        try t.waitFor("the diff to scroll") { $0.range(of: #" ([2-9]|\d\d+)-\d+/\d+"#, options: .regularExpression) != nil }
        try t.keys("]")
        try t.waitFor("@@")

        // Accept two (when the plan has three or more), reject the last.
        let accepted = ids.count >= 3 ? [0, 1] : [0]
        for i in accepted { try select(t, i); try accept(t) }
        try select(t, ids.count - 1)
        try t.keys("r")
        try t.waitFor("Rejected \(ids[ids.count - 1])")

        // Edit the first patch: the invalid edit is refused and kept, the valid one lands.
        try select(t, 0)
        try t.keys("e")
        try t.waitFor("Edit refused", timeout: 30)
        try t.keys("e")
        try t.waitFor("Edited \(ids[0])", timeout: 60)
        let firstOut = try String(contentsOf: work.appendingPathComponent("output-1"), encoding: .utf8)
        let secondIn = try String(contentsOf: work.appendingPathComponent("input-2"), encoding: .utf8)
        #expect(firstOut == secondIn, "reopening the editor must start from the refused text")
        #expect(firstOut.contains("this line is not in the file"))
        try t.waitFor("the edited mark") { $0.contains("✎") }

        try t.keys("w")
        try t.waitFor("Write to disk?")
        try t.keys("y")
        try t.waitFor("Wrote \(accepted.count) operations", timeout: 20)
        try t.keys("q")
        try t.waitFor("EXITED=0")

        // The files on disk, and the journal that undo reads.
        let status = try Sh.git(repo, "status", "--porcelain").stdout
        #expect(!status.isEmpty)
        let grep = try Sh.git(repo, "grep", "--untracked", "-l", "edited in the review").stdout
        #expect(!grep.isEmpty, "the edited patch is what was written")
        let journals = try FileManager.default.contentsOfDirectory(atPath: repo.appendingPathComponent(".git/infra-tui/journal").path)
        #expect(journals.count == 1)
        let after = try E2E.operationIDs(repo)
        for i in accepted { #expect(!after.contains(ids[i]), "\(ids[i]) was written, so it is no longer proposed") }
        #expect(after.contains(ids[ids.count - 1]), "the rejected operation is still proposed")
    }

    @Test func exportedSeriesAppliesWithGitAm() throws {
        let repo = try E2E.demoCopy(), fresh = try E2E.demoCopy()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-series-\(UUID().uuidString.prefix(8))")
        defer { for u in [repo, fresh, out] { try? FileManager.default.removeItem(at: u) } }
        let ids = try E2E.operationIDs(repo)
        let t = try session(repo)
        try waitForValidation(t)
        for i in ids.indices { try select(t, i); try accept(t) }
        try t.keys("x")
        try t.waitFor("Export the accepted series to:")
        try t.keys("C-u")
        try t.type(out.path)
        try t.keys("Enter")
        try t.waitFor("Exported \(ids.count) patches", timeout: 20)
        try t.keys("q")
        try t.waitFor("EXITED=0")
        let series = try String(contentsOf: out.appendingPathComponent("series"), encoding: .utf8)
        #expect(series.split(separator: "\n").count == ids.count)
        let patches = series.split(separator: "\n").map { out.appendingPathComponent(String($0)).path }
        let am = try Sh.git(fresh, ["am", "-q"] + patches)
        #expect(am.status == 0, "git am failed: \(am.stderr)")
    }
}

extension Sh {
    static func git(_ dir: URL, _ args: [String]) throws -> Result {
        try run("/usr/bin/git", ["-C", dir.path, "-c", "user.name=test", "-c", "user.email=test@example.invalid"] + args)
    }
}
