import Yams

/// The HTTP:80 listener an HTTP-01 solver attaches to must admit routes from the namespace
/// cert-manager creates the challenge route in.
///
/// cert-manager v1, `gatewayHTTPRoute`: "The Gateway solver will create HTTPRoutes ... in
/// the same namespace as the challenge", the Certificate's namespace. Gateway API v1,
/// `Listener.allowedRoutes.namespaces.from` (`Same` by default): a listener that does not
/// admit that namespace leaves the challenge HTTPRoute `Accepted=False` with reason
/// `NotAllowedByListeners`, and the Challenge pending. Widening a listener is a choice
/// about who may attach routes to the Gateway: no fix.
struct SolverListenerAllowsChallengeCheck: ManifestCheck {
    let id = "certmanager.solver.http01-route-not-allowed"
    let purpose = "The HTTP:80 listener an HTTP-01 solver attaches to admits routes from the namespace of each Certificate the issuer serves."
    let condition = PredictedCondition(object: "HTTPRoute (challenge)", type: "Accepted", status: "False", reason: "NotAllowedByListeners")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        var seen: Set<String> = []
        for s in checker.solverRoutes() {
            guard let gw = s.gateway else { continue }
            let http = s.selected.filter(SolverHTTPListenerCheck.isHTTP80)
            guard !http.isEmpty else { continue }
            for ns in s.challengeNamespaces where seen.insert("\(s.issuer.kind)/\(s.issuer.name)/\(gw.name)/\(ns)").inserted {
                let refused = http.compactMap {
                    RouteAllowedByListenersCheck.refusal($0, kind: "HTTPRoute", namespace: ns, gatewayNamespace: gw.namespace, layer: checker.layer)
                }
                guard refused.count == http.count else { continue }
                out.append(problem("\(s.issuer.name)-\(ns)", file: s.issuer.path, line: s.line,
                                   "\(s.issuer.label) solves HTTP-01 through Gateway `\(gw.name)`; cert-manager creates the challenge "
                                       + "HTTPRoute in `\(ns)` (the Certificate's namespace), and no HTTP listener on port 80 admits it: "
                                       + refused.joined(separator: "; ")))
            }
        }
        return out
    }
}
