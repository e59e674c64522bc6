import Yams

/// A Gateway's cert-manager annotation must name an issuer that exists: `cert-manager.io/issuer`
/// an Issuer in the Gateway's namespace, `cert-manager.io/cluster-issuer` a ClusterIssuer.
///
/// cert-manager v1, "Annotated Gateway resource" (the gateway-shim, as for Ingress):
/// `cert-manager.io/issuer` names "an Issuer in the same namespace as the Gateway",
/// `cert-manager.io/cluster-issuer` a ClusterIssuer; `cert-manager.io/issuer-kind` and
/// `cert-manager.io/issuer-group` override kind and group (an issuer of another group is
/// external: not checked). The shim creates a Certificate per TLS Secret of the listeners
/// with that issuerRef; when the issuer does not exist its CertificateRequest stays
/// `Ready=False` (Pending, issuer not found). Fixes: an `issuer` annotation naming only a
/// ClusterIssuer becomes `cluster-issuer`; a name that matches nothing becomes the only
/// issuer of its kind usable there.
struct GatewayIssuerAnnotationCheck: ManifestCheck {
    let id = "certmanager.gateway.issuer-annotation"
    let purpose = "A Gateway's cert-manager.io/issuer or cert-manager.io/cluster-issuer annotation names an existing Issuer (in its namespace) or ClusterIssuer."
    let condition = PredictedCondition(object: "CertificateRequest", type: "Ready", status: "False", reason: "Pending: Referenced issuer not found")
    var layerOnly: Bool { true }

    static let issuerKey = "cert-manager.io/issuer"
    static let clusterIssuerKey = "cert-manager.io/cluster-issuer"

    /// True when cert-manager's gateway-shim makes this Gateway's certificates.
    static func isAnnotated(_ gw: ManifestObject) -> Bool {
        let annotations = gw["metadata", "annotations"]
        return annotations?.child(issuerKey) != nil || annotations?.child(clusterIssuerKey) != nil
    }

    /// `(kind, name)` of the cert-manager issuer the annotations name; nil for none, for an
    /// external issuer group, or for both annotations at once (the shim refuses that).
    static func issuer(of gw: ManifestObject) -> (kind: String, name: String)? {
        guard let a = gw["metadata", "annotations"] else { return nil }
        let issuer = a.child(issuerKey)?.string, cluster = a.child(clusterIssuerKey)?.string
        guard (issuer == nil) != (cluster == nil), let name = issuer ?? cluster,
              (a.child("cert-manager.io/issuer-group")?.string ?? "cert-manager.io") == "cert-manager.io" else { return nil }
        return (a.child("cert-manager.io/issuer-kind")?.string ?? (cluster != nil ? "ClusterIssuer" : "Issuer"), name)
    }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let layer = checker.layer
        for gw in layer.gateways {
            let annotations = gw["metadata", "annotations"]
            if let both = annotations?.keyNode(Self.clusterIssuerKey), annotations?.child(Self.issuerKey) != nil {
                // The shim refuses the Gateway (an event, no Certificate): which one is meant is a choice.
                out.append(problem(gw.name, file: gw.path, line: both.mark?.line ?? gw.line,
                                   "Gateway `\(gw.name)` carries both `\(Self.issuerKey)` and `\(Self.clusterIssuerKey)`; "
                                       + "cert-manager makes no Certificate for it until one is removed"))
                continue
            }
            guard let (kind, name) = Self.issuer(of: gw), !name.contains("$") else { continue }
            func usable(_ i: ManifestObject) -> Bool { i.kind == kind && (kind == "ClusterIssuer" || ReferenceChecker.sameNamespace(i.namespace, gw.namespace)) }
            guard !layer.issuers.contains(where: { usable($0) && $0.name == name }) else { continue }
            let usedKey = annotations?.child(Self.clusterIssuerKey) != nil ? Self.clusterIssuerKey : Self.issuerKey
            let keyLine = annotations?.keyNode(usedKey)?.mark?.line ?? gw.line
            var message = "Gateway `\(gw.name)`: the annotation `\(usedKey): \(name)` names \(kind) `\(name)`"
                + (kind == "Issuer" ? " in `\(gw.namespace ?? "its namespace")`" : "") + "; no manifest defines it"
            var fix: ManifestFix?
            let cluster = layer.objects("ClusterIssuer").first { $0.name == name }
            if usedKey == Self.issuerKey, kind == "Issuer", annotations?.child("cert-manager.io/issuer-kind") == nil, let cluster {
                message += "; a ClusterIssuer of that name does (\(cluster.path):\(cluster.line("metadata", "name"))), so the annotation becomes `\(Self.clusterIssuerKey)`"
                fix = .key(path: gw.path, line: keyLine, old: Self.issuerKey, new: Self.clusterIssuerKey)
            } else {
                let candidates = layer.issuers.filter(usable)
                if candidates.count == 1 {
                    message += "; the only \(kind) usable here is `\(candidates[0].name)`"
                    fix = .scalar(path: gw.path, line: keyLine, old: name, new: candidates[0].name)
                }
            }
            out.append(problem(gw.name, file: gw.path, line: keyLine, message, fix: fix))
        }
        return out
    }
}
