import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// A task's own version of a helper is the task's, not a copy (the session-14 tester's D1 and
/// D2). Bash runs the definition it read last, so a task that sources the library and then
/// defines `kc` with another namespace, a `cleanup` the library leaves as `:` for tasks to
/// fill, or an `info` with its own prefix runs its own body; removing it made the task create
/// a secret in `default` instead of `cache`, skip its cleanup and print `[info]` for `[ns]`.
/// Copies in several tasks move into a shared library only when every body is the same (as
/// bash runs it: compared normalised for whitespace and comments); copies that differ stay.
@Suite struct OwnHelperVersionsTests {
    static var hasBash: Bool { Run.which("bash") != nil }
    struct Row: Sendable, CustomStringConvertible {
        let name: String
        let library: String
        /// The task after `#!/usr/bin/env bash` and `set -euo pipefail`.
        let task: String
        /// The task's own definition, which must stay.
        let own: String
        var description: String { name }
    }

    static let src = "source \"$(dirname \"$0\")/../lib/common.sh\"\n"

    static let rows: [Row] = [
        Row(name: "a wrapper with another namespace",
            library: "kc() { kubectl -n \"${NS:-default}\" \"$@\"; }\n",
            task: src + "kc() { kubectl -n cache \"$@\"; }\nkc create secret generic redis-auth --from-literal=p=x\n",
            own: "kc() { kubectl -n cache \"$@\"; }"),
        Row(name: "a hook the library defines as a placeholder",
            library: "cleanup() { :; }   # tasks override it\ntrap cleanup EXIT\n",
            task: src + "tmp=$(mktemp -d)\ncleanup() { rm -rf \"$tmp\"; }\ntouch \"$tmp/x\"\n",
            own: "cleanup() { rm -rf \"$tmp\"; }"),
        Row(name: "a log helper with another prefix",
            library: "info() { echo \"[info] $*\"; }\n",
            task: src + "info() { echo \"[ns] $*\"; }\ninfo labels\n",
            own: "info() { echo \"[ns] $*\"; }"),
        Row(name: "a die with another exit code",
            library: "die() { echo \"error: $*\" >&2; exit 1; }\n",
            task: src + "die() { echo \"error: $*\" >&2; exit 3; }\n[ -n \"${P:-}\" ] || die \"no P\"\n",
            own: "die() { echo \"error: $*\" >&2; exit 3; }"),
        Row(name: "defined before the source line, with another body",
            library: "warn() { echo \"warning: $*\" >&2; }\n",
            task: "warn() { echo \"!! $*\" >&2; }\n" + src + "warn x\n",
            own: "warn() { echo \"!! $*\" >&2; }"),
    ]

    @Test(arguments: rows)
    func aTasksOwnVersionStays(_ row: Row) throws {
        let r = try helpersRuleRun(library: row.library, tasks: ["020-a": row.task])
        let text = written(r.drafts, "ai/infra/tasks/020-a.sh") ?? ""
        #expect(text.isEmpty || text.contains(row.own), "\(text)")
        let name = String(row.own.prefix { $0 != "(" })
        let finding = try #require(r.findings.first { $0.key == "redefines-\(name)" }, "\(r.findings.map(\.message))")
        #expect(finding.severity == .info && finding.message.contains("different body") && finding.message.contains("kept"),
                "\(finding.message)")
        #expect(!r.drafts.flatMap(\.findings).contains(finding.id))
    }

    /// The same body written another way (other spacing, a comment) is a copy: it goes. (`;`
    /// against a newline is no whitespace: such a copy stays, which is the safe side.)
    @Test func aCopyDifferingOnlyInWhitespaceGoes() throws {
        let r = try helpersRuleRun(library: "info() { echo \"[info] $*\"; }\n",
                                   tasks: ["020-a": Self.src + "info()  {  # the library's, spaced another way\n  echo   \"[info] $*\";\n}\ninfo x\n"])
        let text = try #require(written(r.drafts, "ai/infra/tasks/020-a.sh"))
        #expect(!text.contains("info() {"), "\(text)")
    }

    /// A task whose own `info` comes above its `set` line: a `source` line added below the
    /// `set` would load the library's `info` over it, so the task is not given one.
    @Test func noSourceLineLandsBelowAnOwnVersion() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/common.sh", "# shellcheck shell=bash\ninfo() { echo \"[info] $*\"; }\n")
        let task = "#!/usr/bin/env bash\ninfo() { echo \"[ns] $*\"; }\nset -eo pipefail\ninfo labels\n"
        try repo.write("ai/infra/tasks/20-ns.sh", task, executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        let text = written(r.drafts, "ai/infra/tasks/20-ns.sh") ?? task
        #expect(text.contains("info() { echo \"[ns] $*\"; }") && !text.contains("common.sh"), "\(text)")
        #expect(!r.findings.contains { $0.key == "sources-lib" }, "\(r.findings.map(\.message))")
    }

    // MARK: - Copies between tasks

    static func repo(_ tasks: [String: String]) throws -> TestRepo {
        let repo = try TestRepo(fixture: nil, git: false)
        for (name, body) in tasks {
            try repo.write("ai/infra/tasks/\(name).sh", "#!/usr/bin/env bash\nset -euo pipefail\n" + body, executable: true)
        }
        return repo
    }

    /// Writes the drafts' edits into the tree.
    static func apply(_ drafts: [OperationDraft], to repo: TestRepo) throws {
        for d in drafts {
            for (path, edit) in d.edits { if case .write(let text, _) = edit { try repo.write(path, text) } }
        }
    }

    /// r09's shape: three tasks define `log`/`die`; only the first uses `[apis]`, the second's
    /// `die` exits 3. Nothing moves into a library, each task keeps its own, and the tasks
    /// still run as before.
    @Test func differingCopiesStayInTheirTasks() throws {
        let tasks = [
            "001-apis": "log() { echo \"[apis] $*\"; }\ndie() { echo \"[apis] $*\" >&2; exit 1; }\n"
                + "[ -n \"${P:-}\" ] || die \"P unset\"\nlog enabling\n",
            "002-run": "log() { echo \"run: $*\" >&2; }\ndie() { log \"FATAL: $*\"; exit 3; }\n"
                + "[ -n \"${P:-}\" ] || die \"P unset\"\nlog deploying\n",
            "003-domain": "log() { echo \"[domain] $*\"; }\ndie() { echo \"[domain] $*\" >&2; exit 1; }\n"
                + "[ -n \"${P:-}\" ] || die \"P unset\"\nlog \"map done\"\n",
        ]
        let repo = try Self.repo(tasks)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        #expect(r.drafts.allSatisfy { $0.edits.keys.allSatisfy { !$0.contains("/lib/") } }, "\(r.drafts.map(\.edits.keys))")
        for (name, body) in tasks {
            let text = written(r.drafts, "ai/infra/tasks/\(name).sh") ?? body
            for line in body.split(separator: "\n").prefix(2) { #expect(text.contains(line), "\(name): \(text)") }
        }
        let copies = r.findings.filter { $0.key.hasPrefix("copies-") }
        #expect(copies.count == 6 && copies.allSatisfy { $0.severity == .info && $0.message.contains("different bodies") },
                "\(copies.map(\.message))")
        for d in r.drafts { #expect(!d.rationale.contains("give way"), "\(d.rationale)") }
    }

    @Test(.enabled(if: hasBash, "needs bash"))
    func differingCopiesRunAsBefore() throws {
        // With a task that calls an undefined `warn`, the rule does create the library.
        let tasks = [
            "001-apis": "log() { echo \"[apis] $*\"; }\nlog enabling\n",
            "002-run": "die() { echo \"FATAL: $*\" >&2; exit 3; }\nlog() { echo \"run: $*\"; }\n[ -n \"${P:-}\" ] || die \"P unset\"\nlog deploying\n",
            "003-domain": "log() { echo \"[domain] $*\"; }\ndie() { echo \"[domain] $*\" >&2; exit 1; }\nlog \"map done\"\nwarn careful\n",
        ]
        let repo = try Self.repo(tasks)
        func runAll() throws -> [String] {
            try tasks.keys.sorted().map { name in
                let r = try Run.command("/bin/bash", ["ai/infra/tasks/\(name).sh"], cwd: repo.root, env: ["PATH": "/usr/bin:/bin"])
                return "\(name) \(r.status) \(r.stdout) \(r.stderr.contains("FATAL") ? "FATAL" : "")"
            }
        }
        let before = try runAll()
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        let lib = try #require(written(r.drafts, "ai/infra/lib/helpers.sh"), "the undefined warn gets a library")
        #expect(!lib.contains("[apis]") && !lib.contains("exit 3") && !lib.contains("run:"), "\(lib)")
        try Self.apply(r.drafts, to: repo)
        let after = try runAll()
        // `warn` was undefined before (that line failed); the rest runs as it did.
        #expect(before.prefix(2) == after.prefix(2), "\(before) -> \(after)")
        #expect(after[1].hasPrefix("002-run 3 ") && after[1].hasSuffix("FATAL"), "\(after)")
        #expect(after[2].contains("[domain] map done"), "\(after)")
        // Re-planning proposes nothing more: the copies are reported, not cut.
        let again = try ruleRun(SharedHelpersRule(), on: repo)
        #expect(again.drafts.allSatisfy { $0.id != SharedHelpersRule.operationID }, "\(again.drafts.map(\.rationale))")
    }

    /// Copies with the same body (spaced differently) do move in, and the rationale names them.
    @Test func sameCopiesMoveIntoTheLibrary() throws {
        let repo = try Self.repo([
            "010-a": "log() { echo \"[infra] $*\"; }\nlog a\n",
            "020-b": "log()   {\n  echo  \"[infra] $*\";   }\nlog b\n",
        ])
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        let lib = try #require(written(r.drafts, "ai/infra/lib/helpers.sh"))
        #expect(lib.contains("log() { echo \"[infra] $*\"; }"), "\(lib)")
        for name in ["010-a", "020-b"] {
            let text = try #require(written(r.drafts, "ai/infra/tasks/\(name).sh"))
            #expect(!text.contains("log()") && text.contains("lib/helpers.sh"), "\(text)")
        }
        let draft = try #require(r.drafts.first { $0.id == SharedHelpersRule.operationID })
        #expect(draft.rationale.contains("`log`"), "\(draft.rationale)")
    }

    /// r16's shape run with bash: the library's placeholder `cleanup` and `trap cleanup EXIT`,
    /// a task that fills the hook in and prints with its own prefix. After the patch the task
    /// still removes its temp folder and prints `[ns]`, and a second plan proposes no cut.
    @Test(.enabled(if: hasBash, "needs bash"))
    func anOverriddenHookStillRuns() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/common.sh", "# shellcheck shell=bash\ninfo() { echo \"[info] $*\"; }\ncleanup() { :; }\ntrap cleanup EXIT\n")
        let task = "#!/usr/bin/env bash\nset -euo pipefail\n" + Self.src
            + "info() { echo \"[ns] $*\"; }\ncleanup() { echo \"cleaned\"; }\ninfo labels\n"
        try repo.write("ai/infra/tasks/20-ns.sh", task, executable: true)
        // A second task with neither, so the rule has work to do (a missing strict mode).
        try repo.write("ai/infra/tasks/30-b.sh", "#!/usr/bin/env bash\n" + Self.src + "info b\n", executable: true)
        func run() throws -> Run.Result {
            try Run.command("/bin/bash", ["ai/infra/tasks/20-ns.sh"], cwd: repo.root, env: ["PATH": "/usr/bin:/bin"])
        }
        let before = try run()
        #expect(before.status == 0 && before.stdout == "[ns] labels\ncleaned\n", "\(before.stdout)")
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        #expect(written(r.drafts, "ai/infra/tasks/20-ns.sh") == nil, "\(written(r.drafts, "ai/infra/tasks/20-ns.sh") ?? "")")
        try Self.apply(r.drafts, to: repo)
        let after = try run()
        #expect(after.status == before.status && after.stdout == before.stdout, "\(after.stdout)")
        let again = try ruleRun(SharedHelpersRule(), on: repo)
        #expect(again.drafts.allSatisfy { $0.id != SharedHelpersRule.operationID }, "\(again.drafts.map(\.rationale))")
    }
}
