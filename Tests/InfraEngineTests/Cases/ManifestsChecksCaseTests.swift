import Foundation
import Testing
@testable import InfraEngine

/// Cases 29, 30 and 31 of `shared/cases` (tag `manifests`): cert-manager's implicit
/// defaults, names that match nothing, a cross-namespace backendRef without a grant.
@Suite struct ManifestsChecksCaseTests {
    func manifestFindings(_ plan: Plan) -> [Finding] { plan.findings.filter { $0.rule == "manifests" } }

    func built(_ c: CaseRepo) throws -> Run.Result {
        try Run.command(Run.which("kubectl")!, ["kustomize", "ai/infra/manifests"], cwd: c.root)
    }

    @Test(.enabled(if: stubsRun && kubectlPresent, "the stub CLIs need python3; the layer is built with kubectl"))
    func case29IssuerKindAndSolverSecret() throws {
        let c = try CaseRepo("29-cert-manager-implicit-defaults")
        let found = manifestFindings(try c.plan())
        #expect(Set(found.map(\.location)) == ["ai/infra/manifests/certificate.yaml:10", "ai/infra/tasks/020-dns-solver.sh:8"],
                "\(found.map { "\($0.location) \($0.message)" })")
        let issuer = found.first { $0.file.hasSuffix("certificate.yaml") }?.message ?? ""
        #expect(issuer.contains("Issuer `acme-payroll`") && issuer.contains("`gateways`") && issuer.contains("ClusterIssuer"))
        let secret = found.first { $0.file.hasSuffix("020-dns-solver.sh") }?.message ?? ""
        for word in ["issuer.yaml:15", "`payroll`", "`cert-manager`", "`key.json`", "`credentials.json`"] {
            #expect(secret.contains(word), "\(word) in \(secret)")
        }
        try c.applyAll()
        let cert = c.read("ai/infra/manifests/certificate.yaml") ?? ""
        #expect(cert.hasSuffix("  issuerRef:\n    name: acme-payroll\n    kind: ClusterIssuer\n    group: cert-manager.io\n"))
        #expect(try built(c).status == 0)
        // One side of the key changes (the task's), the issuer keeps its own; the checks stay.
        #expect(c.read("ai/infra/manifests/issuer.yaml")?.contains("key: credentials.json") == true)
        let task = c.read("ai/infra/tasks/020-dns-solver.sh") ?? ""
        #expect(task.contains("kubectl -n cert-manager create secret generic dns01-sa --from-file=credentials.json=\"$DNS01_KEY_FILE\" \\\n  --dry-run=client -o yaml | kubectl apply -f -"))
        #expect(task.contains(": \"${DNS01_KEY_FILE:?") && task.contains("[ -f \"$DNS01_KEY_FILE\" ]"))
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("solver-\(UUID().uuidString).json")
        try "{}\n".write(to: key, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: key) }
        let r = try c.twice("bash ai/infra/init.sh", ["DNS01_KEY_FILE": key.path])
        expectTwicePassed(r)
        let calls = try twiceState(r).map { try String(contentsOfFile: $0 + "/state/calls.log", encoding: .utf8) } ?? ""
        let creates = calls.split(separator: "\n").filter { $0.contains("create secret generic dns01-sa") }
        #expect(!creates.isEmpty && creates.allSatisfy { $0.contains("-n cert-manager") && $0.contains("--from-file=credentials.json=") }, "\(creates)")
    }

    @Test(.enabled(if: stubsRun && kubectlPresent, "the stub CLIs need python3; the layer is built with kubectl"))
    func case30SectionNameAndTargetPort() throws {
        let c = try CaseRepo("30-names-that-match-nothing")
        let found = manifestFindings(try c.plan())
        #expect(Set(found.map(\.location)) == ["ai/infra/manifests/listings.yaml:38", "ai/infra/manifests/listings.yaml:49"],
                "\(found.map { "\($0.location) \($0.message)" })")
        #expect(found.contains { $0.message.contains("sectionName `https`") && $0.message.contains("`gateways/public`") && $0.message.contains("`web-tls`") })
        #expect(found.contains { $0.message.contains("called `http`") && $0.message.contains("`app-http` (8000)") })
        try c.applyAll()
        let listings = c.read("ai/infra/manifests/listings.yaml") ?? ""
        #expect(listings.contains("      sectionName: web-tls\n"))
        #expect(listings.contains("      targetPort: app-http\n"))
        // The container port, its probe, the listener and the numbers stay.
        #expect(listings.contains("            - name: app-http\n") && listings.contains("              port: app-http\n"))
        #expect(listings.contains("      port: 80\n") && listings.contains("          port: 80\n"))
        #expect(c.read("ai/infra/manifests/gateway.yaml")?.contains("    - name: web-tls\n") == true)
        #expect(try built(c).status == 0)
        expectTwicePassed(try c.twice("bash ai/infra/init.sh"))
    }

    @Test(.enabled(if: stubsRun && kubectlPresent, "the stub CLIs need python3; the layer is built with kubectl"))
    func case31ReferenceGrantAdded() throws {
        let c = try CaseRepo("31-backendref-cross-namespace")
        let found = manifestFindings(try c.plan())
        #expect(found.map(\.location) == ["ai/infra/manifests/routes.yaml:15"], "\(found.map { "\($0.location) \($0.message)" })")
        #expect(found.first?.message.contains("`pricing/pricing-api`") == true && found.first?.message.contains("from `gateways`") == true)
        let routesBefore = c.read("ai/infra/manifests/routes.yaml")
        try c.applyAll()
        #expect(c.read("ai/infra/manifests/routes.yaml") == routesBefore)
        #expect(c.read("ai/infra/manifests/kustomization.yaml")?.contains("  - referencegrant-gateways-httproute-to-pricing-api.yaml\n") == true)
        let out = try built(c)
        #expect(out.status == 0)
        #expect(out.stdout.contains("kind: ReferenceGrant\nmetadata:\n  name: gateways-httproute-to-pricing-api\n  namespace: pricing\n"))
        #expect(out.stdout.contains("  - group: \"\"\n    kind: Service\n    name: pricing-api\n"))
        expectTwicePassed(try c.twice("bash ai/infra/init.sh"))
    }
}
