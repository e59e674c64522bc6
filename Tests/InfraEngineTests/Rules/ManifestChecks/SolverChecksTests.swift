import Foundation
import Testing
@testable import InfraEngine

/// HTTP-01 `gatewayHTTPRoute` solvers (the Gateway, its HTTP:80 listener, the challenge
/// route's namespace) and the DNS-01 Cloud DNS project, on in-memory layers.
@Suite struct SolverChecksTests {
    func issuer(ref: String) -> String {
        """
        apiVersion: cert-manager.io/v1
        kind: ClusterIssuer
        metadata:
          name: le-staging
        spec:
          acme:
            server: https://acme.example.net/directory
            privateKeySecretRef: {name: le-staging-account}
            solvers:
              - http01:
                  gatewayHTTPRoute:
                    parentRefs:
        \(ref)

        """
    }

    /// A Certificate for `docs.example.net` in `namespace`, from the ClusterIssuer.
    func certificate(namespace: String) -> String {
        ManifestTemplates.certificate(name: "docs", namespace: namespace, secretName: "docs-tls", dnsNames: ["docs.example.net"],
                                      issuer: "le-staging", issuerKind: "ClusterIssuer")
    }

    static let https = """
            - name: https
              protocol: HTTPS
              port: 443
              hostname: docs.example.net
              tls: {certificateRefs: [{name: docs-tls}]}
        """
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
        let layer = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.http(from: "All")), "cert.yaml": certificate(namespace: "docs"),
                                    "issuer.yaml": issuer(ref: "              - name: public")])
        let found = try layer.problems(SolverGatewayNotFoundCheck())
        #expect(found.count == 1 && found[0].line == 13 && found[0].message.contains("(`docs`)") && found[0].message.contains("`edge`"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/issuer.yaml")?.hasSuffix("              - name: public\n                namespace: edge\n") == true)
        #expect(try layer.problems(SolverGatewayNotFoundCheck(), in: after).isEmpty)
    }

    @Test func solverRefNamingNoGatewayBecomesTheOnlyOneElseStaysSilent() throws {
        let wrong = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.http(from: "All")),
                                    "issuer.yaml": issuer(ref: "              - {name: edge-gateway, namespace: edge}")])
        let found = try wrong.problems(SolverGatewayNotFoundCheck())
        #expect(found.count == 1)
        #expect(try wrong.fixed().text("ai/infra/manifests/issuer.yaml")?.contains("{name: public, namespace: edge}") == true)
        let right = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.http(from: "All")), "cert.yaml": certificate(namespace: "edge"),
                                    "issuer.yaml": issuer(ref: "              - name: public")])
        #expect(try right.problems(SolverGatewayNotFoundCheck()).isEmpty)
    }

    @Test func gatewayWithoutAnHTTPListenerGainsOne() throws {
        let layer = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.https), "cert.yaml": certificate(namespace: "edge"),
                                    "issuer.yaml": issuer(ref: "              - {name: public, namespace: edge}")])
        let found = try layer.problems(SolverHTTPListenerCheck())
        #expect(found.count == 1 && found[0].message.contains("port 80"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/gw.yaml")?.contains("    - name: http\n      protocol: HTTP\n      port: 80\n      hostname: docs.example.net\n") == true)
        #expect(try layer.problems(SolverHTTPListenerCheck(), in: after).isEmpty)
    }

    @Test func sectionNameSkippingTheHTTPListenerIsReportedWithoutFix() throws {
        let to443 = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.http(from: "All")),
                                    "issuer.yaml": issuer(ref: "              - {name: public, namespace: edge, sectionName: https}")])
        let found = try to443.problems(SolverHTTPListenerCheck())
        #expect(found.count == 1 && found[0].fix == nil && found[0].message.contains("sectionName"))
        let toHTTP = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.http(from: "All")),
                                     "issuer.yaml": issuer(ref: "              - {name: public, namespace: edge, sectionName: http}")])
        #expect(try toHTTP.problems(SolverHTTPListenerCheck()).isEmpty)
    }

    @Test func challengeRouteFromTheCertificatesNamespaceMustBeAdmitted() throws {
        let same = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.http(from: "Same")), "cert.yaml": certificate(namespace: "docs"),
                                   "issuer.yaml": issuer(ref: "              - {name: public, namespace: edge}")])
        let found = try same.problems(SolverListenerAllowsChallengeCheck())
        #expect(found.count == 1 && found[0].fix == nil && found[0].message.contains("`docs`") && found[0].message.contains("`edge` only"))
        // A Certificate beside the Gateway, a listener open to all, or no Certificate at all: silent.
        for (from, ns) in [("Same", "edge"), ("All", "docs")] {
            let layer = LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.http(from: from)), "cert.yaml": certificate(namespace: ns),
                                        "issuer.yaml": issuer(ref: "              - {name: public, namespace: edge}")])
            #expect(try layer.problems(SolverListenerAllowsChallengeCheck()).isEmpty, "\(from) \(ns)")
        }
        #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.http(from: "Same")),
                                    "issuer.yaml": issuer(ref: "              - {name: public, namespace: edge}")])
            .problems(SolverListenerAllowsChallengeCheck()).isEmpty)
    }

    func dnsIssuer(project: String?) -> String {
        """
        apiVersion: cert-manager.io/v1
        kind: ClusterIssuer
        metadata: {name: le-dns}
        spec:
          acme:
            server: https://acme.example.net/directory
            privateKeySecretRef: {name: le-dns-account}
            solvers:
              - dns01:
                  cloudDNS:
        \(project.map { "            project: \($0)" } ?? "            hostedZoneName: docs-zone")

        """
    }

    @Test func cloudDNSProjectThatIsAPlaceholderOrMissing() throws {
        let task = "gcloud dns managed-zones create docs-zone --dns-name docs.example.net. --project \"$GCP_PROJECT\""
        for project in ["PROJECT_ID", "my-project", "\"<your project>\"", "changeme", "xxxx"] {
            let found = try LayerUnderTest(["issuer.yaml": dnsIssuer(project: project)], task: task).problems(CloudDNSProjectCheck())
            #expect(found.count == 1 && found[0].line == 11 && found[0].fix == nil && found[0].message.contains("`$GCP_PROJECT`"), "\(project)")
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
            LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.http(from: "All")), "cert.yaml": certificate(namespace: "docs"),
                            "issuer.yaml": issuer(ref: "              - name: public")]),
            LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.https), "cert.yaml": certificate(namespace: "edge"),
                            "issuer.yaml": issuer(ref: "              - {name: public, namespace: edge}")]),
        ] {
            try layer.expectFixedLayerBuilds()
        }
    }
}
