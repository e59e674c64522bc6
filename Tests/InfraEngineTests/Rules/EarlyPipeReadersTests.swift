import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// A pipeline whose reader can stop early keeps working only without pipefail
/// (`EarlyPipeReaders`): the helpers rule adds `-eu` and leaves `-o pipefail` out, with an
/// info finding, instead of turning a working `| grep -q` guard into a false "absent".
@Suite struct EarlyPipeReadersTests {
    @Test(arguments: [
        ("kubectl get ns | grep -q dev", true),
        ("gcloud sql instances list --format='value(name)' | grep -qx db", true),
        ("kubectl get pods -A | grep -iq crash", true),
        ("kubectl get pods | grep -m1 web", true),
        ("kubectl get pods | grep --max-count=1 web", true),
        ("kubectl get pods | grep --quiet web", true),
        ("gcloud projects list | head -1", true),
        ("kubectl get ns -o name | read -r first", true),
        ("kubectl get pods | awk '{print $1; exit}'", true),
        ("kubectl get pods | sed -n '1p;1q'", true),
        ("kubectl get pods | sed 1q", true),
        ("kubectl get pods | grep web", false),
        ("kubectl get pods | grep -e -q", false),
        ("kubectl get pods | sed 's/a/q/'", false),
        ("kubectl get pods | sort | uniq", false),
        ("kubectl get pods | while read -r line; do echo \"$line\"; done", false),
        ("grep -q dev names.txt", false),
        ("x=$(kubectl get ns | head -1)", true),
    ])
    func readersThatStopEarly(_ line: String, _ early: Bool) {
        let script = ShellReader.read("#!/usr/bin/env bash\n\(line)\n")
        #expect((EarlyPipeReaders.firstLine(in: script) != nil) == early, "\(line)")
    }

    /// r-style task: a namespace guard through `grep -q` on a listing; the patch adds `-eu`
    /// only and says why.
    @Test func strictModeLeavesPipefailOutOfAGrepGuard() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/tasks/010-ns.sh", """
            #!/usr/bin/env bash
            if ! kubectl get namespaces -o name | grep -q '^namespace/shop$'; then
              kubectl create namespace shop
            fi

            """, executable: true)
        try repo.commitAll("ns")
        let plan = try Planner.plan(root: repo.root)
        let info = try #require(plan.findings.first { $0.key == "pipes-stop-early" })
        #expect(info.severity == .info && info.line == 2, "\(info)")
        let strict = plan.findings.first { $0.message.contains("runs without `set -euo pipefail`") }
        #expect(strict?.message.contains("missing -e -u)") == true, "\(strict?.message ?? "none")")
        let patch = try #require(plan.operations.first { $0.id == SharedHelpersRule.operationID }).patch
        #expect(patch.contains("+set -eu\n") && !patch.contains("pipefail"), "\(patch)")
    }

    /// Another style: a head on a gcloud listing captured into a variable, with `set -e`
    /// already there; `-u` is added and pipefail is not.
    @Test func aCapturedHeadKeepsItsStatus() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/tasks/020-zone.sh", """
            #!/usr/bin/env bash
            set -e
            zone="$(gcloud compute zones list --format='value(name)' | head -n 1)"
            echo "first zone: ${zone}"

            """, executable: true)
        try repo.commitAll("zone")
        let plan = try Planner.plan(root: repo.root)
        #expect(plan.findings.contains { $0.key == "pipes-stop-early" && $0.line == 3 })
        let patch = try #require(plan.operations.first { $0.id == SharedHelpersRule.operationID }).patch
        #expect(patch.contains("+set -e -u\n") || patch.contains("+set -eu\n"), "\(patch)")
        #expect(!patch.contains("pipefail"), "\(patch)")
    }
}
