import Foundation
import Testing
@testable import InfraEngine

/// HTTP-01 `gatewayHTTPRoute` solvers (the Gateway, its HTTP:80 listener, the challenge
/// route's namespace) and the DNS-01 Cloud DNS project, on in-memory layers.
@Suite struct SolverChecksTests {
    func issuer(ref: String) -> String {
        acmeClusterIssuer("le-staging", solver: "      - http01:\n          gatewayHTTPRoute:\n            parentRefs:\n\(ref)")
    }

    /// The Gateway with `listeners`, the issuer solving through `ref` (one parentRef item),
    /// and a Certificate from it in `cert` when given.
    func solverLayer(_ listeners: String, cert: String? = nil, ref: String) -> LayerUnderTest {
        var files = ["gw.yaml": gatewayYAML(listeners: listeners), "issuer.yaml": issuer(ref: "              - " + ref)]
        if let cert { files["cert.yaml"] = certificate(namespace: cert) }
        return LayerUnderTest(files)
    }

    /// A Certificate for `docs.example.net` in `namespace`, from the ClusterIssuer.
    func certificate(namespace: String) -> String {
        ManifestTemplates.certificate(name: "docs", namespace: namespace, secretName: "docs-tls", dnsNames: ["docs.example.net"],
                                      issuer: "le-staging", issuerKind: "ClusterIssuer")
    }

    static let https = docsHTTPSListener
    static func http(from: String) -> String {
        https + "\n" + """
                - name: http
                  protocol: HTTP
                  port: 80
                  hostname: docs.example.net
                  allowedRoutes: {namespaces: {from: \(from)}}
            """
    }

    @Test func solverRefWithoutNamespaceMeansTheChallengesAndGainsTheGateways() throws {
        let layer = solverLayer(Self.http(from: "All"), cert: "docs", ref: "name: public")
        let found = try layer.problems(SolverGatewayNotFoundCheck())
        #expect(found.count == 1 && found[0].line == 13 && found[0].message.contains("(`docs`)") && found[0].message.contains("`edge`"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/issuer.yaml")?.hasSuffix("              - name: public\n                namespace: edge\n") == true)
        #expect(try layer.problems(SolverGatewayNotFoundCheck(), in: after).isEmpty)
    }

    @Test func solverRefNamingNoGatewayBecomesTheOnlyOneElseStaysSilent() throws {
        let wrong = solverLayer(Self.http(from: "All"), ref: "{name: edge-gateway, namespace: edge}")
        let found = try wrong.problems(SolverGatewayNotFoundCheck())
        #expect(found.count == 1)
        #expect(try wrong.fixed().text("ai/infra/manifests/issuer.yaml")?.contains("{name: public, namespace: edge}") == true)
        let right = solverLayer(Self.http(from: "All"), cert: "edge", ref: "name: public")
        #expect(try right.problems(SolverGatewayNotFoundCheck()).isEmpty)
    }

    @Test func gatewayWithoutAnHTTPListenerGainsOne() throws {
        let layer = solverLayer(Self.https, cert: "edge", ref: "{name: public, namespace: edge}")
        let found = try layer.problems(SolverHTTPListenerCheck())
        #expect(found.count == 1 && found[0].message.contains("port 80"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/gw.yaml")?.contains("    - name: http\n      protocol: HTTP\n      port: 80\n      hostname: docs.example.net\n") == true)
        #expect(try layer.problems(SolverHTTPListenerCheck(), in: after).isEmpty)
    }

    @Test func sectionNameSkippingTheHTTPListenerIsReportedWithoutFix() throws {
        let to443 = solverLayer(Self.http(from: "All"), ref: "{name: public, namespace: edge, sectionName: https}")
        let found = try to443.problems(SolverHTTPListenerCheck())
        #expect(found.count == 1 && found[0].fix == nil && found[0].message.contains("sectionName"))
        let toHTTP = solverLayer(Self.http(from: "All"), ref: "{name: public, namespace: edge, sectionName: http}")
        #expect(try toHTTP.problems(SolverHTTPListenerCheck()).isEmpty)
    }

    @Test func challengeRouteFromTheCertificatesNamespaceMustBeAdmitted() throws {
        let same = solverLayer(Self.http(from: "Same"), cert: "docs", ref: "{name: public, namespace: edge}")
        let found = try same.problems(SolverListenerAllowsChallengeCheck())
        #expect(found.count == 1 && found[0].fix == nil && found[0].message.contains("`docs`") && found[0].message.contains("`edge` only"))
        // A Certificate beside the Gateway, a listener open to all, or no Certificate at all: silent.
        for (from, ns) in [("Same", "edge"), ("All", "docs")] {
            let layer = solverLayer(Self.http(from: from), cert: ns, ref: "{name: public, namespace: edge}")
            #expect(try layer.problems(SolverListenerAllowsChallengeCheck()).isEmpty, "\(from) \(ns)")
        }
        #expect(try solverLayer(Self.http(from: "Same"), ref: "{name: public, namespace: edge}")
            .problems(SolverListenerAllowsChallengeCheck()).isEmpty)
    }

    func dnsIssuer(project: String?) -> String {
        acmeClusterIssuer("le-dns", solver: "      - dns01:\n          cloudDNS:\n" + (project.map { "            project: \($0)" } ?? "            hostedZoneName: docs-zone"))
    }

    @Test func cloudDNSProjectThatIsAPlaceholderOrMissing() throws {
        let task = "gcloud dns managed-zones create docs-zone --dns-name docs.example.net. --project \"$GCP_PROJECT\""
        for project in ["PROJECT_ID", "my-project", "\"<your project>\"", "changeme", "xxxx"] {
            let found = try LayerUnderTest(["issuer.yaml": dnsIssuer(project: project)], task: task).problems(CloudDNSProjectCheck())
            #expect(found.count == 1 && found[0].line == 12 && found[0].fix == nil && found[0].message.contains("`$GCP_PROJECT`"), "\(project)")
        }
        let missing = try LayerUnderTest(["issuer.yaml": dnsIssuer(project: nil)]).problems(CloudDNSProjectCheck())
        #expect(missing.count == 1 && missing[0].message.contains("names no project"))
    }

    @Test func cloudDNSProjectThatIsRealOrFilledAtApplyTimeStaysSilent() throws {
        for project in ["ledger-prod-4821", "demo-project", "${GCP_PROJECT}", "REPLACE_ME_PROJECT"] {
            #expect(try LayerUnderTest(["issuer.yaml": dnsIssuer(project: project)]).problems(CloudDNSProjectCheck()).isEmpty, "\(project)")
        }
        #expect(CloudDNSProjectCheck.isPlaceholder("Your_Project_ID") && !CloudDNSProjectCheck.isPlaceholder("project-x-prod"))
    }

    @Test(.enabled(if: kubectlPresent, "kubectl builds the layer"))
    func fixedLayersStillBuild() throws {
        for layer in [
            solverLayer(Self.http(from: "All"), cert: "docs", ref: "name: public"),
            solverLayer(Self.https, cert: "edge", ref: "{name: public, namespace: edge}"),
        ] {
            try layer.expectFixedLayerBuilds()
        }
    }
}
