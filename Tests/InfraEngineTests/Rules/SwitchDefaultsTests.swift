import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// The variables rule reads an optional switch with a default (`${X:-0}`) on the lines that
/// test it, on the parser's expansions (`VariablesEdit.defaultingSwitches`): the same name in
/// single quotes or a comment on that line is no read and stays as written (a search of the
/// line's text rewrote those too, the kind of the session-7 tester's D11).
@Suite struct SwitchDefaultsTests {
    func rewritten(_ body: String) throws -> String {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-pods.sh", "#!/usr/bin/env bash\nset -eo pipefail\n" + body, executable: true)
        let r = try ruleRun(VariablesRule(), on: repo)
        return try #require(written(r.drafts, "ai/infra/tasks/010-pods.sh"), "\(r.findings)")
    }

    @Test func quotedAndCommentedNamesOnTheTestLineStay() throws {
        let text = try rewritten("""
            if [ "$VERBOSE" = 1 ]; then echo 'run with VERBOSE=1 for every $VERBOSE line'; fi  # see $VERBOSE in the README
            kubectl get pods

            """)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("if [") })
        #expect(line.contains("[ \"${VERBOSE:-") && line.contains("'run with VERBOSE=1 for every $VERBOSE line'")
                && line.hasSuffix("# see $VERBOSE in the README"), "\(line)")
    }

    /// The session-9 second tester's D1, D2: a default must test as the empty word an unset
    /// name gave. `0` does for `[[ $X == 1 ]]`, not for `[[ $X == 0 ]]` or `[ "$X" -lt 3 ]`;
    /// there the default is empty, and so it is for a switch whose value is also printed. A
    /// one-operand test and the `x"$X"` guard are switch tests too. Each task runs with bash
    /// before and after, every switch unset.
    @Test func theDefaultKeepsEveryTestsAnswer() throws {
        let body = """
            [[ $CACHE == 0 ]] && echo "cache disabled"
            [ "$CLEANUP" = 0 ] && echo "cleanup off"
            if [ "$PUBLISH" != 1 ]; then echo "not publishing"; fi
            [[ $DRY != 1 ]] && echo "real run"
            [ "$NOTIFY" -eq 0 ] 2>/dev/null && echo "no notify"
            [ "$RETRIES" -lt 3 ] 2>/dev/null && echo "few retries"
            [ "$LEVEL" -gt 1 ] 2>/dev/null && echo "high level"
            [[ $WORKERS -eq 0 ]] && echo "no workers"
            [[ $VERBOSE == 1 ]] && echo "verbose"
            if [ "$DRY_RUN" != 0 ]; then
              echo "dry run (DRY_RUN=$DRY_RUN)"
            fi
            [ "$QUIET" ] && echo "quiet"
            [ x"$TRACE" = x1 ] && echo "trace"
            [ "$SPARES" -gt 0 ] 2>/dev/null && echo "spares $SPARES"
            echo done

            """
        let text = try rewritten(body)
        #expect(text.contains("[[ ${VERBOSE:-0} == 1 ]]") && text.contains("[ \"${LEVEL:-0}\" -gt 1 ]")
                && text.contains("[[ ${CACHE:-} == 0 ]]") && text.contains("[ \"${RETRIES:-}\" -lt 3 ]")
                && text.contains("echo \"dry run (DRY_RUN=${DRY_RUN:-})\"") && text.contains("[ \"${QUIET:-}\" ]")
                && text.contains("[ x\"${TRACE:-}\" = x1 ]") && text.contains("echo \"spares ${SPARES:-}\""), "\(text)")
        #expect(!text.contains(":?"), "no switch is made required: \(text)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("switch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = dir.appendingPathComponent("before.sh"), after = dir.appendingPathComponent("after.sh")
        try ("#!/usr/bin/env bash\n" + body).write(to: before, atomically: true, encoding: .utf8)
        try text.write(to: after, atomically: true, encoding: .utf8)
        let a = try Run.command("/bin/bash", [before.path]), b = try Run.command("/bin/bash", [after.path])
        #expect(a.status == b.status && a.stdout == b.stdout, "before \(a.stdout) after \(b.stdout)")
    }

    @Test func aBracedSwitchBesideAnAwkProgramKeepsTheProgram() throws {
        let text = try rewritten("""
            [[ -n ${SHOW_PODS} ]] && kubectl get pods --no-headers | awk '{print $SHOW_PODS, $1}'
            echo done

            """)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("[[") })
        #expect(line.hasPrefix("[[ -n ${SHOW_PODS:-") && line.hasSuffix("awk '{print $SHOW_PODS, $1}'"), "\(line)")
    }
}
