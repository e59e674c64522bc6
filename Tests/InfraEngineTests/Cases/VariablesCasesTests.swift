import Foundation
import Testing
@testable import InfraEngine

/// Cases 06, 13, 14 and 15: what the variables rule reports and fixes, and the entrypoint's
/// required list, on the handed repositories.
@Suite struct VariablesCasesTests {
    static let loop = "for t in ai/infra/tasks/[0-9]*.sh; do bash \"$t\" || exit 1; done"

    @Test func case06OnlyTheUnvalidatedReadAndTheRequiredList() throws {
        let c = try CaseRepo("06-preflight-list-mismatch")
        let (findings, drafts) = try c.run(VariablesRule())
        #expect(findings.map { "\($0.file):\($0.line)" } == ["ai/infra/tasks/040-issuer.sh:14"], "\(findings.map(\.message))")
        #expect(findings.first?.message.contains("$CERT_CONTACT_EMAIL") == true)
        #expect(RequiredEnvironment.required(in: try c.reality()) == ["CERT_CONTACT_EMAIL", "DNS_ZONE", "GCP_PROJECT", "GCP_REGION"])
        // The guard is in 040's own style, right after its own check, before the apply.
        #expect(drafts.map { $0.edits.keys.sorted() } == [["ai/infra/tasks/040-issuer.sh"]])
        let text = try #require(written(drafts, "ai/infra/tasks/040-issuer.sh"))
        #expect(text.contains(": \"${GCP_PROJECT:?set GCP_PROJECT}\"\n: \"${CERT_CONTACT_EMAIL:?set CERT_CONTACT_EMAIL}\"\n\nkubectl apply"))
        let vars = TaskEnvironment.variables(in: try c.reality())
        #expect(vars.first { $0.name == "SHIP_CLUSTER" }?.explanation.contains("config/cluster.env") == true)
        #expect(vars.first { $0.name == "INGRESS_IP" }?.role == .loaded)
    }

    @Test func case06FixedTasksRunTwice() throws {
        let c = try CaseRepo("06-preflight-list-mismatch")
        try c.write(try c.run(VariablesRule()).drafts)
        try c.copy("ai/infra/config/cluster.env.example", "ai/infra/config/cluster.env")
        let env = ["GCP_PROJECT": "demo-project", "GCP_REGION": "europe-west4", "DNS_ZONE": "example-org", "CERT_CONTACT_EMAIL": "platform@example.org"]
        let r = try c.twice(Self.loop, env)
        #expect(twiceClean(r), "\(r.stdout)\(r.stderr)")
        var missing = env
        missing["CERT_CONTACT_EMAIL"] = nil
        let stop = try c.twice("bash ai/infra/tasks/040-issuer.sh", missing, once: true)
        #expect(stop.stdout.contains("run1 rc=1"), "\(stop.stdout)")
    }

    @Test func case13DefaultsAndBashVariablesAreNeverRequired() throws {
        let c = try CaseRepo("13-defaults-and-builtin-vars")
        let (findings, drafts) = try c.run(VariablesRule())
        #expect(findings.isEmpty, "\(findings.map { "\($0.location) \($0.message)" })")
        #expect(drafts.isEmpty)
        #expect(RequiredEnvironment.required(in: try c.reality()).isEmpty)
        let r = try c.twice(Self.loop)
        #expect(twiceClean(r), "\(r.stdout)\(r.stderr)")
    }

    @Test func case14HelperValidatorsAndSettersCount() throws {
        let c = try CaseRepo("14-validation-and-default-helpers")
        let (findings, drafts) = try c.run(VariablesRule())
        #expect(findings.isEmpty, "\(findings.map { "\($0.location) \($0.message)" })")
        #expect(drafts.isEmpty)
        let reality = try c.reality()
        #expect(RequiredEnvironment.required(in: reality) == ["NOTIFY_PROJECT", "SMTP_RELAY"])
        let context = TaskEnvironment.variables(in: reality).first { $0.name == "KUBE_CONTEXT" }
        #expect(context?.role == .defaulted && context?.explanation.contains("pick_context") == true)
    }

    @Test func case15DerivesTheRegionAndDefaultsTheSwitch() throws {
        let c = try CaseRepo("15-derive-or-default-not-require")
        let (findings, drafts) = try c.run(VariablesRule())
        let got = findings.map { "\($0.file):\($0.line)" }.sorted()
        #expect(got == ["ai/infra/tasks/010-subnet.sh:5", "ai/infra/tasks/010-subnet.sh:7", "ai/infra/tasks/020-cluster.sh:5"], "\(findings.map(\.message))")
        let region = try #require(findings.first { $0.line == 7 })
        #expect(region.message.contains("MAPS_ZONE") && region.message.contains("line 4"))
        #expect(findings.filter { $0.line == 5 }.allSatisfy { $0.message.contains("optional switch") })
        #expect(RequiredEnvironment.required(in: try c.reality()) == ["MAPS_PROJECT", "MAPS_ZONE"])
        let subnet = try #require(written(drafts, "ai/infra/tasks/010-subnet.sh"))
        #expect(subnet.contains("set MAPS_ZONE, e.g. europe-west4-b}\"\nMAPS_REGION=\"${MAPS_REGION:-${MAPS_ZONE%-*}}\"\nif [[ ${VERBOSE:-0} == 1 ]]; then set -x; fi\n"))
        #expect(!subnet.contains("MAPS_REGION:?") && !subnet.contains("VERBOSE:?"))
        try c.write(drafts)
        let env = ["MAPS_PROJECT": "demo-project", "MAPS_ZONE": "europe-west4-b"]
        let r = try c.twice(Self.loop, env)
        #expect(twiceClean(r), "\(r.stdout)\(r.stderr)")
        let explicit = try c.twice("bash ai/infra/tasks/010-subnet.sh", env.merging(["MAPS_REGION": "europe-west1", "VERBOSE": "1"]) { $1 }, once: true)
        #expect(explicit.stdout.contains("run1 rc=0"), "\(explicit.stdout)\(explicit.stderr)")
    }
}
