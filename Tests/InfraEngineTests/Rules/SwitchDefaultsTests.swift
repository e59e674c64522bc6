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

    @Test func aBracedSwitchBesideAnAwkProgramKeepsTheProgram() throws {
        let text = try rewritten("""
            [[ -n ${SHOW_PODS} ]] && kubectl get pods --no-headers | awk '{print $SHOW_PODS, $1}'
            echo done

            """)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("[[") })
        #expect(line.hasPrefix("[[ -n ${SHOW_PODS:-") && line.hasSuffix("awk '{print $SHOW_PODS, $1}'"), "\(line)")
    }
}
