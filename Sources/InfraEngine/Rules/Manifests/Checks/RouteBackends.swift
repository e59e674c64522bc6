import Yams

/// One `backendRefs` entry of a route that names a Service (kind Service in the core group,
/// the default), with the Service it resolves to in the layer (nil when none).
///
/// Gateway API v1, `BackendRef`: `group` defaults to the core group, `kind` to `Service`,
/// `namespace` to the route's own.
struct RouteBackend {
    let route: ManifestObject
    let ref: Node
    let name: String
    /// The namespace the reference means (written, else the route's); nil when neither says.
    let namespace: String?
    let service: ManifestObject?
}

extension ReferenceChecker {
    /// Every Service backendRef of every route, in layer order.
    func routeBackends() -> [RouteBackend] {
        layer.routes.flatMap { route in
            (route["spec", "rules"]?.items ?? []).flatMap { $0.child("backendRefs")?.items ?? [] }.compactMap { ref -> RouteBackend? in
                guard (ref.child("group")?.string ?? "") == "", (ref.child("kind")?.string ?? "Service") == "Service",
                      let name = ref.child("name")?.string else { return nil }
                let ns = ref.child("namespace")?.string ?? route.namespace
                return RouteBackend(route: route, ref: ref, name: name, namespace: ns, service: service(named: name, namespace: ns))
            }
        }
    }
}
