import Yams

/// A route's parentRef (kind Gateway, the default) must name a Gateway; its namespace
/// defaults to the route's.
///
/// Gateway API v1, `ParentReference`: `name` and `namespace` ("When unspecified, this
/// refers to the local namespace of the Route"). No controller owns a Gateway that does
/// not exist, so the route gets no `status.parents` entry at all and serves nothing. The
/// fix names the layer's only Gateway (its name, else its namespace) when there is one.
struct RouteParentNotFoundCheck: ManifestCheck {
    let id = "gateway.route.parent-not-found"
    let purpose = "A route's parentRef names a Gateway of the layer, in the namespace it gives (the route's by default)."
    let condition = PredictedCondition(object: "HTTPRoute", type: nil, status: "",
                                       reason: "no status.parents entry (no controller owns a missing Gateway); nothing is served")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for route in checker.layer.routes {
            for ref in route["spec", "parentRefs"]?.items ?? [] {
                guard (ref.child("kind")?.string ?? "Gateway") == "Gateway", let name = ref.child("name")?.string else { continue }
                let ns = ref.child("namespace")?.string ?? route.namespace
                guard checker.gateway(named: name, namespace: ns) == nil else { continue }
                let line = ref.child("name")?.mark?.line ?? route.line
                var message = "HTTPRoute `\(route.name)` attaches to `\(name)`"
                var fix: ManifestFix?
                if let gw = checker.onlyGateway {
                    if gw.name != name {
                        message += "; the Gateway is named `\(gw.name)` (\(gw.path):\(gw.line("metadata", "name")))"
                        fix = .scalar(path: route.path, line: line, old: name, new: gw.name)
                    } else if let refNS = ref.child("namespace")?.string, let gwNS = gw.namespace {
                        message += " in namespace `\(refNS)`; the Gateway is in `\(gwNS)`"
                        fix = .scalar(path: route.path, line: ref.child("namespace")?.mark?.line ?? line, old: refNS, new: gwNS)
                    } else {
                        message += " in namespace `\(ns ?? "default")`; the Gateway is in `\(gw.namespace ?? "default")`"
                    }
                } else {
                    message += "; no Gateway has that name"
                }
                out.append(problem("\(route.name)-\(name)", file: route.path, line: line, message, fix: fix))
            }
        }
        return out
    }
}
