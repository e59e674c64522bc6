import Foundation
import Testing
@testable import InfraEngine

/// The checks moved out of the older reference checker, on in-memory layers: the Gateway's
/// class and TLS Secret, a route's parent, backend and backend port.
@Suite struct GatewaySideChecksTests {
    static let clusterIssuer = "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: le-staging}\nspec: {selfSigned: {}}\n"
    static let envoy = "helm upgrade --install eg oci://docker.io/envoyproxy/gateway-helm --version v1.2.0 -n envoy-gateway-system --create-namespace"

    func gateway(cls: String = "gke-l7-global-external-managed", annotations: String = "") -> String {
        gatewayYAML(listeners: docsHTTPSListener).replacingOccurrences(of: "gatewayClassName: gke-l7-global-external-managed", with: "gatewayClassName: \(cls)")
            .replacingOccurrences(of: "  namespace: edge\n", with: "  namespace: edge\n" + annotations)
    }

    func route(parent: String = "public", backend: String = "docs", port: Int = 80) -> String {
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: docs, namespace: edge}
        spec:
          parentRefs:
            - name: \(parent)
          hostnames: [docs.example.net]
          rules:
            - backendRefs:
                - name: \(backend)
                  port: \(port)

        """
    }

    var app: String { appYAML("docs", namespace: "edge", ports: "            - {name: web, containerPort: 8000}", targetPort: "web") }

    @Test func missingClassIsWrittenForTheInstalledImplementation() throws {
        let layer = LayerUnderTest(["gw.yaml": gateway(cls: "eg")], task: Self.envoy)
        let found = try layer.problems(GatewayClassNotFoundCheck())
        #expect(found.count == 1 && found[0].line == 7 && found[0].message.contains("Envoy Gateway"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/gatewayclass.yaml")?.contains("controllerName: gateway.envoyproxy.io/gatewayclass-controller") == true)
        #expect(try layer.problems(GatewayClassNotFoundCheck(), in: after).isEmpty)
    }

    @Test func definedOrBuiltInClassStaysSilentAndUnknownImplementationGetsNoFix() throws {
        #expect(try LayerUnderTest(["gw.yaml": gateway()], task: Self.envoy).problems(GatewayClassNotFoundCheck()).isEmpty)
        let cls = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: eg}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}\n"
        #expect(try LayerUnderTest(["gw.yaml": gateway(cls: "eg"), "class.yaml": cls], task: Self.envoy).problems(GatewayClassNotFoundCheck()).isEmpty)
        let unknown = try LayerUnderTest(["gw.yaml": gateway(cls: "eg")]).problems(GatewayClassNotFoundCheck())
        #expect(unknown.count == 1 && unknown[0].fix == nil)
    }

    @Test func listenerSecretNoCertificateMakesGetsOne() throws {
        let layer = LayerUnderTest(["gw.yaml": gateway(), "issuer.yaml": Self.clusterIssuer])
        let found = try layer.problems(ListenerSecretCheck())
        #expect(found.count == 1 && found[0].message.contains("Secret `docs-tls`") && found[0].message.contains("ClusterIssuer `le-staging`"))
        let after = try layer.fixed()
        let cert = after.text("ai/infra/manifests/certificate.yaml") ?? ""
        #expect(cert.contains("secretName: docs-tls") && cert.contains("    - docs.example.net") && cert.contains("kind: ClusterIssuer"))
        #expect(try layer.problems(ListenerSecretCheck(), in: after).isEmpty)
    }

    @Test func listenerSecretFromACertificateOrTheGatewayAnnotationStaysSilent() throws {
        let cert = ManifestTemplates.certificate(name: "docs", namespace: "edge", secretName: "docs-tls", dnsNames: ["docs.example.net"],
                                                 issuer: "le-staging", issuerKind: "ClusterIssuer")
        #expect(try LayerUnderTest(["gw.yaml": gateway(), "issuer.yaml": Self.clusterIssuer, "cert.yaml": cert]).problems(ListenerSecretCheck()).isEmpty)
        // cert-manager's gateway-shim makes the Certificate (and so the Secret) itself.
        let annotated = gateway(annotations: "  annotations:\n    cert-manager.io/cluster-issuer: le-staging\n")
        #expect(try LayerUnderTest(["gw.yaml": annotated, "issuer.yaml": Self.clusterIssuer]).problems(ListenerSecretCheck()).isEmpty)
        // A Secret that is present: a manifest, or one a task creates from files.
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: docs-tls, namespace: edge}\ntype: kubernetes.io/tls\n"
        #expect(try LayerUnderTest(["gw.yaml": gateway(), "issuer.yaml": Self.clusterIssuer, "secret.yaml": secret]).problems(ListenerSecretCheck()).isEmpty)
        let task = "kubectl -n edge create secret tls docs-tls --cert \"$TLS_CERT\" --key \"$TLS_KEY\" --dry-run=client -o yaml | kubectl apply -f -"
        #expect(try LayerUnderTest(["gw.yaml": gateway(), "issuer.yaml": Self.clusterIssuer], task: task).problems(ListenerSecretCheck()).isEmpty)
    }

    @Test func parentNamedWrongBecomesTheOnlyGateway() throws {
        let layer = LayerUnderTest(["gw.yaml": gateway(), "app.yaml": app, "route.yaml": route(parent: "public-gw")])
        let found = try layer.problems(RouteParentNotFoundCheck())
        #expect(found.count == 1 && found[0].line == 6 && found[0].message.contains("named `public`"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/route.yaml")?.contains("    - name: public\n") == true)
        #expect(try layer.problems(RouteParentNotFoundCheck(), in: after).isEmpty)
        // Silent when it resolves; no fix when two Gateways could be meant.
        #expect(try LayerUnderTest(["gw.yaml": gateway(), "app.yaml": app, "route.yaml": route()]).problems(RouteParentNotFoundCheck()).isEmpty)
        let second = gateway().replacingOccurrences(of: "name: public", with: "name: private")
        let two = try LayerUnderTest(["gw.yaml": gateway(), "gw2.yaml": second, "app.yaml": app, "route.yaml": route(parent: "other")])
            .problems(RouteParentNotFoundCheck())
        #expect(two.count == 1 && two[0].fix == nil)
    }

    @Test func backendThatIsNotThereIsReportedWithoutFix() throws {
        let found = try LayerUnderTest(["gw.yaml": gateway(), "app.yaml": app, "route.yaml": route(backend: "documents")]).problems(RouteBackendCheck())
        #expect(found.count == 1 && found[0].line == 10 && found[0].fix == nil)
        #expect(try LayerUnderTest(["gw.yaml": gateway(), "app.yaml": app, "route.yaml": route()]).problems(RouteBackendCheck()).isEmpty)
    }

    @Test func backendPortBecomesTheServicePort() throws {
        let layer = LayerUnderTest(["gw.yaml": gateway(), "app.yaml": app, "route.yaml": route(port: 8000)])
        let found = try layer.problems(RouteBackendPortCheck())
        #expect(found.count == 1 && found[0].line == 11 && found[0].message.contains("listens on 80"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/route.yaml")?.hasSuffix("          port: 80\n") == true)
        #expect(try layer.problems(RouteBackendPortCheck(), in: after).isEmpty)
        #expect(try LayerUnderTest(["gw.yaml": gateway(), "app.yaml": app, "route.yaml": route()]).problems(RouteBackendPortCheck()).isEmpty)
    }

    @Test(.enabled(if: kubectlPresent, "kubectl builds the layer"))
    func fixedLayersStillBuild() throws {
        for layer in [
            LayerUnderTest(["gw.yaml": gateway(cls: "eg")], task: Self.envoy),
            LayerUnderTest(["gw.yaml": gateway(), "issuer.yaml": Self.clusterIssuer]),
            LayerUnderTest(["gw.yaml": gateway(), "app.yaml": app, "route.yaml": route(parent: "public-gw", port: 8000)]),
        ] {
            try layer.expectFixedLayerBuilds()
        }
    }
}
