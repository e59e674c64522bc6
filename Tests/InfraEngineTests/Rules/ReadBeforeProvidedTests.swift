import Foundation
import Testing
@testable import InfraEngine

/// Issue 12 item 4: a name counts as set from the line that provides it; a read that runs
/// before (a library setter called later, an env file sourced later, an assignment further
/// down) is reported, with no patch. Reads that run at another time than their line (in a
/// function, in a loop) and names validated first are left alone.
@Suite struct ReadBeforeProvidedTests {
    static let library = """
        # shellcheck shell=bash
        load_defaults() { : "${TARGET_NS:=apps}"; CHART_VERSION=1.4.2; }

        """

    func run(_ tasks: [String: String]) throws -> [Finding] {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/defaults.sh", Self.library)
        try repo.write("ai/infra/settings.env", "CLUSTER_NAME=edge\n")
        for (name, body) in tasks {
            try repo.write("ai/infra/tasks/\(name).sh", "#!/usr/bin/env bash\nset -euo pipefail\n"
                + "source \"$(dirname \"$0\")/../lib/defaults.sh\"\n" + body, executable: true)
        }
        let (findings, drafts, _) = try ruleRun(VariablesRule(), on: repo)
        #expect(drafts.isEmpty, "no patch for a read before what provides it")
        return findings
    }

    @Test func readsBeforeTheProviderAreReported() throws {
        let findings = try run([
            "010-setter-after": "echo \"namespace $TARGET_NS\"\nload_defaults\nhelm upgrade --install x c --version \"$CHART_VERSION\" -n \"$TARGET_NS\"\n",
            "020-env-after": "echo \"cluster: ${CLUSTER_NAME}\"\nset -a; . \"$(dirname \"$0\")/../settings.env\"; set +a\n",
            "030-assigned-after": "gcloud config set compute/region \"${REGION%-x}\"\nREGION=europe-west1\necho \"$REGION\"\n",
        ])
        let got = Set(findings.map { "\($0.location) \($0.id.split(separator: ":").last ?? "")" })
        #expect(got == ["ai/infra/tasks/010-setter-after.sh:4 read-before-provided-TARGET_NS",
                        "ai/infra/tasks/020-env-after.sh:4 read-before-provided-CLUSTER_NAME",
                        "ai/infra/tasks/030-assigned-after.sh:4 read-before-provided-REGION"],
                "\(findings.map { "\($0.location) \($0.id) \($0.message)" })")
        #expect(findings.first { $0.location.hasPrefix("ai/infra/tasks/010") }?.message.contains("before line 5 provides it") == true)
    }

    @Test func readsAfterTheProviderOrRunLaterAreNot() throws {
        let findings = try run([
            "110-setter-before": "load_defaults\necho \"namespace $TARGET_NS\"\n",
            "120-function-called-later": "show() { echo \"chart $CHART_VERSION\"; }\nload_defaults\nshow\n",
            "130-loop": "for i in 1 2; do\n  [ \"$i\" = 1 ] || echo \"$LAST\"\n  LAST=$i\ndone\n",
            "140-validated-first": ": \"${OWNER:?export OWNER}\"\necho \"$OWNER\"\nOWNER=\"$(echo \"$OWNER\" | tr A-Z a-z)\"\n",
        ])
        #expect(findings.filter { $0.id.contains("read-before-provided") }.isEmpty,
                "\(findings.map { "\($0.location) \($0.id) \($0.message)" })")
    }
}
