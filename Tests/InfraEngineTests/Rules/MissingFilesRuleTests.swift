import Foundation
import Testing
@testable import InfraEngine

@Suite struct MissingFilesRuleTests {
    @Test func edgeMessyMissingFiles() throws {
        let plan = try TestRepo().plan()
        let found = plan.findings.filter { $0.rule == "missing-files" }
        #expect(found.contains { $0.file == "ai/infra/tasks/060-gateway.sh" && $0.line == 6
            && $0.message.contains("applies ai/infra/manifests/edge/gatewayclass.yaml, which does not exist") })
        #expect(found.contains { $0.file == "ai/infra/bin/run-all.sh" && $0.line == 6
            && $0.message.contains("ai/infra/tasks/080-monitoring.sh") && $0.message.contains("line 4") })
        #expect(found.count == 2, "\(found.map { "\($0.location) \($0.message)" })")
        // The manifests rule creates the GatewayClass and the entrypoint rule replaces the
        // runner, so no guard is needed: this rule proposes nothing here.
        #expect(!plan.operations.contains { $0.rule == "missing-files" })
        #expect(plan.operations.contains { $0.files.contains { $0.path == "ai/infra/manifests/edge/gatewayclass.yaml" && $0.change == .create } })
    }

    @Test func demoMissingFiles() throws {
        let plan = try demoRepo().plan()
        let found = Set(plan.findings.filter { $0.rule == "missing-files" }.map(\.location))
        #expect(found == ["ai/infra/tasks/060-gateway.sh:17", "ai/infra/bin/deploy-all.sh:18"])
        let deploy = plan.findings.first { $0.file == "ai/infra/bin/deploy-all.sh" && $0.rule == "missing-files" }
        #expect(deploy?.message.contains("090-smoke-test.sh") == true && deploy?.message.contains("line 13") == true)
    }

    static func repo() throws -> TestRepo {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/helpers.sh", "# shellcheck shell=bash\ndie() { echo \"error: $*\" >&2; exit 1; }\n")
        try repo.write("ai/infra/manifests/gatewayclass.yaml", "kind: GatewayClass\n")
        try repo.write("ai/infra/tasks/010-a.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            source "$(dirname "$0")/../lib/helpers.sh"
            kubectl apply -f "$(dirname "$0")/../manifests/class.yaml"
            kubectl apply -f "$(dirname "$0")/../manifests/hello.yaml"
              bash "$(dirname "$0")/../bin/smoke.sh" # run the smoke test
            cat <<EOF
            kubectl apply -f not-a-file.yaml
            EOF

            """, executable: true)
        return repo
    }

    @Test func guardsOrCorrectsWhatNobodyCreates() throws {
        let repo = try Self.repo()
        let (findings, drafts, _) = try ruleRun(MissingFilesRule(), on: repo)
        #expect(findings.map(\.line).sorted() == [4, 5, 6], "\(findings.map(\.message))")
        let text = try #require(written(drafts, "ai/infra/tasks/010-a.sh"))
        #expect(text == """
            #!/usr/bin/env bash
            set -euo pipefail
            source "$(dirname "$0")/../lib/helpers.sh"
            kubectl apply -f "$(dirname "$0")/../manifests/gatewayclass.yaml"
            [ -f "$(dirname "$0")/../manifests/hello.yaml" ] || die "ai/infra/manifests/hello.yaml is missing"
            kubectl apply -f "$(dirname "$0")/../manifests/hello.yaml"
              [ -f "$(dirname "$0")/../bin/smoke.sh" ] || die "ai/infra/bin/smoke.sh is missing"
              bash "$(dirname "$0")/../bin/smoke.sh" # run the smoke test
            cat <<EOF
            kubectl apply -f not-a-file.yaml
            EOF

            """)
        // The guard stops the script with the message, before kubectl runs.
        try repo.write("ai/infra/tasks/010-a.sh", text, executable: true)
        let stubs = try StubTools(in: repo.root.appendingPathComponent(".stubs"))
        let run = try Run.command("/bin/bash", [repo.url("ai/infra/tasks/010-a.sh").path], env: stubs.environment([:]))
        #expect(run.status != 0)
        #expect(run.stderr.contains("ai/infra/manifests/hello.yaml is missing"))
        #expect(stubs.calls() == ["kubectl apply -f \(repo.url("ai/infra/tasks").path)/../manifests/gatewayclass.yaml"])
    }
}
