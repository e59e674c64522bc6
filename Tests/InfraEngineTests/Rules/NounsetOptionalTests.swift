import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// `-u` and names that may be unset on purpose: library code the task calls that reads
/// `${!v}` or a flag it sets on one branch only (brk7 D3), and variables tested with `-z`/`-n`
/// whose empty case the task goes on with (brk7 D14).
@Suite struct NounsetOptionalTests {
    static let task = "ai/infra/tasks/010-app.sh"
    static let library = "ai/infra/lib/common.sh"
    static let source = "source \"$(dirname \"$0\")/../lib/common.sh\"\n"

    static func run(task: String, library: String?) throws -> (text: String?, findings: [Finding]) {
        let r = try ruleRun(task: task, library: library)
        return (written(r.drafts, Self.task), r.findings)
    }

    static func ruleRun(task: String, library: String?) throws -> (findings: [Finding], drafts: [OperationDraft], reality: RepoReality) {
        let repo = try TestRepo(fixture: nil, git: false)
        if let library { try repo.write(Self.library, library) }
        try repo.write(Self.task, task, executable: true)
        return try InfraEngineTests.ruleRun(SharedHelpersRule(), on: repo)
    }

    @Test func anIndirectReadInTheCalledLibraryKeepsNounsetOut() throws {
        // s11: under -u, `${!v}` for a missing name stops with `!v: unbound variable`.
        let lib = """
            die() { echo "error: $*" >&2; exit 1; }
            require_env() { local v; for v; do if [ -z "${!v}" ]; then echo "missing: $v" >&2; missing=1; fi; done; [ "$missing" -eq 0 ] || die "set them"; }

            """
        let (text, findings) = try Self.run(task: "#!/usr/bin/env bash\n" + Self.source + "require_env PROJECT\nkubectl get ns\n", library: lib)
        let patched = try #require(text)
        #expect(patched.contains("set -eo pipefail\n"), "\(patched)")
        let f = try #require(findings.first { $0.key == "keeps-unset" })
        #expect(f.severity == .info && f.line == 3 && f.message.contains("require_env"), "\(f.message)")
    }

    @Test func aFlagSetOnOneBranchOnlyKeepsNounsetOutThroughAnotherFunction() throws {
        // Another style: the task calls `check`, which calls `verify`, which reads `$failed`
        // that it sets only inside a loop.
        let lib = """
            verify() {
              for f in "$@"; do
                [ -f "$f" ] || failed=1
              done
              [ -z "$failed" ]
            }
            check() { verify a.yaml b.yaml; }

            """
        let (text, findings) = try Self.run(task: "#!/usr/bin/env bash\n" + Self.source + "check\n", library: lib)
        // `-e` is decided apart (ErrexitHazards: `verify` ends in a test, so it stays out too).
        #expect(Self.setFlags(try #require(text)).map { !$0.contains("u") && $0.contains("pipefail") } == true, "\(text ?? "")")
        #expect(findings.contains { $0.key == "keeps-unset" && $0.message.contains("`verify`") && $0.message.contains("$failed") })
        // A function that sets its name first, reads a loop variable, or sets a name in the
        // loop body it reads it in (s15's `retry`: `rc=$?` then `[ "$rc" -eq 0 ]`) does not block.
        let fine = "log() { local msg=$1; echo \"$msg\"; }\nall() { for x in a b; do echo \"$x\"; done; }\n"
            + "retry() {\n  while :; do\n    \"$@\"; rc=$?\n    [ \"$rc\" -eq 0 ] && return 0\n    sleep 1\n  done\n}\n"
            + "lines() { kubectl get ns | while read -r line; do echo \"$line\"; done; }\n"
        let (ok, okFindings) = try Self.run(task: "#!/usr/bin/env bash\n" + Self.source + "log hi\nall\nretry true\nlines\n", library: fine)
        #expect(Self.setFlags(try #require(ok)).map { $0.contains("u") } == true, "\(ok ?? "")")
        #expect(!okFindings.contains { $0.key == "keeps-unset" })
    }

    /// The flags of the first `set -...` line the patch wrote (what follows `set `).
    static func setFlags(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("set -") }.map { String($0.dropFirst(4)) }
    }

    static let notify = """
        #!/usr/bin/env bash
        # 020 - a no-op when SLACK_WEBHOOK_URL is not set (local runs).
        if [ -z "$SLACK_WEBHOOK_URL" ]; then
          echo "not notifying"
          exit 0
        fi
        curl -fsS -d '{"text":"done"}' "$SLACK_WEBHOOK_URL"

        """

    @Test func anOptionalVariableIsReadWithAnEmptyDefaultAtItsTest() throws {
        let r = try Self.ruleRun(task: Self.notify, library: nil)
        let patched = try #require(written(r.drafts, Self.task))
        // The variables rule's switch finding is this operation's to fix: nothing is left for it.
        let switchFinding = Finding(rule: "variables", key: "unchecked-SLACK_WEBHOOK_URL", file: Self.task, line: 1, message: "").id
        #expect(r.drafts.first { $0.id == SharedHelpersRule.operationID }?.findings.contains(switchFinding) == true)
        #expect(patched.contains("set -euo pipefail\n"))
        #expect(patched.contains("if [ -z \"${SLACK_WEBHOOK_URL:-}\" ]; then\n"), "\(patched)")
        // The read after the guard runs only when it is set: left as written.
        #expect(patched.contains("'{\"text\":\"done\"}' \"$SLACK_WEBHOOK_URL\"\n"))
        // A validation keeps its message under -u too; a `-n ... &&` use is rewritten alike.
        let other = "#!/usr/bin/env bash\n[ -z \"$PROJECT\" ] && { echo \"PROJECT is required\" >&2; exit 1; }\n"
            + "[[ -n $DEBUG_URL ]] && curl \"$DEBUG_URL\"\necho \"$PROJECT\"\n"
        let rewritten = NounsetSafeReads.rewritten(ShellReader.read(other))
        #expect(rewritten.contains("[ -z \"${PROJECT:-}\" ] && {"))
        #expect(rewritten.contains("[[ -n ${DEBUG_URL:-} ]] && curl \"$DEBUG_URL\"\necho \"$PROJECT\"\n"))
    }

    @Test func aComparisonSwitchIsDefaultedByThePatchThatAddsMinusU() throws {
        // s7: `[ "$ENVIRONMENT" != production ]` is no emptiness test, but a switch all the
        // same: the patch that adds `-u` writes it `${ENVIRONMENT:-}` (the session-9 tester's D8:
        // accepted alone, it must not stop where the variables operation would have helped),
        // and claims that finding as it does the emptiness test's.
        let task = "#!/usr/bin/env bash\npick() {\n  R=3\n  [ \"$ENVIRONMENT\" != production ] && R=1\n}\npick\n"
            + "if [ -z \"$NOTE\" ]; then exit 0; fi\necho \"$R $NOTE\"\n"
        let r = try Self.ruleRun(task: task, library: nil)
        let op = try #require(r.drafts.first { $0.id == SharedHelpersRule.operationID })
        let id = { (name: String) in Finding(rule: "variables", key: "unchecked-\(name)", file: Self.task, line: 1, message: "").id }
        #expect(op.findings.contains(id("ENVIRONMENT")))
        #expect(op.findings.contains(id("NOTE")))
        let patched = try #require(written(r.drafts, Self.task))
        #expect(patched.contains("[ \"${ENVIRONMENT:-}\" != production ] && R=1"), "\(patched)")
    }

    @Test func anOptionalVariableIsNotRequiredAValidatedOneIs() throws {
        var tree = RepoSnapshot()
        tree.write(Self.task, RepoFile(text: Self.notify, mode: .executable))
        let validated = "#!/usr/bin/env bash\nif [ -z \"$PROJECT\" ]; then echo \"set PROJECT\" >&2; exit 1; fi\n"
            + "[ -n \"$TRACE_URL\" ] && curl \"$TRACE_URL\"\n[ -z \"$ZONE\" ] && exit 0\ngcloud config set project \"$PROJECT\" --zone \"$ZONE\"\n"
        tree.write("ai/infra/tasks/030-other.sh", RepoFile(text: validated, mode: .executable))
        let reality = try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache())
        let notify = try #require(reality.tasks.first { $0.path == Self.task })
        let vars = ScriptVariables.of(notify, in: reality)
        #expect(!vars.fromOutside.contains("SLACK_WEBHOOK_URL"))
        #expect(vars.optionalTestLines["SLACK_WEBHOOK_URL"] == [3])
        let other = try #require(reality.tasks.first { $0.path.hasSuffix("030-other.sh") })
        let o = ScriptVariables.of(other, in: reality)
        #expect(o.validated["PROJECT"] == 2)
        #expect(o.fromOutside == ["PROJECT"], "\(o.fromOutside)")
        // The variables rule asks only for the test lines' defaults, never a `:?` check.
        let reads = UncheckedReads.of(notify, vars: vars, known: [])
        #expect(reads.map(\.name) == ["SLACK_WEBHOOK_URL"] && reads.first?.lines == [3] && reads.first?.isSwitch == true)
    }
}
