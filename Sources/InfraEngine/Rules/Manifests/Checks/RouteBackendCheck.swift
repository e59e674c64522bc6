import Yams

/// A route's backendRef (kind Service, the default) must name a Service of the layer, in the
/// namespace it gives (the route's by default).
///
/// Gateway API v1, `BackendRef`: when the referenced object does not exist, the route's
/// `ResolvedRefs` condition is False with reason `BackendNotFound`, and requests matching
/// the rule get a 500. Which Service was meant is a person's call: no fix.
struct RouteBackendCheck: ManifestCheck {
    let id = "gateway.route.backend-not-found"
    let purpose = "A route's backendRef names a Service of the layer in the namespace it gives (the route's by default)."
    let condition = PredictedCondition(object: "HTTPRoute", type: "ResolvedRefs", status: "False", reason: "BackendNotFound")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for route in checker.layer.routes {
            for backend in (route["spec", "rules"]?.items ?? []).flatMap({ $0.child("backendRefs")?.items ?? [] }) {
                guard (backend.child("kind")?.string ?? "Service") == "Service", let name = backend.child("name")?.string,
                      checker.service(named: name, namespace: backend.child("namespace")?.string ?? route.namespace) == nil else { continue }
                out.append(problem("\(route.name)-\(name)", file: route.path, line: backend.child("name")?.mark?.line ?? route.line,
                                   "HTTPRoute `\(route.name)` sends to Service `\(name)`; no manifest defines it", severity: .warning))
            }
        }
        return out
    }
}
