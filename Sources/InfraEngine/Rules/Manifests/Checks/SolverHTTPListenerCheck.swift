import Yams

/// The Gateway an HTTP-01 solver attaches its challenge route to must have an HTTP listener
/// on port 80 among the listeners the parentRef selects.
///
/// RFC 8555 §8.3: the ACME server fetches `http://<domain>/.well-known/acme-challenge/<token>`
/// on port 80 ("The server SHOULD follow redirects", but the first request is plain HTTP on
/// port 80). cert-manager v1 creates the challenge HTTPRoute with the solver's parentRefs;
/// Gateway API v1 attaches it only to the listeners those refs select. Without an HTTP:80
/// listener the token is unreachable and the Challenge stays pending. The fix adds an HTTP
/// listener on port 80 for the Gateway's hostnames.
struct SolverHTTPListenerCheck: ManifestCheck {
    let id = "certmanager.solver.http01-no-http-listener"
    let purpose = "The Gateway an HTTP-01 solver attaches to has an HTTP listener on port 80 among those its parentRef selects."
    let condition = PredictedCondition(object: "Challenge", type: nil, status: "",
                                       reason: "pending: the ACME server cannot fetch the token over HTTP on port 80")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        var seen: Set<String> = []
        for s in checker.solverRoutes() {
            guard let gw = s.gateway, !s.selected.contains(where: Self.isHTTP80),
                  seen.insert("\(s.issuer.kind)/\(s.issuer.name)/\(gw.path)#\(gw.document)").inserted else { continue }
            let listeners = gw["spec", "listeners"]?.items ?? []
            let narrowed = s.ref.child("sectionName") != nil || s.ref.child("port") != nil
            let hasOne = listeners.contains(where: Self.isHTTP80)
            var message = "\(s.issuer.label) solves HTTP-01 through Gateway `\(gw.name)`, which has no HTTP (port 80) listener "
            message += hasOne && narrowed ? "among those its parentRef selects (sectionName/port) " : ""
            message += "(\(gw.path):\(gw.line("spec", "listeners"))); the ACME challenge cannot reach it"
            let hosts = listeners.compactMap { $0.child("hostname")?.string }
            // A listener already there but not selected: the ref is a person's to widen.
            let fix: ManifestFix? = hasOne ? nil : .httpListener(gateway: gw, hostnames: Array(Set(hosts)).sorted())
            out.append(problem(s.issuer.name, file: s.issuer.path, line: s.line, message, fix: fix))
        }
        return out
    }

    static func isHTTP80(_ listener: Node) -> Bool {
        listener.child("protocol")?.string == "HTTP" && listener.child("port")?.int == 80
    }
}
