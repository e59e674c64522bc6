import Yams

/// A Certificate's `issuerRef` must name an issuer of its kind: a ClusterIssuer, or an Issuer
/// in the Certificate's own namespace.
///
/// cert-manager v1, `Certificate.spec.issuerRef` (`ObjectReference`: `name`; `kind`
/// defaults to `Issuer`, `group` to `cert-manager.io`). When no issuer matches, the
/// CertificateRequest stays `Ready=False` with reason `Pending` ("Referenced \"Issuer\" not
/// found") and the Secret never appears. A defaulted kind where only a ClusterIssuer of that
/// name exists is `certmanager.certificate.issuer-kind`'s. The name is corrected only when
/// one issuer of that kind is usable from the Certificate's namespace.
struct IssuerRefNotFoundCheck: ManifestCheck {
    let id = "certmanager.certificate.issuer-not-found"
    let purpose = "A Certificate's issuerRef names an existing issuer of its kind (an Issuer in its namespace, or a ClusterIssuer)."
    let condition = PredictedCondition(object: "CertificateRequest", type: "Ready", status: "False", reason: "Pending: Referenced issuer not found")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let layer = checker.layer
        for cert in layer.certificates {
            guard let name = cert["spec", "issuerRef", "name"]?.string,
                  (cert["spec", "issuerRef", "group"]?.string ?? "cert-manager.io") == "cert-manager.io" else { continue }
            let kind = cert["spec", "issuerRef", "kind"]?.string ?? "Issuer"
            let matches = layer.issuers.filter { $0.kind == kind && $0.name == name && (kind == "ClusterIssuer" || ReferenceChecker.sameNamespace($0.namespace, cert.namespace)) }
            // A defaulted kind with only a ClusterIssuer of that name is IssuerRefKindCheck's.
            guard matches.isEmpty, !(kind == "Issuer" && layer.objects("ClusterIssuer").contains { $0.name == name }) else { continue }
            let sameKind = layer.issuers.filter { $0.kind == kind && (kind == "ClusterIssuer" || ReferenceChecker.sameNamespace($0.namespace, cert.namespace)) }
            let line = cert.line("spec", "issuerRef", "name")
            out.append(problem(cert.name, file: cert.path, line: line,
                               "Certificate `\(cert.name)` is issued by \(kind) `\(name)`; no manifest defines it",
                               fix: sameKind.count == 1 ? .scalar(path: cert.path, line: line, old: name, new: sameKind[0].name) : nil))
        }
        return out
    }
}
