import Foundation
import Testing
@testable import InfraEngine

/// `gateway.listener.certificate-ref-not-permitted` on in-memory layers.
@Suite struct CertificateRefGrantCheckTests {
    func layer(refNamespace: String?, extra: [String: String] = [:]) -> LayerUnderTest {
        let listener = """
                - name: secure
                  protocol: HTTPS
                  port: 443
                  hostname: docs.example.com
                  tls:
                    certificateRefs:
                      - name: docs-cert
            \(refNamespace.map { "            namespace: \($0)" } ?? "")
            """
        let certificate = """
            apiVersion: cert-manager.io/v1
            kind: ClusterIssuer
            metadata: {name: internal-ca}
            spec: {ca: {secretName: ca-root}}
            ---
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: docs, namespace: \(refNamespace ?? "edge")}
            spec:
              secretName: docs-cert
              dnsNames: [docs.example.com]
              issuerRef: {name: internal-ca, kind: ClusterIssuer, group: cert-manager.io}

            """
        var files = ["gw.yaml": gatewayYAML(listeners: listener), "tls/cert.yaml": certificate]
        for (k, v) in extra { files[k] = v }
        return LayerUnderTest(files)
    }

    @Test func crossNamespaceSecretGetsAGrantBesideItsCertificate() throws {
        let l = layer(refNamespace: "tls-store")
        let found = try l.problems(CertificateRefGrantCheck())
        #expect(found.count == 1 && found[0].message.contains("`tls-store/docs-cert`") && found[0].line == 16)
        let after = try l.fixed()
        let grant = after.allPaths.filter { $0.hasPrefix("ai/infra/manifests/tls/referencegrant-") }
        #expect(grant == ["ai/infra/manifests/tls/referencegrant-edge-gateway-to-docs-cert.yaml"])
        #expect(after.text(grant.first ?? "")?.contains("kind: Secret\n      name: docs-cert") == true)
        #expect(try l.problems(CertificateRefGrantCheck(), in: after).isEmpty)
    }

    @Test func sameNamespaceOrGrantedStaysSilent() throws {
        #expect(try layer(refNamespace: nil).problems(CertificateRefGrantCheck()).isEmpty)
        let grant = BackendRefGrantCheck.grant(name: "g", namespace: "tls-store", kind: "Gateway", from: "edge", target: "Secret", name: "docs-cert")
        #expect(try layer(refNamespace: "tls-store", extra: ["grant.yaml": grant]).problems(CertificateRefGrantCheck()).isEmpty)
    }

    @Test(.enabled(if: kubectlPresent, "kubectl builds the layer"))
    func fixedLayerStillBuilds() throws {
        let built = try LayerUnderTest.kustomize(try layer(refNamespace: "tls-store").fixed())
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("kind: ReferenceGrant"))
    }
}
