import Foundation
import Testing

/// The real binary under tmux (issue 16): long lines wrapped and scrolled sideways, the
/// findings view, and a terminal that cannot draw a screen (TERM=dumb) refused in one line.
@Suite(.serialized, .enabled(if: E2E.ready, "needs tmux and the infra-tui binary (INFRA_TUI_BIN)"))
struct LayoutFlowTests {
    let bin = E2E.binary ?? ""

    func session(_ repo: URL, width: Int = 80, height: Int = 24) throws -> Tmux {
        try Tmux(width: width, height: height,
                 command: "\(E2E.shellQuote(bin)) --repo \(E2E.shellQuote(repo.path)); echo EXITED=$?; sleep 600")
    }

    /// Rows of the detail pane (right of the queue's border).
    func pane(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            line.firstIndex(of: "│").map { String(line[line.index(after: $0)...]) }
        }
    }

    /// Whether the pane header (screen row 1) names `id`: whole, or, when it does not fit
    /// beside the shown tab's name, cut in the middle keeping both ends (`PaneHeader`).
    func headerNames(_ screen: String, _ id: String) -> Bool {
        guard let header = screen.split(separator: "\n").dropFirst().first else { return false }
        if header.contains(id) { return true }
        return header.split(separator: " ").contains { word in
            let ends = word.split(separator: "…", omittingEmptySubsequences: false)
            return ends.count == 2 && !ends[0].isEmpty && !ends[1].isEmpty && id.hasPrefix(ends[0]) && id.hasSuffix(ends[1])
        }
    }

    @Test func longLinesWrapAndScrollSideways() throws {
        let repo = try E2E.demoCopy()
        defer { try? FileManager.default.removeItem(at: repo) }
        let t = try session(repo)
        // After validation: its "Validation finished" message would replace the ones checked here.
        try t.waitForValidation()
        try t.keys("Enter")
        // The first operation's diff has lines wider than the 47-column pane: cut with "…".
        let cut = try t.waitFor("a cut line") { s in self.pane(s).contains { $0.hasSuffix("…") } }
        let header = try #require(pane(cut).first { $0.hasPrefix(" diff --git") && $0.hasSuffix("…") })
        try t.keys(">")
        let moved = try t.waitFor("lines scrolled sideways") { s in self.pane(s).contains { $0.hasPrefix(" …") } }
        #expect(!pane(moved).contains(header))
        try t.keys("0")
        try t.waitFor("back at the first column") { s in self.pane(s).contains(header) }
        try t.keys("z")
        // Wait for the message line too: a frame reaches tmux in several writes, top to bottom,
        // so a capture can see the pane's new rows before the message under them.
        let wrapped = try t.waitFor("wrapped rows and the message") { s in self.pane(s).contains { $0.hasPrefix(" ↪") } && s.contains("Wrap on") }
        // The header line now reads whole across its rows.
        let rows = pane(wrapped)
        let start = try #require(rows.firstIndex { $0.hasPrefix(" diff --git") })
        #expect(rows[start + 1].hasPrefix(" ↪"))
        #expect(wrapped.contains("Wrap on"))
        try t.keys("q")
        try t.waitFor("EXITED=0")
    }

    @Test func findingsViewListsEveryFindingAndOpensAFix() throws {
        let repo = try E2E.demoCopy()
        defer { try? FileManager.default.removeItem(at: repo) }
        let findings = try E2E.plan(repo).findings
        let unfixed = findings.filter { $0["operation"] == nil || $0["operation"] is NSNull }
        try #require(!findings.isEmpty)
        let t = try session(repo, width: 120, height: 40)
        // After validation: its "Validation finished" message would replace the ones checked here.
        try t.waitForValidation()
        try t.keys("F")
        try t.waitFor("Findings  \(findings.count) of \(findings.count)")
        try t.keys("f")
        let only = try t.waitFor("Findings  \(unfixed.count) of \(findings.count)")
        #expect(only.contains("no fix") || unfixed.isEmpty)
        if let first = unfixed.first, let file = first["file"] as? String {
            #expect(only.contains(file), "an unfixed finding shows its evidence")
        }
        // Back to every finding, filtered to one with a fix, then enter opens its operation.
        let fixed = try #require(findings.first { $0["operation"] is String })
        let id = try #require(fixed["operation"] as? String)
        try t.keys("f", "/")
        try t.type(id)
        try t.keys("Enter", "Enter")
        try t.waitFor("the fixing operation") { $0.contains("is fixed by \(id)") && $0.contains(" Queue") }
        try t.keys("q")
        try t.waitFor("EXITED=0")
    }

    /// The mouse as an xterm reports it (X10 encoding: ESC [ M, then button, column and row,
    /// each plus 32, 1-based): a click selects a queue row, the wheel scrolls the diff.
    @Test func mouseClickSelectsAndWheelScrolls() throws {
        let repo = try E2E.demoCopy()
        defer { try? FileManager.default.removeItem(at: repo) }
        let ids = try E2E.operationIDs(repo)
        try #require(ids.count > 3)
        let t = try session(repo)
        // After validation: its "Validation finished" message would replace the ones checked here.
        try t.waitForValidation()
        func report(_ button: Int, col: Int, row: Int) -> String {
            String(UnicodeScalar(UInt8(32 + button))) + String(UnicodeScalar(UInt8(33 + col))) + String(UnicodeScalar(UInt8(33 + row)))
        }
        // Screen row 5 is the fourth queue row; release (button 3) after the press.
        try t.type("\u{1B}[M" + report(0, col: 9, row: 5))
        try t.type("\u{1B}[M" + report(3, col: 9, row: 5))
        try t.waitFor("the fourth operation selected") { self.headerNames($0, ids[3]) }
        // Back to the first (its diff is longer than the pane), then the wheel down (button
        // 65) over the diff: three rows a notch.
        try t.type("\u{1B}[M" + report(0, col: 9, row: 2))
        try t.type("\u{1B}[M" + report(3, col: 9, row: 2))
        try t.waitFor("the first operation selected") { self.headerNames($0, ids[0]) }
        try t.type("\u{1B}[M" + report(65, col: 50, row: 10))
        try t.waitFor("the diff scrolled") { s in
            s.split(separator: "\n").dropFirst().first.map { $0.contains(" 4-") } == true
        }
        try t.keys("q")
        try t.waitFor("EXITED=0")
    }

    /// A terminal without cursor addressing used to get a blank screen that never updated.
    @Test(arguments: ["TERM=dumb", "TERM=unknown-terminal-type"])
    func aTerminalThatCannotDrawIsRefusedInOneLine(term: String) throws {
        let repo = try E2E.demoCopy()
        defer { try? FileManager.default.removeItem(at: repo) }
        let err = repo.appendingPathComponent(".git/stderr")
        // tmux sets TERM for its panes: the command sets it again for the binary alone.
        let t = try Tmux(command: "\(term) \(E2E.shellQuote(bin)) --repo \(E2E.shellQuote(repo.path)) 2> \(E2E.shellQuote(err.path)); echo EXITED=$?; sleep 600")
        try t.waitFor("EXITED=2")
        let message = try String(contentsOf: err, encoding: .utf8)
        #expect(message.split(separator: "\n").count == 1, "\(message)")
        #expect(message.contains("TERM=") && message.contains("infra-tui plan"), "\(message)")
    }
}
