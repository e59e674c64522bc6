import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// A task's own helper with a different body never gives way to the library's
/// (HelperReplacement); the finding says what the difference would break where it can:
/// the exit, or captured output that would change stream.
@Suite struct HelperCopiesKeptTests {
    func run(library: String, tasks: [String: String]) throws -> (findings: [Finding], drafts: [OperationDraft]) {
        try helpersRuleRun(library: library, tasks: tasks)
    }

    /// r9: the task logs to stderr from a function whose output `$(...)` captures; the
    /// library's `log` prints to stdout, so the captured URL would hold the log line.
    @Test func aStderrLogInsideACaptureStays() throws {
        let task = """
            log() { echo "[infra] $*" >&2; }
            repo_url() {
              log "looking up $1"
              gcloud artifacts repositories describe "$1" --format='value(name)'
            }
            url="$(repo_url images)"
            echo "$url"

            """
        let r = try run(library: "log() { echo \"[infra] $*\"; }\n", tasks: ["010-registry": task])
        let text = written(r.drafts, "ai/infra/tasks/010-registry.sh") ?? task
        #expect(text.contains("log() { echo \"[infra] $*\" >&2; }"), "\(text)")
        let finding = try #require(r.findings.first { $0.key == "redefines-log" })
        #expect(finding.severity == .info && finding.message.contains("kept"), "\(finding.message)")
        let claimed = r.drafts.flatMap(\.findings)
        #expect(claimed.allSatisfy { $0 != finding.id }, "\(claimed)")
    }

    /// Another style: the library's `die` does not exit; the task's does. Replacing it would
    /// let the task carry on after the failure it reports.
    @Test func aDieThatExitsIsNotReplacedByOneThatDoesNot() throws {
        let task = "die() {\n  printf 'error: %s\\n' \"$*\" >&2\n  exit 1\n}\n[ -n \"${PROJECT:-}\" ] || die \"no project\"\n"
        let r = try run(library: "die() { printf 'error: %s\\n' \"$*\" >&2; return 1; }\n", tasks: ["010-a": task])
        let text = written(r.drafts, "ai/infra/tasks/010-a.sh") ?? task
        #expect(text.contains("  exit 1"), "\(text)")
        #expect(r.findings.first { $0.key == "redefines-die" }?.message.contains("stops the task") == true)
    }

    /// Case 08's shape: a different stream, and nothing captures the call: still the task's
    /// own version (its prefix, its stream), so it stays (the session-14 tester's D1).
    @Test func aDifferentStreamNothingCapturesStays() throws {
        let task = "_note() { echo \"[030] $*\"; }\n_note \"deployed\"\n"
        let r = try run(library: "_note() { printf '%s\\n' \"$*\" >&2; }\n", tasks: ["030-a": task])
        let text = written(r.drafts, "ai/infra/tasks/030-a.sh") ?? task
        #expect(text.contains("_note() { echo \"[030] $*\"; }"), "\(text)")
        #expect(r.findings.first { $0.key == "redefines-_note" }?.severity == .info)
    }

    /// r9's 020: nothing captures `log` inside the task, but the library's prints to stdout
    /// where the task's printed to stderr: the task's output would change.
    @Test func aLibraryPrintingToStdoutNeverReplacesAStderrCopy() throws {
        let task = "log() { echo \"[infra] $*\" >&2; }\nfor b in a b; do log \"bucket $b\"; done\n"
        let r = try run(library: "log() { echo \"[infra] $*\"; }\n", tasks: ["020-b": task])
        let text = written(r.drafts, "ai/infra/tasks/020-b.sh") ?? task
        #expect(text.contains("log() { echo \"[infra] $*\" >&2; }"), "\(text)")
    }

    @Test func aPipedCallThroughAFunctionCounts() throws {
        let script = ShellReader.read("log() { echo \"$*\" >&2; }\nf() { log x; echo y; }\nf | grep y\nlog done >&2\n")
        #expect(HelperReplacement.capturedCall(of: "log", in: script) == 3)
        let quiet = ShellReader.read("log() { echo \"$*\"; }\nlog done\nv=$(date)\n")
        #expect(HelperReplacement.capturedCall(of: "log", in: quiet) == nil)
    }
}
