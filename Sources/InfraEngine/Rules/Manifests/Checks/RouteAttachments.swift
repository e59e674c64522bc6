import Yams

/// One parentRef of a route that reaches a Gateway in the layer, with the listeners its
/// `sectionName` and `port` select (Gateway API v1 `ParentReference`: both narrow the
/// listeners; left out, every listener is a candidate).
struct RouteAttachment {
    let route: ManifestObject
    let ref: Node
    let gateway: ManifestObject
    let listeners: [Node]
    let section: String?
    let port: Int?
    var selected: [Node] {
        listeners.filter { l in (section == nil || l.child("name")?.string == section) && (port == nil || l.child("port")?.int == port) }
    }
}

extension ReferenceChecker {
    /// Every parentRef (kind Gateway, the default) whose Gateway is in the layer; the
    /// namespace defaults to the route's. Refs to missing Gateways are the routes check's.
    func attachments() -> [RouteAttachment] {
        layer.routes.flatMap { route in
            (route["spec", "parentRefs"]?.items ?? []).compactMap { ref -> RouteAttachment? in
                guard (ref.child("kind")?.string ?? "Gateway") == "Gateway", let name = ref.child("name")?.string,
                      let gw = gateway(named: name, namespace: ref.child("namespace")?.string ?? route.namespace) else { return nil }
                return RouteAttachment(route: route, ref: ref, gateway: gw, listeners: gw["spec", "listeners"]?.items ?? [],
                                       section: ref.child("sectionName")?.string, port: ref.child("port")?.int)
            }
        }
    }
}
