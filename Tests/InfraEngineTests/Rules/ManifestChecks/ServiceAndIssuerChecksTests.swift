import Foundation
import Testing
@testable import InfraEngine

/// `kubernetes.service.target-port`, `certmanager.certificate.issuer-kind` and
/// `certmanager.solver.clouddns-secret` on in-memory layers.
@Suite struct ServiceAndIssuerChecksTests {
    @Test func namedTargetPortNoContainerDeclaresIsCorrectedToTheOnlyPort() throws {
        let layer = LayerUnderTest(["app.yaml": appYAML("ledger", namespace: "books", ports: "            - name: svc-port\n              containerPort: 7000", targetPort: "web")])
        let found = try layer.problems(ServiceTargetPortCheck())
        #expect(found.count == 1 && found[0].message.contains("`svc-port` (7000)"))
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/app.yaml")?.contains("targetPort: svc-port") == true)
        // The container port keeps its name.
        #expect(after.text("ai/infra/manifests/app.yaml")?.contains("- name: svc-port") == true)
        #expect(try layer.problems(ServiceTargetPortCheck(), in: after).isEmpty)
    }

    @Test func numbersDeclaredNamesAndUnselectedServicesStaySilent() throws {
        for (ports, target) in [("            - {name: web, containerPort: 7000}", "web"),
                                ("            - {containerPort: 7000}", "8080"),
                                ("            - {name: a, containerPort: 7000}\n            - {name: web, containerPort: 7001}", "web")] {
            let layer = LayerUnderTest(["app.yaml": appYAML("ledger", namespace: "books", ports: ports, targetPort: target)])
            #expect(try layer.problems(ServiceTargetPortCheck()).isEmpty, "\(target)")
        }
        // Two candidates: reported, not guessed.
        let two = LayerUnderTest(["app.yaml": appYAML("ledger", namespace: "books", ports: "            - {name: a, containerPort: 7000}\n            - {name: b, containerPort: 7001}", targetPort: "web")])
        let found = try two.problems(ServiceTargetPortCheck())
        #expect(found.count == 1 && found[0].fix == nil)
    }

    static let clusterIssuer = """
        apiVersion: cert-manager.io/v1
        kind: ClusterIssuer
        metadata:
          name: le-prod
        spec:
          acme:
            server: https://acme.example.net/directory
            privateKeySecretRef: {name: le-prod-account}
            solvers:
              - dns01:
                  cloudDNS:
                    project: zone-project
                    serviceAccountSecretRef:
                      name: clouddns-key
                      key: sa.json

        """

    func certificate(_ issuerRef: String) -> String {
        """
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata:
          name: books-cert
          namespace: books
        spec:
          secretName: books-tls
          dnsNames: [books.example.net]
          issuerRef:
        \(issuerRef)

        """
    }

    @Test func issuerRefWithoutKindGainsClusterIssuer() throws {
        let layer = LayerUnderTest(["issuer.yaml": Self.clusterIssuer, "cert.yaml": certificate("    name: le-prod")])
        let found = try layer.problems(IssuerRefKindCheck())
        #expect(found.count == 1 && found[0].line == 9)
        // The older issuer check does not report the same reference again.
        #expect(try ManifestsRule().findings(in: layer.reality()).filter { $0.file.hasSuffix("cert.yaml") }.count == 1)
        let after = try layer.fixed()
        #expect(after.text("ai/infra/manifests/cert.yaml")?.hasSuffix("  issuerRef:\n    name: le-prod\n    kind: ClusterIssuer\n    group: cert-manager.io\n") == true)
        #expect(try layer.problems(IssuerRefKindCheck(), in: after).isEmpty)
    }

    @Test func issuerRefThatResolvesOrIsFlowStyle() throws {
        let issuer = "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: le-prod, namespace: books}\nspec: {selfSigned: {}}\n"
        for ref in ["    name: le-prod\n    kind: ClusterIssuer", "    name: le-prod\n    group: other.example.net"] {
            #expect(try LayerUnderTest(["issuer.yaml": Self.clusterIssuer, "cert.yaml": certificate(ref)]).problems(IssuerRefKindCheck()).isEmpty)
        }
        #expect(try LayerUnderTest(["issuer.yaml": Self.clusterIssuer, "local.yaml": issuer, "cert.yaml": certificate("    name: le-prod")])
            .problems(IssuerRefKindCheck()).isEmpty)
        let flow = LayerUnderTest(["issuer.yaml": Self.clusterIssuer, "cert.yaml": certificate("    {name: le-prod}").replacingOccurrences(of: "issuerRef:\n", with: "issuerRef:")])
        let found = try flow.problems(IssuerRefKindCheck())
        #expect(found.count == 1 && found[0].fix == nil)
    }

    @Test func cloudDNSSecretInTheWrongNamespaceUnderTheWrongKey() throws {
        let layer = LayerUnderTest(["issuer.yaml": Self.clusterIssuer],
                                   task: "kubectl create secret generic clouddns-key --namespace=books --from-file=key=\"$SA_FILE\" --dry-run=client -o yaml | kubectl apply -f -")
        let found = try layer.problems(CloudDNSSecretCheck())
        #expect(found.count == 1)
        #expect(found.first?.file == "ai/infra/tasks/010-edge.sh")
        #expect(found.first.map { $0.message.contains("`books`") && $0.message.contains("`cert-manager`") && $0.message.contains("`sa.json`") } == true)
        let after = try layer.fixed()
        #expect(after.text("ai/infra/tasks/010-edge.sh")?.contains(
            "kubectl create secret generic clouddns-key --namespace=cert-manager --from-file=sa.json=\"$SA_FILE\" --dry-run=client -o yaml | kubectl apply -f -") == true)
        #expect(try layer.problems(CloudDNSSecretCheck(), in: after).isEmpty)
    }

    /// The namespace comes from a wrapper: the call has no word to change, and the wrapper's
    /// line is every other call's too, so the problem is reported without a fix.
    @Test func cloudDNSSecretNamespacedByAWrapperIsReportedNotRewritten() throws {
        let layer = LayerUnderTest(["issuer.yaml": Self.clusterIssuer], task: """
            kb() { kubectl --namespace=books "$@"; }
            kb create secret generic clouddns-key --from-file=sa.json="$SA_FILE"
            """)
        let found = try layer.problems(CloudDNSSecretCheck())
        #expect(found.count == 1 && found.first?.message.contains("`books`") == true)
        #expect(found.first?.fix == nil)
        #expect(try layer.fixed().text("ai/infra/tasks/010-edge.sh") == layer.tree.text("ai/infra/tasks/010-edge.sh"))
    }

    @Test func cloudDNSSecretAnotherObjectReadsIsNotMoved() throws {
        let reader = appYAML("books", namespace: "books", ports: "            - {containerPort: 80}", targetPort: "80")
            .replacingOccurrences(of: "\n          ports:", with: "\n          envFrom: [{secretRef: {name: clouddns-key}}]\n          ports:")
        let layer = LayerUnderTest(["issuer.yaml": Self.clusterIssuer, "app.yaml": reader],
                                   task: "kubectl -n books create secret generic clouddns-key --from-file=key=\"$SA_FILE\"")
        let found = try layer.problems(CloudDNSSecretCheck())
        #expect(reader.contains("envFrom"))
        #expect(found.count == 1 && found[0].fix == nil)
        #expect(try layer.fixed().text("ai/infra/tasks/010-edge.sh") == layer.tree.text("ai/infra/tasks/010-edge.sh"))
    }

    @Test func cloudDNSSecretWhereTheIssuerReadsItStaysSilent() throws {
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: clouddns-key, namespace: cert-manager}\nstringData: {sa.json: \"{}\"}\n"
        #expect(try LayerUnderTest(["issuer.yaml": Self.clusterIssuer, "secret.yaml": secret]).problems(CloudDNSSecretCheck()).isEmpty)
        // A release installed elsewhere moves the cluster resource namespace with it.
        let task = """
            helm upgrade --install cm jetstack/cert-manager -n certs --set crds.enabled=true
            kubectl -n certs create secret generic clouddns-key --from-file=sa.json="$SA_FILE"
            """
        #expect(try LayerUnderTest(["issuer.yaml": Self.clusterIssuer], task: task).problems(CloudDNSSecretCheck()).isEmpty)
        // A key from a variable is not guessed at.
        let unknown = "kubectl -n cert-manager create secret generic clouddns-key --from-file=\"$SA_KEY\"=\"$SA_FILE\""
        #expect(try LayerUnderTest(["issuer.yaml": Self.clusterIssuer], task: unknown).problems(CloudDNSSecretCheck()).isEmpty)
    }

    @Test(.enabled(if: kubectlPresent, "kubectl builds the layer"))
    func fixedLayersStillBuild() throws {
        for layer in [
            LayerUnderTest(["issuer.yaml": Self.clusterIssuer, "cert.yaml": certificate("    name: le-prod")]),
            LayerUnderTest(["app.yaml": appYAML("ledger", namespace: "books", ports: "            - {name: svc-port, containerPort: 7000}", targetPort: "web")]),
        ] {
            try layer.expectFixedLayerBuilds()
        }
    }
}
