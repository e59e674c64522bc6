import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// A task that does not source the library gets a `source` line (and loses its helper copies)
/// only when the library's load-time code changes nothing the task sees (`LibraryTopLevel`):
/// `source` runs the file in the task's own shell.
@Suite struct LibraryTopLevelTests {
    func run(library: String, tasks: [String: String]) throws -> (findings: [Finding], drafts: [OperationDraft]) {
        try helpersRuleRun(library: library, tasks: tasks)
    }

    static let helpers = """
        log() { echo "[$(date +%T)] $*"; }
        die() { echo "ERROR: $*" >&2; exit 1; }

        """

    /// s5 (breaker, session 7): the library defaults REGION to the primary region at load;
    /// the DR task defaults it to another one. Sourcing the library would move the bucket.
    @Test func aLibraryDefaultForANameTheTaskUsesKeepsTheTaskAsItIs() throws {
        let task = """
            log() { echo "[$(date +%T)] $*"; }
            REGION=${REGION:-us-central1}
            log "creating the DR bucket in $REGION"
            gcloud storage buckets create "gs://dr-$PROJECT_ID" --location "$REGION"

            """
        let r = try run(library: ": \"${REGION:=europe-west1}\"\n" + Self.helpers, tasks: ["020-dr": task])
        #expect(written(r.drafts, "ai/infra/tasks/020-dr.sh") == nil)
        let info = try #require(r.findings.first { $0.key == "library-runs-code" })
        #expect(info.severity == .info && info.message.contains("`REGION` (common.sh:2)"), "\(info.message)")
        let copy = try #require(r.findings.first { $0.key == "redefines-log" })
        #expect(copy.severity == .info && copy.message.contains("kept"), "\(copy.message)")
    }

    /// Another style: the library starts logging to a file and changes folder when it loads.
    @Test func aLibraryThatRunsCommandsWhenItLoadsIsNotSourcedIntoATask() throws {
        let task = "die() { echo \"ERROR: $*\" >&2; exit 1; }\n[ -f values.yaml ] || die \"run me from ai/infra\"\nhelm upgrade --install web ./chart -f values.yaml\n"
        let library = "cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\"\nexec > >(tee -a /tmp/infra.log) 2>&1\n" + Self.helpers
        let r = try run(library: library, tasks: ["030-web": task])
        #expect(written(r.drafts, "ai/infra/tasks/030-web.sh") == nil)
        #expect(r.findings.contains { $0.key == "library-runs-code" && $0.message.contains("run `cd` when it loads") })
    }

    /// A function named like a tool the task runs (`kubectl() { command kubectl --context ...; }`)
    /// would take over the task's calls.
    @Test func aLibraryFunctionNamedLikeATaskToolKeepsTheTaskAsItIs() throws {
        let library = "kubectl() { command kubectl --context \"$KUBE_CONTEXT\" \"$@\"; }\n" + Self.helpers
        let task = "log() { echo \"[$(date +%T)] $*\"; }\nlog applying\nkubectl apply -f app.yaml\n"
        let r = try run(library: library, tasks: ["040-app": task])
        #expect(written(r.drafts, "ai/infra/tasks/040-app.sh") == nil)
        #expect(r.findings.contains { $0.key == "library-runs-code" && $0.message.contains("`kubectl`") })
    }

    /// What stays as before: functions, strict options, a subshell's `cd`, and assignments of
    /// names the task never touches let the task source the library and drop its copy.
    @Test func onlyFunctionsAndUnrelatedNamesLetTheTaskSourceTheLibrary() throws {
        let library = "set -euo pipefail\nreadonly INFRA_ROOT=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)\"\n: \"${LOG_PREFIX:=infra}\"\n" + Self.helpers
        let task = "log() { echo \"[$(date +%T)] $*\"; }\nlog \"hello from $PROJECT_ID\"\n"
        let r = try run(library: library, tasks: ["050-hello": task])
        let text = try #require(written(r.drafts, "ai/infra/tasks/050-hello.sh"))
        #expect(text.contains("source ") && !text.contains("log() {"), "\(text)")
        #expect(!r.findings.contains { $0.key == "library-runs-code" })
    }
}
