import Foundation
import Testing
@testable import InfraEngine

/// The checks moved out of the older reference checker, on in-memory layers: placeholders,
/// a Certificate's issuer, a Service's selector, namespaces that must follow the Gateway.
@Suite struct ObjectChecksTests {
    static let issuer = acmeClusterIssuer("le-prod", solver: "      # REPLACE_ME is what people used to write here\n"
                                                 + "      - http01: {gatewayHTTPRoute: {parentRefs: [{name: public, namespace: edge}]}}")
        .replacingOccurrences(of: "    server:", with: "    email: REPLACE_ME_EMAIL\n    server:")

    @Test func placeholderBecomesAVariableTheTaskRenders() throws {
        let layer = LayerUnderTest(["issuer.yaml": Self.issuer])
        let found = try layer.problems(PlaceholderCheck())
        // The comment's token is no placeholder.
        #expect(found.count == 1 && found[0].line == 7 && found[0].message.contains("`${ACME_EMAIL}`"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/issuer.yaml")?.contains("    email: ${ACME_EMAIL}\n") == true)
        #expect(try layer.problems(PlaceholderCheck(), in: after).isEmpty)
        let clean = Self.issuer.replacingOccurrences(of: "REPLACE_ME_EMAIL", with: "ops@example.net")
        #expect(try LayerUnderTest(["issuer.yaml": clean]).problems(PlaceholderCheck()).isEmpty)
    }

    func certificate(issuer: String, kind: String = "ClusterIssuer", group: String = "cert-manager.io") -> String {
        """
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: docs, namespace: edge}
        spec:
          secretName: docs-tls
          dnsNames: [docs.example.net]
          issuerRef:
            name: \(issuer)
            kind: \(kind)
            group: \(group)

        """
    }

    @Test func issuerNameMatchingNothingBecomesTheOnlyIssuerOfItsKind() throws {
        let layer = LayerUnderTest(["issuer.yaml": Self.issuer, "cert.yaml": certificate(issuer: "le-production")])
        let found = try layer.problems(IssuerRefNotFoundCheck())
        #expect(found.count == 1 && found[0].line == 8)
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/cert.yaml")?.contains("    name: le-prod\n") == true)
        #expect(try layer.problems(IssuerRefNotFoundCheck(), in: after).isEmpty)
    }

    @Test func issuerThatResolvesOrIsExternalStaysSilentAndTwoCandidatesGetNoFix() throws {
        #expect(try LayerUnderTest(["issuer.yaml": Self.issuer, "cert.yaml": certificate(issuer: "le-prod")]).problems(IssuerRefNotFoundCheck()).isEmpty)
        // An issuer of another group (an external issuer) is not cert-manager's to find.
        let external = certificate(issuer: "pca", kind: "AWSPCAClusterIssuer", group: "awspca.cert-manager.io")
        #expect(try LayerUnderTest(["issuer.yaml": Self.issuer, "cert.yaml": external]).problems(IssuerRefNotFoundCheck()).isEmpty)
        let second = Self.issuer.replacingOccurrences(of: "name: le-prod\n", with: "name: le-staging\n")
        let two = try LayerUnderTest(["issuer.yaml": Self.issuer, "staging.yaml": second, "cert.yaml": certificate(issuer: "le")])
            .problems(IssuerRefNotFoundCheck())
        #expect(two.count == 1 && two[0].fix == nil)
    }

    func app(selector: String) -> String {
        appYAML("docs", namespace: "edge", ports: "            - {name: web, containerPort: 8000}", targetPort: "web")
            .replacingOccurrences(of: "  selector: {app: docs}\n  ports:", with: "  selector: {\(selector)}\n  ports:")
    }

    @Test func selectorMatchingNoPodsFollowsTheWorkload() throws {
        let layer = LayerUnderTest(["app.yaml": app(selector: "app.kubernetes.io/name: docs")])
        let found = try layer.problems(ServiceSelectorCheck())
        #expect(found.count == 1 && found[0].message.contains("`app: docs`"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/app.yaml")?.contains("  selector: {app: docs}\n  ports:") == true, "\(after.text("ai/infra/manifests/app.yaml") ?? "")")
        // The Deployment's own (immutable) selector is untouched.
        #expect(after.text("ai/infra/manifests/app.yaml")?.contains("    matchLabels: {app: docs}\n") == true)
        #expect(try layer.problems(ServiceSelectorCheck(), in: after).isEmpty)
        #expect(try LayerUnderTest(["app.yaml": app(selector: "app: docs")]).problems(ServiceSelectorCheck()).isEmpty)
    }

    static let route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: docs
        spec:
          parentRefs:
            - name: public
          rules:
            - backendRefs:
                - {name: docs, port: 80}

        """

    @Test func objectsWithoutNamespaceThatMustShareTheGatewaysGetIt() throws {
        let gateway = gatewayYAML(listeners: "    - {name: http, protocol: HTTP, port: 80}")
        let app = appYAML("docs", namespace: "edge", ports: "            - {containerPort: 80}", targetPort: "80")
        let layer = LayerUnderTest(["gw.yaml": gateway, "app.yaml": app, "route.yaml": Self.route])
        let found = try layer.problems(NamespaceFollowsGatewayCheck())
        #expect(found.count == 1 && found[0].line == 4 && found[0].severity == .info && found[0].message.contains("`edge`"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/route.yaml")?.contains("  name: docs\n  namespace: edge\n") == true)
        #expect(try layer.problems(NamespaceFollowsGatewayCheck(), in: after).isEmpty)
        let placed = Self.route.replacingOccurrences(of: "  name: docs\n", with: "  name: docs\n  namespace: edge\n")
        #expect(try LayerUnderTest(["gw.yaml": gateway, "app.yaml": app, "route.yaml": placed]).problems(NamespaceFollowsGatewayCheck()).isEmpty)
    }

    @Test(.enabled(if: kubectlPresent, "kubectl builds the layer"))
    func fixedLayersStillBuild() throws {
        let gateway = gatewayYAML(listeners: "    - {name: http, protocol: HTTP, port: 80}")
        let app = appYAML("docs", namespace: "edge", ports: "            - {containerPort: 80}", targetPort: "80")
        for layer in [
            LayerUnderTest(["issuer.yaml": Self.issuer]),
            LayerUnderTest(["issuer.yaml": Self.issuer.replacingOccurrences(of: "REPLACE_ME_EMAIL", with: "ops@example.net"),
                            "cert.yaml": certificate(issuer: "le-production")]),
            LayerUnderTest(["app.yaml": self.app(selector: "app.kubernetes.io/name: docs")]),
            LayerUnderTest(["gw.yaml": gateway, "app.yaml": app, "route.yaml": Self.route]),
        ] {
            try layer.expectFixedLayerBuilds()
        }
    }
}
