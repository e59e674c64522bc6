import Foundation
import Testing
@testable import InfraEngine

/// A Certificate's dnsNames against its listener, a GatewayClass's controller, a GKE
/// Gateway's address scope and a Gateway's cert-manager annotation, on in-memory layers.
@Suite struct CertificateAndGatewayChecksTests {
    static func listener(host: String) -> String {
        "    - {name: https, protocol: HTTPS, port: 443, hostname: \"\(host)\", tls: {certificateRefs: [{name: docs-tls}]}}"
    }
    static func certificate(_ names: [String]) -> String {
        ManifestTemplates.certificate(name: "docs", namespace: "edge", secretName: "docs-tls", dnsNames: names,
                                      issuer: "le-prod", issuerKind: "ClusterIssuer")
    }

    @Test func certificateThatDoesNotNameTheListenersHostnameIsReported() throws {
        for (host, names) in [("docs.example.net", ["www.example.net"]), ("a.b.example.net", ["*.example.net"]),
                              ("example.net", ["*.example.net"]), ("*.example.net", ["docs.example.net"])] {
            let found = try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.listener(host: host)), "cert.yaml": Self.certificate(names)])
                .problems(CertificateDNSNamesCheck())
            #expect(found.count == 1 && found[0].file.hasSuffix("cert.yaml") && found[0].line == 9 && found[0].fix == nil, "\(host) \(names)")
            #expect(found.first?.message.contains("`\(host)`") == true)
        }
    }

    @Test func certificateThatCoversTheHostnameStaysSilent() throws {
        for (host, names) in [("docs.example.net", ["docs.example.net"]), ("Docs.Example.net", ["www.example.net", "docs.example.net"]),
                              ("docs.example.net", ["*.example.net"]), ("*.example.net", ["*.example.net"]), ("${HOST}", ["x.example.net"])] {
            #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.listener(host: host)), "cert.yaml": Self.certificate(names)])
                .problems(CertificateDNSNamesCheck()).isEmpty, "\(host) \(names)")
        }
        // Another Secret's Certificate says nothing about this listener.
        let other = Self.certificate(["other.example.net"]).replacingOccurrences(of: "secretName: docs-tls", with: "secretName: other-tls")
        #expect(try LayerUnderTest(["gw.yaml": gatewayYAML(listeners: Self.listener(host: "docs.example.net")), "cert.yaml": other])
            .problems(CertificateDNSNamesCheck()).isEmpty)
    }

    static func gatewayClass(_ controller: String) -> String {
        "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: eg}\nspec:\n  controllerName: \(controller)\n"
    }
    static let envoy = "helm upgrade --install eg oci://docker.io/envoyproxy/gateway-helm --version v1.2.0 -n envoy-gateway-system --create-namespace"

    @Test func controllerNameNoInstalledImplementationServes() throws {
        let typo = LayerUnderTest(["class.yaml": Self.gatewayClass("gateway.envoyproxy.io/gateway-controller")], task: Self.envoy)
        let found = try typo.problems(GatewayClassControllerCheck())
        #expect(found.count == 1 && found[0].line == 5 && found[0].severity == .error && found[0].message.contains("Envoy Gateway"))
        let after = try typo.fixed()
        #expect(after.text("ai/infra/manifests/class.yaml")?.hasSuffix("controllerName: gateway.envoyproxy.io/gatewayclass-controller\n") == true)
        #expect(try typo.problems(GatewayClassControllerCheck(), in: after).isEmpty)
        // Another implementation's controller: the cluster may run it; reported, not rewritten.
        let istio = try LayerUnderTest(["class.yaml": Self.gatewayClass("istio.io/gateway-controller")], task: Self.envoy).problems(GatewayClassControllerCheck())
        #expect(istio.count == 1 && istio[0].fix == nil && istio[0].message.contains("(Istio)"))
        let nothing = try LayerUnderTest(["class.yaml": Self.gatewayClass("gateway.envoyproxy.io/gatewayclass-controller")]).problems(GatewayClassControllerCheck())
        #expect(nothing.count == 1 && nothing[0].severity == .warning && nothing[0].fix == nil)
    }

    @Test func controllerNameOfTheInstalledImplementationOrGKEStaysSilent() throws {
        let wrapped = """
            chart() { local ns="$1"; shift; helm --namespace "$ns" "$@"; }
            chart envoy-gateway-system upgrade --install eg oci://mirror.example.net/envoyproxy/gateway-helm --version v1.2.0
            """
        #expect(try LayerUnderTest(["class.yaml": Self.gatewayClass("gateway.envoyproxy.io/gatewayclass-controller")], task: wrapped)
            .problems(GatewayClassControllerCheck()).isEmpty)
        #expect(try LayerUnderTest(["class.yaml": Self.gatewayClass("networking.gke.io/gateway")]).problems(GatewayClassControllerCheck()).isEmpty)
        // Cilium serves Gateway API from its own chart.
        let cilium = "helm upgrade --install cilium cilium/cilium --version 1.16.5 -n kube-system --set gatewayAPI.enabled=true"
        #expect(try LayerUnderTest(["class.yaml": Self.gatewayClass("io.cilium/gateway-controller")], task: cilium)
            .problems(GatewayClassControllerCheck()).isEmpty)
    }

    static func gkeGateway(cls: String, address: String = "docs-ip") -> String {
        gatewayYAML(listeners: "    - {name: http, protocol: HTTP, port: 80}")
            .replacingOccurrences(of: "gatewayClassName: gke-l7-global-external-managed", with: "gatewayClassName: \(cls)\n  addresses:\n    - type: NamedAddress\n      value: \(address)")
    }

    @Test func addressReservedWithTheWrongScopeIsReported() throws {
        let regional = "gcloud compute addresses create docs-ip --region europe-west1 --project \"$PROJECT_ID\""
        let found = try LayerUnderTest(["gw.yaml": Self.gkeGateway(cls: "gke-l7-global-external-managed")], task: regional).problems(GatewayAddressScopeCheck())
        #expect(found.count == 1 && found[0].line == 10 && found[0].fix == nil && found[0].message.contains("010-edge.sh:3"))
        // Through a project wrapper, the other way round.
        let wrapped = "gc() { gcloud --project \"$PROJECT_ID\" \"$@\"; }\ngc compute addresses create docs-ip --global"
        let back = try LayerUnderTest(["gw.yaml": Self.gkeGateway(cls: "gke-l7-regional-external-managed")], task: wrapped).problems(GatewayAddressScopeCheck())
        #expect(back.count == 1 && back[0].message.contains("global (`--global`)"))
    }

    @Test func addressFilledFromAVariableIsJudgedByTheDescribeThatReadsIt() throws {
        let ip = Self.gkeGateway(cls: "gke-l7-global-external-managed", address: "\"${GATEWAY_IP}\"")
            .replacingOccurrences(of: "type: NamedAddress", with: "type: IPAddress")
        func task(_ scope: String) -> String {
            "GATEWAY_IP=\"$(gcloud compute addresses describe docs-ip \(scope) --format 'value(address)')\"\nexport GATEWAY_IP"
        }
        let found = try LayerUnderTest(["gw.yaml": ip], task: task("--region europe-west1")).problems(GatewayAddressScopeCheck())
        #expect(found.count == 1 && found[0].message.contains("`${GATEWAY_IP}`") && found[0].message.contains("010-edge.sh:3"))
        #expect(try LayerUnderTest(["gw.yaml": ip], task: task("--global")).problems(GatewayAddressScopeCheck()).isEmpty)
    }

    @Test func addressScopeThatFitsOrIsNotJudgedStaysSilent() throws {
        let global = "gcloud compute addresses create docs-ip --global"
        let regional = "gcloud compute addresses create docs-ip --region=europe-west1"
        for (cls, task) in [("gke-l7-global-external-managed", global), ("gke-l7-rilb", regional),
                            ("eg", regional), ("gke-l7-global-external-managed", "gcloud compute addresses create other-ip --region r")] {
            #expect(try LayerUnderTest(["gw.yaml": Self.gkeGateway(cls: cls)], task: task).problems(GatewayAddressScopeCheck()).isEmpty, "\(cls) \(task)")
        }
    }

    static let issuers = """
        apiVersion: cert-manager.io/v1
        kind: ClusterIssuer
        metadata: {name: le-prod}
        spec: {selfSigned: {}}
        ---
        apiVersion: cert-manager.io/v1
        kind: Issuer
        metadata: {name: local-ca, namespace: edge}
        spec: {selfSigned: {}}

        """
    static func annotated(_ annotations: String) -> String {
        gatewayYAML(listeners: listener(host: "docs.example.net")).replacingOccurrences(of: "  namespace: edge\n", with: "  namespace: edge\n  annotations:\n\(annotations)")
    }

    @Test func issuerAnnotationNamingOnlyAClusterIssuerBecomesClusterIssuer() throws {
        let layer = LayerUnderTest(["gw.yaml": Self.annotated("    cert-manager.io/issuer: le-prod\n"), "issuers.yaml": Self.issuers])
        let found = try layer.problems(GatewayIssuerAnnotationCheck())
        #expect(found.count == 1 && found[0].line == 7 && found[0].message.contains("issuers.yaml:3"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/gw.yaml")?.contains("  annotations:\n    cert-manager.io/cluster-issuer: le-prod\n") == true)
        #expect(try layer.problems(GatewayIssuerAnnotationCheck(), in: after).isEmpty)
        let misspelt = LayerUnderTest(["gw.yaml": Self.annotated("    cert-manager.io/cluster-issuer: letsencrypt-prod\n"), "issuers.yaml": Self.issuers])
        #expect(try misspelt.fixed().text("ai/infra/manifests/gw.yaml")?.contains("cert-manager.io/cluster-issuer: le-prod\n") == true)
    }

    @Test func bothIssuerAnnotationsAreReportedWithoutFix() throws {
        let both = Self.annotated("    cert-manager.io/issuer: local-ca\n    cert-manager.io/cluster-issuer: le-prod\n")
        let found = try LayerUnderTest(["gw.yaml": both, "issuers.yaml": Self.issuers]).problems(GatewayIssuerAnnotationCheck())
        #expect(found.count == 1 && found[0].line == 8 && found[0].fix == nil && found[0].message.contains("both"))
    }

    @Test func issuerAnnotationThatResolvesOrIsExternalStaysSilent() throws {
        for a in ["    cert-manager.io/cluster-issuer: le-prod\n", "    cert-manager.io/issuer: local-ca\n",
                  "    cert-manager.io/issuer: pca\n    cert-manager.io/issuer-kind: AWSPCAIssuer\n    cert-manager.io/issuer-group: awspca.cert-manager.io\n"] {
            #expect(try LayerUnderTest(["gw.yaml": Self.annotated(a), "issuers.yaml": Self.issuers]).problems(GatewayIssuerAnnotationCheck()).isEmpty, "\(a)")
        }
    }

    @Test(.enabled(if: kubectlPresent, "kubectl builds the layer"))
    func fixedLayersStillBuild() throws {
        for layer in [
            LayerUnderTest(["class.yaml": Self.gatewayClass("gateway.envoyproxy.io/gateway-controller")], task: Self.envoy),
            LayerUnderTest(["gw.yaml": Self.annotated("    cert-manager.io/issuer: le-prod\n"), "issuers.yaml": Self.issuers]),
        ] {
            try layer.expectFixedLayerBuilds()
        }
    }
}
