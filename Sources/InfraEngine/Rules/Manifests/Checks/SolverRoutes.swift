import Yams

/// One parentRef of an issuer's HTTP-01 `gatewayHTTPRoute` solver, with the Gateway it
/// reaches (nil when none of the layer has that name) and the listeners its `sectionName`
/// and `port` select.
///
/// cert-manager v1, `ACMEChallengeSolverHTTP01GatewayHTTPRoute.parentRefs`: copied into the
/// HTTPRoute cert-manager creates for each challenge, "in the same namespace as the
/// challenge", which is the namespace of the Certificate (Certificate -> CertificateRequest
/// -> Order -> Challenge all live there). A parentRef without `namespace` therefore means
/// the challenge's namespace, not the issuer's.
struct SolverRoute {
    let issuer: ManifestObject
    let ref: Node
    let gateway: ManifestObject?
    /// Where the challenge routes are created: the namespaces of the Certificates (and of the
    /// annotated Gateways) that use this issuer; empty when none is known.
    let challengeNamespaces: [String]

    var line: Int { ref.child("name")?.mark?.line ?? issuer.line }

    /// The challenge namespaces where a ClusterIssuer's ref without `namespace` finds no
    /// Gateway of its name (the ref means each challenge's own namespace).
    func missingIn(_ checker: ReferenceChecker) -> [String] {
        guard issuer.kind == "ClusterIssuer", ref.child("namespace") == nil, let name = ref.child("name")?.string else { return [] }
        return challengeNamespaces.filter { checker.gateway(named: name, namespace: $0) == nil }
    }

    /// The Gateway's listeners this parentRef selects (all when it names no section or port).
    var selected: [Node] {
        let section = ref.child("sectionName")?.string, port = ref.child("port")?.int
        return (gateway?["spec", "listeners"]?.items ?? []).filter { l in
            (section == nil || l.child("name")?.string == section) && (port == nil || l.child("port")?.int == port)
        }
    }
}

extension ReferenceChecker {
    /// Every parentRef of every HTTP-01 gatewayHTTPRoute solver, issuer by issuer.
    func solverRoutes() -> [SolverRoute] {
        var out: [SolverRoute] = []
        for issuer in layer.issuers {
            let spaces = challengeNamespaces(of: issuer)
            for solver in issuer["spec", "acme", "solvers"]?.items ?? [] {
                for ref in solver.at(["http01", "gatewayHTTPRoute", "parentRefs"])?.items ?? [] {
                    guard (ref.child("kind")?.string ?? "Gateway") == "Gateway", let name = ref.child("name")?.string else { continue }
                    // Without a namespace the ref means the challenge's: an Issuer's challenges
                    // are in its own namespace, a ClusterIssuer's in each Certificate's (any
                    // here; `missingIn` says where it misses).
                    let ns = ref.child("namespace")?.string ?? (issuer.kind == "Issuer" ? issuer.namespace : nil)
                    out.append(SolverRoute(issuer: issuer, ref: ref, gateway: gateway(named: name, namespace: ns), challengeNamespaces: spaces))
                }
            }
        }
        return out
    }

    /// Namespaces of the Certificates whose issuerRef names `issuer`, and of the Gateways whose
    /// cert-manager annotation does (the gateway-shim creates their Certificates there), sorted.
    func challengeNamespaces(of issuer: ManifestObject) -> [String] {
        var spaces: Set<String> = []
        for cert in layer.certificates {
            guard let ref = cert["spec", "issuerRef"], ref.child("name")?.string == issuer.name,
                  (ref.child("kind")?.string ?? "Issuer") == issuer.kind,
                  issuer.kind == "ClusterIssuer" || ReferenceChecker.sameNamespace(issuer.namespace, cert.namespace),
                  let ns = cert.namespace ?? (issuer.kind == "Issuer" ? issuer.namespace : nil) else { continue }
            spaces.insert(ns)
        }
        for gw in layer.gateways {
            guard let (kind, name) = GatewayIssuerAnnotationCheck.issuer(of: gw), kind == issuer.kind, name == issuer.name,
                  let ns = gw.namespace else { continue }
            spaces.insert(ns)
        }
        return spaces.sorted()
    }
}
