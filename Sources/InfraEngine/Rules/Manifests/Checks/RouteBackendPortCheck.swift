import Yams

/// A route's backendRef `port` must be a port the Service listens on (`spec.ports[].port`,
/// not its targetPort).
///
/// Gateway API v1, `BackendRef.port`: "the destination port number to use for this
/// resource". A port the Service does not have resolves to no endpoint: the route's
/// `ResolvedRefs` is False (`BackendNotFound` in most implementations) and requests get a
/// 500. The fix takes the Service port forwarding to that number, else the one named
/// `http`, else the only one.
struct RouteBackendPortCheck: ManifestCheck {
    let id = "gateway.route.backend-port"
    let purpose = "A route's backendRef port is a port the Service listens on."
    let condition = PredictedCondition(object: "HTTPRoute", type: "ResolvedRefs", status: "False", reason: "BackendNotFound: no such Service port")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for b in checker.routeBackends() {
            guard let svc = b.service, let portNode = b.ref.child("port"), let port = portNode.int else { continue }
            let (route, name) = (b.route, b.name)
            let ports = svc["spec", "ports"]?.items ?? []
            let numbers = ports.compactMap { $0.child("port")?.int }
            guard !numbers.contains(port) else { continue }
            // The Service port that forwards to what the route meant, else the only one.
            let meant = ports.first { $0.child("targetPort")?.int == port }?.child("port")?.int
                ?? ports.first { $0.child("name")?.string == "http" }?.child("port")?.int
                ?? (numbers.count == 1 ? numbers[0] : nil)
            let line = portNode.mark?.line ?? route.line
            out.append(problem("\(route.name)-\(name)", file: route.path, line: line,
                               "HTTPRoute `\(route.name)` sends to port \(port); Service `\(name)` listens on "
                                   + "\(numbers.map(String.init).joined(separator: ", ")) (\(svc.path):\(svc.line("spec", "ports")))",
                               fix: meant.map { .scalar(path: route.path, line: line, old: String(port), new: String($0)) }))
        }
        return out
    }
}
