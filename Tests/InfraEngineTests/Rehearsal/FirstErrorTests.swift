import Foundation
import Testing
@testable import InfraEngine

/// A failed rehearsal names why: an entrypoint's "task X failed; see logs/X.log" points at a
/// log that lived in the scratch copy, so the report's first error is the task's own line,
/// from the output or from that log, read before the sandbox goes.
@Suite(.serialized)
struct FirstErrorTests {
    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    func rehearse(_ files: [String: String], step: String) throws -> [StepRun] {
        let rehearser = try Rehearser.ready().get()
        let area = try RehearsalArea()
        defer { area.remove() }
        area.lay(RepoSnapshot(files: files.mapValues { RepoFile(text: $0) }))
        try area.install(rehearser.doubles)
        return rehearser.rehearse([.script(step)], in: area, environment: [:])
    }

    static let entrypoint = """
    #!/usr/bin/env bash
    set -Eeuo pipefail
    INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    LOG_DIR="$INFRA_DIR/logs"
    mkdir -p "$LOG_DIR"
    for t in 005-ok 010-key; do
      echo "==> $t (log: $LOG_DIR/$t.log)"
      if [ "$t" = 010-key ] && [ -n "${SELF_LOG:-}" ]; then
        if ! bash "$INFRA_DIR/tasks/$t.sh" >"$LOG_DIR/$t.log" 2>&1; then echo "error: task $t failed; see $LOG_DIR/$t.log, then resume with --from $t" >&2; exit 1; fi
      elif ! bash "$INFRA_DIR/tasks/$t.sh" 2>&1 | tee "$LOG_DIR/$t.log"; then
        echo "error: task $t failed; see $LOG_DIR/$t.log, then resume with --from $t" >&2; exit 1
      fi
    done

    """

    static let tasks = [
        "ai/infra/tasks/005-ok.sh": "echo 'namespace ready'\n",
        "ai/infra/tasks/010-key.sh": """
        set -euo pipefail
        key="${DNS_KEY_FILE:-$PWD/credentials/dns-admin.json}"
        echo "loading the key"
        [ -f "$key" ] || { echo "no DNS solver key at $key (README, step 1)" >&2; exit 1; }

        """,
    ]

    @Test(.enabled(if: ready, "needs bubblewrap and the doubles"))
    func theTasksOwnLineIsTheFirstErrorNotTheLogPointer() throws {
        var files = Self.tasks
        files["ai/infra/init.sh"] = Self.entrypoint
        let runs = try rehearse(files, step: "ai/infra/init.sh")
        #expect(runs.count == 2)
        for run in runs {
            #expect(!run.passed)
            #expect(run.firstError?.hasPrefix("010-key: no DNS solver key at ") == true && run.firstError?.hasSuffix("credentials/dns-admin.json (README, step 1)") == true,
                    "\(run.firstError ?? "nil")")
        }
        let report = RehearsalReport(skipped: nil, target: "ai/infra/init.sh", placeholders: [:], teardown: [], runs: runs,
                                     verdict: RehearsalReport.judge(runs, deletesAllowed: false))
        let text = RehearsalText.report(report)
        #expect(text.contains("first error: 010-key: no DNS solver key at"), "\(text)")
        // The validation's check still reads it as a task's failure, not the entrypoint's own.
        #expect(RehearsalCheck.namesATask(runs[0].firstError ?? ""))
        #expect(!text.contains("first error: error: task 010-key failed"), "\(text)")
    }

    /// A task that writes its own log prints nothing to the entrypoint's output: the log,
    /// inside the sandbox, says why.
    @Test(.enabled(if: ready, "needs bubblewrap and the doubles"))
    func aSelfLoggingTasksLineIsReadFromItsLogInTheSandbox() throws {
        var files = Self.tasks
        files["ai/infra/init.sh"] = Self.entrypoint.replacingOccurrences(of: "set -Eeuo pipefail\n", with: "set -Eeuo pipefail\nSELF_LOG=1\n")
        let runs = try rehearse(files, step: "ai/infra/init.sh")
        let first = try #require(runs.first)
        #expect(first.firstError?.hasPrefix("010-key: no DNS solver key at ") == true, "\(first.firstError ?? "nil")")
    }

    @Test func aLineThatOnlyNamesALogPointsAtIt() {
        #expect(Rehearser.pointsAtLog("error: task 010-x failed; see ai/infra/logs/010-x.log, then resume with --from 010-x"))
        #expect(Rehearser.pointsAtLog("==> 010-x (log: ai/infra/logs/010-x.log)"))
        #expect(!Rehearser.pointsAtLog("tee: ai/infra/logs/010-x.log: Read-only file system"))
        #expect(!Rehearser.pointsAtLog("no DNS solver key at ./credentials/dns-admin.json"))
        #expect(Rehearser.loggedTask("error: task 010-x failed; see ai/infra/logs/010-x.log, then resume") == "010-x")
        #expect(Rehearser.loggedTask("see /tmp/init.log") == nil)
    }
}
