import Yams

/// The listener a route attaches to must admit it: its namespace and its kind.
///
/// Gateway API v1, `Listener.allowedRoutes`: `namespaces.from` is `Same` (the default: only
/// the Gateway's namespace), `All`, or `Selector` (namespaces whose labels match
/// `namespaces.selector`; every namespace carries `kubernetes.io/metadata.name`); `kinds`
/// defaults to the kinds the listener's protocol supports (HTTPRoute for HTTP and HTTPS).
/// When no listener the parentRef selects admits the route, its `Accepted` condition is False
/// with reason `NotAllowedByListeners`. Widening a listener or moving the route are both
/// choices a person makes, so this check has no fix.
struct RouteAllowedByListenersCheck: ManifestCheck {
    let id = "gateway.route.not-allowed-by-listeners"
    let purpose = "A listener the route attaches to admits the route's namespace and kind (allowedRoutes)."
    let condition = PredictedCondition(object: "HTTPRoute", type: "Accepted", status: "False", reason: "NotAllowedByListeners")

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for a in checker.attachments() {
            // No listener selected is RouteSectionNameCheck's finding.
            guard !a.selected.isEmpty else { continue }
            let refused = a.selected.compactMap {
                Self.refusal($0, kind: a.route.kind, namespace: a.route.namespace, gatewayNamespace: a.gateway.namespace, layer: checker.layer)
            }
            guard refused.count == a.selected.count else { continue }
            out.append(problem("\(a.route.name)-\(a.gateway.name)", file: a.route.path, line: a.ref.child("name")?.mark?.line ?? a.route.line,
                               "HTTPRoute `\(a.route.name)`: no listener of Gateway `\(a.gateway.name)` it attaches to admits it: "
                                   + refused.joined(separator: "; ")))
        }
        return out
    }

    /// Why `listener` (of a Gateway in `gatewayNamespace`) refuses a route of `kind` in
    /// `namespace`, or nil when it admits it (or the answer depends on something outside the
    /// layer, such as an unknown namespace or the labels of a namespace it does not define).
    static func refusal(_ listener: Node, kind: String, namespace: String?, gatewayNamespace: String?, layer: ManifestLayer) -> String? {
        let name = "listener `\(listener.child("name")?.string ?? "?")`"
        let protocolName = listener.child("protocol")?.string ?? "HTTP"
        let allowed = listener.at(["allowedRoutes", "kinds"])?.items ?? []
        if !allowed.isEmpty {
            let admits = allowed.contains { ($0.child("group")?.string ?? "gateway.networking.k8s.io") == "gateway.networking.k8s.io" && $0.child("kind")?.string == kind }
            if !admits { return "\(name) allows kinds \(allowed.compactMap { $0.child("kind")?.string }.map { "`\($0)`" }.joined(separator: ", "))" }
        } else if !["HTTP", "HTTPS"].contains(protocolName), kind == "HTTPRoute" {
            return "\(name) speaks \(protocolName), which takes no HTTPRoute"
        }
        let from = listener.at(["allowedRoutes", "namespaces", "from"])?.string ?? "Same"
        guard let routeNS = namespace, let gwNS = gatewayNamespace else { return nil }
        switch from {
        case "Same":
            return routeNS == gwNS ? nil : "\(name) admits routes from its own namespace `\(gwNS)` only (allowedRoutes from Same), the route is in `\(routeNS)`"
        case "Selector":
            guard let selector = listener.at(["allowedRoutes", "namespaces", "selector"]),
                  selector.child("matchExpressions") == nil,
                  let ns = layer.objects("Namespace").first(where: { $0.name == routeNS }) else { return nil }
            var labels = ns["metadata", "labels"]?.stringPairs ?? [:]
            labels["kubernetes.io/metadata.name"] = routeNS
            let wanted = selector.child("matchLabels")?.stringPairs ?? [:]
            guard !wanted.allSatisfy({ labels[$0.key] == $0.value }) else { return nil }
            return "\(name) admits namespaces labelled \(ReferenceChecker.describe(wanted)); namespace `\(routeNS)` (\(ns.path):\(ns.line)) is not"
        default:
            return nil
        }
    }
}
