import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Strict mode goes on a `set` line only when that line always runs (brk9 19-probes,
/// 010-debug): `[[ $DEBUG == 1 ]] && set -x` completed to `... && set -x -euo pipefail`
/// made the task strict only when DEBUG was 1. A `set` in an and-or list or inside an
/// if/case/loop/function/subshell/group keeps its text; a new `set -euo pipefail` line comes
/// in instead. An unconditional top-level `set` still takes the flags.
@Suite struct ConditionalSetLineTests {
    struct Row: Sendable, CustomStringConvertible {
        /// The task after its shebang.
        let body: String
        /// The set line that must stay as written (nil: it takes the flags).
        let kept: String?
        /// The line the patch must contain.
        let expected: String
        var description: String { body }
    }

    static let rows: [Row] = [
        Row(body: "[[ \"${DEBUG:-}\" == 1 ]] && set -x\necho hi\n", kept: "[[ \"${DEBUG:-}\" == 1 ]] && set -x", expected: "set -euo pipefail"),
        Row(body: "[ -z \"${QUIET:-}\" ] || set -x\necho hi\n", kept: "[ -z \"${QUIET:-}\" ] || set -x", expected: "set -euo pipefail"),
        Row(body: "test -n \"${TRACE:-}\" && set -o xtrace\necho hi\n", kept: "test -n \"${TRACE:-}\" && set -o xtrace", expected: "set -euo pipefail"),
        Row(body: "if [ -n \"${TRACE:-}\" ]; then set -x; fi\necho hi\n", kept: "if [ -n \"${TRACE:-}\" ]; then set -x; fi", expected: "set -euo pipefail"),
        Row(body: "case \"${MODE:-}\" in debug) set -x;; esac\necho hi\n", kept: "case \"${MODE:-}\" in debug) set -x;; esac", expected: "set -euo pipefail"),
        Row(body: "trace() { set -x; }\necho hi\n", kept: "trace() { set -x; }", expected: "set -euo pipefail"),
        Row(body: "( set -x; echo sub )\necho hi\n", kept: "( set -x; echo sub )", expected: "set -euo pipefail"),
        Row(body: "{ set -x; }\necho hi\n", kept: "{ set -x; }", expected: "set -euo pipefail"),
        // Unconditional top-level lines take the flags, as before.
        Row(body: "set -x\necho hi\n", kept: nil, expected: "set -x -euo pipefail"),
        Row(body: "set -o pipefail\necho hi\n", kept: nil, expected: "set -o pipefail -eu"),
        Row(body: "set -x  # trace\necho hi\n", kept: nil, expected: "set -x -euo pipefail  # trace"),
    ]

    static func patched(_ body: String) throws -> (original: String, patched: String, repo: TestRepo) {
        let repo = try TestRepo(fixture: nil, git: false)
        let original = "#!/usr/bin/env bash\n" + body
        try repo.write("ai/infra/tasks/010-debug.sh", original, executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        let patched = try #require(written(r.drafts, "ai/infra/tasks/010-debug.sh"))
        return (original, patched, repo)
    }

    @Test(arguments: rows)
    func onlyASetThatAlwaysRunsTakesTheFlags(_ row: Row) throws {
        let (original, patched, _) = try Self.patched(row.body)
        let lines = patched.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains(row.expected), "\(patched)")
        if let kept = row.kept {
            // The conditional line keeps its text; the new line is a line of its own, at the
            // top level, where nothing makes it conditional.
            #expect(lines.contains(kept), "\(patched)")
            #expect(patched.components(separatedBy: "pipefail").count == 2, "one strict-mode line: \(patched)")
            #expect(lines.filter { $0 != row.expected } == original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                    "only the new line is added: \(patched)")
        } else {
            #expect(lines.count == original.split(separator: "\n", omittingEmptySubsequences: false).count, "\(patched)")
        }
    }

    /// The tester's task, run with bash before and after the patch, with DEBUG unset and set
    /// to 1: the same status and output; and the patched task is strict either way (the old
    /// patch was strict only when DEBUG was 1).
    @Test func theTaskIsStrictWhetherOrNotItTraces() throws {
        let body = "[[ \"${DEBUG:-}\" == 1 ]] && set -x\n[ \"${DRY:-}\" = 1 ] && echo \"dry mode\"\ngcloud config set project \"${PROJECT_ID:-p}\"\n"
        let (original, patched, repo) = try Self.patched(body)
        try repo.write(".stubs/gcloud", "#!/usr/bin/env bash\necho \"gcloud $*\"\n", executable: true)
        func run(_ text: String, _ env: [String: String], options: Bool = false) throws -> Run.Result {
            try repo.write("ai/infra/tasks/010-debug.sh", text + (options ? "echo \"options $-\"\n" : ""), executable: true)
            return try Run.command("/bin/bash", ["ai/infra/tasks/010-debug.sh"], cwd: repo.root,
                                   env: env.merging(["PATH": repo.url(".stubs").path + ":/usr/bin:/bin"]) { a, _ in a })
        }
        for env in [[:], ["DEBUG": "1"], ["DEBUG": "1", "DRY": "1"]] {
            let before = try run(original, env)
            let after = try run(patched, env)
            #expect(before.status == 0 && after.status == before.status && after.stdout == before.stdout,
                    "\(env): before \(before.status) \(before.stdout) after \(after.status) \(after.stdout) \(after.stderr)")
            let options = try run(patched, env, options: true).stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(options.contains("e") && options.contains("u"), "\(env): \(options)")
        }
        let unpatched = try run(original, [:], options: true).stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(!unpatched.contains("e"), "the check is not vacuous: \(unpatched)")
    }

    @Test(arguments: [
        ("[[ $X ]] && set -x", false), ("[ -n \"$X\" ] || set -x", false), ("if true; then set -x; fi", false),
        ("f() { set -x; }", false), ("set -x &", false), ("! set -x", false), ("set -x | cat", false),
        ("set -x", true), ("set -euo pipefail", true), ("set -x; echo hi", true),
    ])
    func runsUnconditionally(_ text: String, _ expected: Bool) {
        let script = ShellReader.read(text + "\n")
        let set = script.commands.first { $0.name == "set" }
        #expect(set.map(StrictModeLine.runsUnconditionally) == expected, "\(text)")
    }
}
