import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// A task's own copy of a library helper stays while a call to it runs before the library
/// is sourced (brk9 05-libdefaults, 020-nodepool): until the `source` line runs, only the
/// task's copy answers the call, so removing it made `info "pool ..."` fail with
/// `info: command not found`. Calls through a function of the task count; calls after the
/// source line, and function bodies only called after it, do not.
@Suite struct EarlyHelperCallsTests {
    static let library = "info() { printf '==> %s\\n' \"$*\" >&2; }\n"
    static let own = "info() { echo \"-- $*\" >&2; }"
    /// The library's body, spaced another way.
    static let same = "info()  {  printf '==> %s\\n' \"$*\" >&2;  }"
    static let src = "source \"$(dirname \"$0\")/../lib/common.sh\""

    struct Row: Sendable, CustomStringConvertible {
        let name: String
        /// The task after `#!/usr/bin/env bash` (and `set -euo pipefail` unless `ownHead`).
        let body: String
        let ownHead: Bool
        /// Whether the task's copy stays, and words its finding must hold.
        let kept: Bool
        let words: [String]
        var description: String { name }
    }

    static let rows: [Row] = [
        Row(name: "called, then the library sourced (the tester's shape)",
            body: "\(own)\ninfo \"pool\"\n\(src)\ninfo after\n", ownHead: false, kept: true, words: ["line 4 calls it before line 5"]),
        Row(name: "called through a function of the task",
            body: "\(own)\nbanner() { info \"start\"; }\nbanner\n\(src)\n", ownHead: false, kept: true, words: ["line 5 calls `banner`"]),
        Row(name: "called in an if before the source line",
            body: "\(own)\nif [ -n \"${X:-}\" ]; then info x; fi\n\(src)\n", ownHead: false, kept: true, words: ["line 4 calls it"]),
        Row(name: "the same body as the library's, called before the source line",
            body: "info() { printf '==> %s\\n' \"$*\" >&2; }\ninfo a\n\(src)\n", ownHead: false, kept: true, words: ["line 4 calls it"]),
        Row(name: "the library sourced only inside a function",
            body: "\(own)\nload() { \(src); }\nload\ninfo a\n", ownHead: false, kept: true, words: ["does not source"]),
        Row(name: "no source line; the new one would come after the strict-mode line",
            body: "\(same)\ninfo start\nset -euo pipefail\ninfo more\n", ownHead: true, kept: true, words: ["line 3 calls it before the line that sources", "after line 4"]),
        // Another body above where the new `source` line would go: the library's would load
        // over it, so the task gets no source line and keeps its own.
        Row(name: "another body above where the new source line would go",
            body: "\(own)\ninfo start\nset -euo pipefail\ninfo more\n", ownHead: true, kept: true, words: ["line 3 calls it", "does not source"]),
        // A copy with the library's body goes once no call needs it early; one with another
        // body is the task's own version and stays (the session-14 tester's D1).
        Row(name: "sourced first, redefined after",
            body: "\(src)\n\(same)\ninfo a\n", ownHead: false, kept: false, words: []),
        Row(name: "sourced first, redefined after with another body",
            body: "\(src)\n\(own)\ninfo a\n", ownHead: false, kept: true, words: ["body differs"]),
        Row(name: "defined, sourced, then called",
            body: "\(same)\n\(src)\ninfo a\n", ownHead: false, kept: false, words: []),
        Row(name: "a function calling it, defined before the source line but called after",
            body: "\(same)\nbanner() { info \"start\"; }\n\(src)\nbanner\n", ownHead: false, kept: false, words: []),
        Row(name: "no source line; the new one comes before every call",
            body: "\(same)\ninfo a\n", ownHead: false, kept: false, words: []),
    ]

    static func plan(_ row: Row) throws -> (original: String, findings: [Finding], drafts: [OperationDraft], repo: TestRepo) {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/common.sh", "# shellcheck shell=bash\n" + library)
        let original = "#!/usr/bin/env bash\n" + (row.ownHead ? "" : "set -euo pipefail\n") + row.body
        try repo.write("ai/infra/tasks/020-pool.sh", original, executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        return (original, r.findings, r.drafts, repo)
    }

    @Test(arguments: rows)
    func theCopyStaysWhileACallRunsBeforeTheLibrary(_ row: Row) throws {
        let (original, findings, drafts, _) = try Self.plan(row)
        let text = written(drafts, "ai/infra/tasks/020-pool.sh") ?? original
        let definition = row.body.contains(Self.same) ? Self.same
            : row.body.hasPrefix("info() { printf") ? "info() { printf" : Self.own
        let finding = try #require(findings.first { $0.key == "redefines-info" }, "\(findings.map(\.message))")
        if row.kept {
            #expect(text.contains(definition), "\(text)")
            #expect(finding.severity == .info && finding.message.contains("kept"), "\(finding.message)")
            for w in row.words { #expect(finding.message.contains(w), "\(finding.message)") }
            #expect(!drafts.flatMap(\.findings).contains(finding.id))
        } else {
            #expect(!text.contains(definition), "\(text)")
            #expect(finding.severity == .warning, "\(finding.message)")
        }
    }

    /// The tester's task, run with bash before and after the patch: the same status, output
    /// and log lines (the early call still prints with the task's own format).
    @Test func theTaskRunsAsBefore() throws {
        let row = Self.rows[0]
        let (original, _, drafts, repo) = try Self.plan(row)
        let patched = try #require(written(drafts, "ai/infra/tasks/020-pool.sh") ?? Optional(original))
        func run(_ text: String) throws -> Run.Result {
            try repo.write("ai/infra/tasks/020-pool.sh", text, executable: true)
            return try Run.command("/bin/bash", ["ai/infra/tasks/020-pool.sh"], cwd: repo.root, env: ["PATH": "/usr/bin:/bin"])
        }
        let before = try run(original)
        let after = try run(patched)
        #expect(before.status == 0 && before.stderr == "-- pool\n==> after\n", "\(before.stderr)")
        #expect(after.status == before.status && after.stdout == before.stdout && after.stderr == before.stderr,
                "after \(after.status) \(after.stderr)")
        // Without the copy (what the rule wrote before) the early call fails.
        let without = try run(original.replacingOccurrences(of: Self.own + "\n", with: ""))
        #expect(without.stderr.contains("info: command not found"), "the check is not vacuous: \(without.stderr)")
    }

    @Test func earlyCallReadsTheCallersThatReachIt() throws {
        let script = ShellReader.read("f() { :; }\ng() { f; }\nh() { g; }\nh\nsource lib.sh\nf\n")
        let fn = try #require(script.functions.first { $0.name == "f" })
        #expect(HelperReplacement.earlyCall(of: fn, before: 5, in: script).map { "\($0.line) \($0.via ?? "")" } == "4 h")
        #expect(HelperReplacement.earlyCall(of: fn, before: 4, in: script) == nil)
    }
}
