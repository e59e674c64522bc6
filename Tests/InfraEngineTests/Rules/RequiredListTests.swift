import Foundation
import Testing
@testable import InfraEngine

/// The entrypoint's required list equals what the tasks need from the caller (issue 12,
/// done-when): on the demo, the edge fixture and handed cases; before the fixes (what the
/// tasks need as written) and after applying every operation (the list init.sh checks is
/// what the fixed tasks need, including every guard and rendered placeholder added).
@Suite struct RequiredListTests {
    func required(_ root: URL, infraDir: String = "ai/infra") throws -> [String] {
        let snapshot = try RepoReader(root: root, infraDir: infraDir).read()
        return RequiredEnvironment.required(in: try RepoReality(snapshot: snapshot, infraDir: infraDir, cache: ScriptCache()))
    }

    func checkApplied(_ root: URL, _ expected: [String]) throws {
        let apply = try Run.tui(["apply", "--repo", root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        let listed = StubTools.requiredEnvironment(of: root.appendingPathComponent("ai/infra/init.sh"))
        #expect(listed == Set(expected))
        #expect(try required(root) == expected)
    }

    @Test func demo() throws {
        let repo = try demoRepo()
        #expect(try required(repo.root) == ["CLUSTER_NAME", "LEDGER_DB_PASSWORD", "LEDGER_DOMAIN", "PROJECT_ID", "ZONE"])
        try checkApplied(repo.root, ["ACME_EMAIL", "CLUSTER_NAME", "LEDGER_DB_PASSWORD", "LEDGER_DOMAIN", "PROJECT_ID", "STATIC_IP", "ZONE"])
    }

    @Test func edgeFixture() throws {
        let repo = try TestRepo()
        #expect(try required(repo.root) == ["CLUSTER", "DOMAIN", "PROJECT_ID", "ZONE"])
        try checkApplied(repo.root, ["ACME_EMAIL", "CLUSTER", "DOMAIN", "GATEWAY_IP", "PROJECT_ID", "ZONE"])
    }

    @Test(arguments: [
        ("06-preflight-list-mismatch", ["CERT_CONTACT_EMAIL", "DNS_ZONE", "GCP_PROJECT", "GCP_REGION"]),
        ("13-defaults-and-builtin-vars", []),
        ("14-validation-and-default-helpers", ["NOTIFY_PROJECT", "SMTP_RELAY"]),
        ("15-derive-or-default-not-require", ["MAPS_PROJECT", "MAPS_ZONE"]),
    ])
    func handedCase(_ name: String, _ expected: [String]) throws {
        let c = try CaseRepo(name)
        #expect(try required(c.root, infraDir: c.infraDir) == expected)
    }
}
