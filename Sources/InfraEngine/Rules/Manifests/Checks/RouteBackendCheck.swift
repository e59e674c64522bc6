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
        checker.routeBackends().filter { $0.service == nil }.map { b in
            problem("\(b.route.name)-\(b.name)", file: b.route.path, line: b.ref.child("name")?.mark?.line ?? b.route.line,
                    "HTTPRoute `\(b.route.name)` sends to Service `\(b.name)`; no manifest defines it", severity: .warning)
        }
    }
}
