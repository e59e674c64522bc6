import Foundation
import Testing
@testable import InfraEngine

/// A documented task command keeps what stands in front of it: environment assignments move
/// to the entrypoint line, and a shell run with its own options (`bash -x`) stays as written.
@Suite struct DocCommandPrefixTests {
    func run(_ readme: String) throws -> (findings: [Finding], readme: String?) {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-ns.sh", "#!/usr/bin/env bash\nset -euo pipefail\nkubectl apply -k \"k8s/${OVERLAY:-staging}\"\n", executable: true)
        try repo.write("ai/infra/tasks/020-deploy.sh", "#!/usr/bin/env bash\nset -euo pipefail\nkubectl get ns\n", executable: true)
        try repo.write("README.md", readme)
        let r = try ruleRun(DocsRule(), on: repo)
        return (r.findings.filter { $0.file == "README.md" }, written(r.drafts, "README.md"))
    }

    @Test func environmentAssignmentsStayInFront() throws {
        let r = try run("# Deploy\n\n    OVERLAY=prod ai/infra/tasks/010-ns.sh\n    APP_ENV=dev bash ai/infra/tasks/020-deploy.sh\n")
        let readme = try #require(r.readme)
        #expect(readme.contains("    OVERLAY=prod ./ai/infra/init.sh --only 010-ns\n"), "\(readme)")
        #expect(readme.contains("    APP_ENV=dev ./ai/infra/init.sh --only 020-deploy\n"), "\(readme)")
        #expect(r.findings.contains { $0.message.hasSuffix("instead of `OVERLAY=prod ./ai/infra/init.sh --only 010-ns`") })
    }

    @Test func aTracedRunIsLeftAlone() throws {
        let r = try run("To debug a task, trace it: `bash -x ai/infra/tasks/020-deploy.sh`.\n\n```sh\nsh -n ai/infra/tasks/010-ns.sh\n```\n")
        #expect(!r.findings.contains { $0.key.hasPrefix("task-") }, "\(r.findings.map(\.message))")
        #expect(r.readme.map { $0.contains("bash -x ai/infra/tasks/020-deploy.sh") && $0.contains("sh -n ai/infra/tasks/010-ns.sh") } ?? true)
    }
}
