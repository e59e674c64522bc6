import Foundation
import Testing
@testable import InfraEngine

/// Cases 27 and 28 of `shared/cases` (tag `semantics`): a Gateway implementation installed
/// through a helm wrapper, and manifests applied from outside the infra folder.
@Suite struct ManifestsDiscoveryCaseTests {
    @Test(.enabled(if: stubsRun, "the stub CLIs need python3"))
    func case27GatewayInstalledThroughWrapper() throws {
        let c = try CaseRepo("27-gateway-installed-via-wrapper")
        let plan = try c.plan()
        #expect(!plan.findings.contains { $0.rule == "manifests" || $0.rule == "rerun" },
                "\(plan.findings.filter { $0.rule == "manifests" || $0.rule == "rerun" }.map { "\($0.location) \($0.message)" })")
        #expect(!plan.operations.contains { $0.rule == "manifests" || $0.rule == "rerun" })
        try c.applyAll()
        let r = try c.twice("bash ai/infra/init.sh")
        expectTwicePassed(r)
        let calls = try twiceState(r).map { try String(contentsOfFile: $0 + "/state/calls.log", encoding: .utf8) } ?? ""
        #expect(calls.components(separatedBy: "\n").filter { $0.contains("gateway-helm") }.count == 2)
        #expect(calls.contains("oci://mirror.example.org/envoyproxy/gateway-helm"))
    }

    @Test(.enabled(if: stubsRun, "the stub CLIs need python3"))
    func case28ManifestsAppliedFromTheRepositoryRoot() throws {
        let c = try CaseRepo("28-manifests-outside-infra-dir")
        let plan = try c.plan()
        let found = plan.findings.filter { $0.rule == "manifests" }
        #expect(Set(found.map(\.location)) == ["deploy/k8s/forum-web.yaml:29", "deploy/k8s/forum-web.yaml:49"],
                "\(found.map { "\($0.location) \($0.message)" })")
        #expect(!plan.operations.flatMap(\.files).contains { $0.path.hasPrefix("ai/infra/manifests") })
        try c.applyAll()
        let web = c.read("deploy/k8s/forum-web.yaml") ?? ""
        #expect(web.contains("  selector:\n    app.kubernetes.io/name: forum-web"))
        #expect(web.contains("        - name: forum-web\n          port: 80\n"))
        #expect(c.read("ai/infra/tasks/020-forum.sh")?.contains("kubectl apply -k \"$root/deploy/k8s\"") == true)
        expectTwicePassed(try c.twice("bash ai/infra/init.sh"))
    }
}
