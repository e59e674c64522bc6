import Yams

/// A Gateway listener's TLS `certificateRefs` to a Secret in another namespace needs a
/// ReferenceGrant there.
///
/// Gateway API v1, `GatewayTLSConfig.certificateRefs`: "A reference to a Secret in a
/// different namespace requires a ReferenceGrant in that namespace"; without one the
/// listener's `ResolvedRefs` condition is False with reason `RefNotPermitted`, and the
/// listener serves no TLS.
struct CertificateRefGrantCheck: ManifestCheck {
    let id = "gateway.listener.certificate-ref-not-permitted"
    let purpose = "A listener's certificateRef to a Secret in another namespace is allowed by a ReferenceGrant in that namespace."
    var layerOnly: Bool { true }
    let condition = PredictedCondition(object: "Gateway listener", type: "ResolvedRefs", status: "False", reason: "RefNotPermitted")

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let grants = checker.layer.objects("ReferenceGrant")
        for gw in checker.layer.gateways {
            guard let from = gw.namespace else { continue }
            var seen: Set<String> = []
            for ref in (gw["spec", "listeners"]?.items ?? []).flatMap({ $0.at(["tls", "certificateRefs"])?.items ?? [] }) {
                guard (ref.child("group")?.string ?? "") == "", (ref.child("kind")?.string ?? "Secret") == "Secret",
                      let name = ref.child("name")?.string, let to = ref.child("namespace")?.string, to != from,
                      seen.insert("\(to)/\(name)").inserted,
                      !grants.contains(where: { BackendRefGrantCheck.allows($0, kind: "Gateway", from: from, target: "Secret", name: name, in: to) })
                else { continue }
                var message = "Gateway `\(from)/\(gw.name)`: the certificateRef to Secret `\(to)/\(name)` crosses namespaces, "
                    + "and no ReferenceGrant in `\(to)` allows Gateways from `\(from)`"
                // Meant when the layer makes that Secret there (a Certificate's secretName, or the Secret).
                let producer = checker.layer.certificates.first { $0.namespace == to && $0["spec", "secretName"]?.string == name }
                    ?? checker.layer.objects("Secret").first { $0.namespace == to && $0.name == name }
                var fix: ManifestFix?
                if let producer {
                    let grantName = "\(from)-gateway-to-\(name)"
                    fix = .createFile(path: "\(parentFolder(producer.path))/referencegrant-\(grantName).yaml",
                                      text: BackendRefGrantCheck.grant(name: grantName, namespace: to, kind: "Gateway", from: from, target: "Secret", name: name),
                                      nextTo: producer.path, before: false)
                    message += "; a ReferenceGrant `\(to)/\(grantName)` will"
                } else {
                    message += "; nothing in the layer makes that Secret in `\(to)`, so the grant is left to a person"
                }
                out.append(problem("\(gw.name)-\(to)-\(name)", file: gw.path, line: ref.child("namespace")?.mark?.line ?? gw.line, message, fix: fix))
            }
        }
        return out
    }
}
