import Yams

/// An `issuerRef` without `kind` means a namespaced Issuer, never a ClusterIssuer.
///
/// cert-manager v1, `ObjectReference` of `Certificate.spec.issuerRef`: "kind: Kind of the
/// resource being referred to. Defaults to Issuer"; `group` defaults to `cert-manager.io`.
/// An Issuer is looked up in the Certificate's own namespace. When only a ClusterIssuer of
/// that name exists, the CertificateRequest stays `Ready=False` (reason `Pending`,
/// `Referenced "Issuer" not found`) and the Secret never appears.
struct IssuerRefKindCheck: ManifestCheck {
    let id = "certmanager.certificate.issuer-kind"
    let purpose = "An issuerRef without kind (so kind Issuer) names an Issuer in the Certificate's namespace, not only a ClusterIssuer."
    var layerOnly: Bool { true }
    let condition = PredictedCondition(object: "CertificateRequest", type: "Ready", status: "False",
                                       reason: "Pending: Referenced \"Issuer\" not found")

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        checker.layer.certificates.compactMap { cert in
            guard let ref = cert["spec", "issuerRef"], Self.defaultsToIssuer(ref), let name = ref.child("name")?.string,
                  !checker.layer.objects("Issuer").contains(where: { $0.name == name && ReferenceChecker.sameNamespace($0.namespace, cert.namespace) }),
                  let cluster = checker.layer.objects("ClusterIssuer").first(where: { $0.name == name }) else { return nil }
            // The issuerRef key's own line: the reference as a whole is what is incomplete.
            let line = cert["spec"]?.keyNode("issuerRef")?.mark?.line ?? cert.line
            let message = "Certificate `\(cert.name)`: the issuerRef has no kind, so it means an Issuer. No Issuer `\(name)` exists in "
                + "`\(cert.namespace ?? "its namespace")`; a ClusterIssuer of that name does (\(cluster.path):\(cluster.line("metadata", "name")))"
            return problem(cert.name, file: cert.path, line: line, message, fix: Self.addKind(ref, path: cert.path))
        }
    }

    /// True when the reference leaves `kind` out (or says Issuer) and its group is cert-manager's.
    static func defaultsToIssuer(_ ref: Node) -> Bool {
        (ref.child("kind")?.string ?? "Issuer") == "Issuer" && (ref.child("group")?.string ?? "cert-manager.io") == "cert-manager.io"
    }

    /// `kind: ClusterIssuer` (and `group: cert-manager.io` when absent) under the block's other
    /// keys; a flow mapping (`{name: x}`) or an explicit `kind: Issuer` is left to a person.
    static func addKind(_ ref: Node, path: String) -> ManifestFix? {
        // A flow mapping starts at its `{`, a block mapping at its first key.
        guard ref.child("kind") == nil, let mapping = ref.mapping, let first = mapping.first?.key.mark,
              let start = ref.mark, start.line == first.line, start.column == first.column else { return nil }
        let column = first.column
        var lines = [ManifestEditor.pad(column) + "kind: ClusterIssuer"]
        if ref.child("group") == nil { lines.append(ManifestEditor.pad(column) + "group: cert-manager.io") }
        return .lines(path: path, after: ref.lastLine, lines: lines)
    }
}
