import Yams

/// An HTTP-01 `gatewayHTTPRoute` solver's parentRef must reach a Gateway of the layer.
///
/// cert-manager v1, `ACMEChallengeSolverHTTP01GatewayHTTPRoute.parentRefs`: the challenge
/// HTTPRoute is created with these parentRefs in the challenge's namespace (the
/// Certificate's), so a ref without `namespace` means that namespace (Gateway API v1
/// `ParentReference.namespace`). When the ref reaches no Gateway, the challenge route gets
/// no parent, the ACME server's request for the token finds nothing, and the Challenge stays
/// pending. The fix names the layer's only Gateway, or adds the namespace of the one Gateway
/// of that name.
struct SolverGatewayNotFoundCheck: ManifestCheck {
    let id = "certmanager.solver.http01-gateway-not-found"
    let purpose = "An HTTP-01 gatewayHTTPRoute solver's parentRef reaches a Gateway, from the namespace the challenge route is created in."
    let condition = PredictedCondition(object: "Challenge", type: nil, status: "",
                                       reason: "pending: the challenge HTTPRoute attaches to no Gateway, so the token is never served")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        var seen: Set<String> = []
        for s in checker.solverRoutes() {
            let misses = s.missingIn(checker)
            guard s.gateway == nil || !misses.isEmpty else { continue }
            let name = s.ref.child("name")?.string ?? ""
            guard seen.insert("\(s.issuer.kind)/\(s.issuer.name)/\(name)").inserted else { continue }
            let named = checker.layer.gateways.filter { $0.name == name }
            var message = "\(s.issuer.label) solves HTTP-01 through Gateway `\(name)`"
            var fix: ManifestFix?
            if named.count == 1, s.ref.child("namespace") == nil, let gwNS = named[0].namespace,
               let key = s.ref.mapping?.first?.key.mark, let start = s.ref.mark {
                // Lines are only added to a block mapping (a flow `{name: x}` starts at its brace).
                let block = start.line == key.line && start.column == key.column
                let from = (misses.isEmpty ? s.challengeNamespaces : misses).map { "`\($0)`" }.joined(separator: ", ")
                message += "; the ref names no namespace, so it means the challenge's (\(from)), and the Gateway is in `\(gwNS)` "
                    + "(\(named[0].path):\(named[0].line("metadata", "name")))"
                fix = block ? .lines(path: s.issuer.path, after: s.ref.lastLine, lines: [ManifestEditor.pad(key.column) + "namespace: \(YAMLText.scalar(gwNS))"]) : nil
            } else {
                message += "; no Gateway has that name" + (s.ref.child("namespace")?.string.map { " in `\($0)`" } ?? "")
                fix = checker.onlyGateway.flatMap { $0.name != name ? .scalar(path: s.issuer.path, line: s.line, old: name, new: $0.name) : nil }
            }
            out.append(problem(s.issuer.name, file: s.issuer.path, line: s.line, message, fix: fix))
        }
        return out
    }
}
