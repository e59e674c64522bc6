import Yams

/// Objects with no namespace whose references only hold inside the Gateway's namespace get
/// it written down: the route (a parentRef without namespace), the Services it sends to,
/// their workloads, and the Certificate whose Secret the Gateway reads.
///
/// Gateway API v1, `ParentReference.namespace` and `BackendRef.namespace` default to the
/// route's own namespace; `certificateRefs` to the Gateway's. An object without
/// `metadata.namespace` lands wherever it is applied (`default`, unless `-n` says otherwise),
/// and there every one of those references misses. Informational: the layer may rely on a
/// `-n` that a person always types.
struct NamespaceFollowsGatewayCheck: ManifestCheck {
    let id = "kubernetes.object.namespace-follows-gateway"
    let purpose = "An object whose references only resolve in the Gateway's namespace names that namespace itself."
    let condition = PredictedCondition(object: "HTTPRoute", type: "Accepted", status: "False",
                                       reason: "NoMatchingParent when applied to another namespace than the Gateway's")
    var layerOnly: Bool { false }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        var done: Set<String> = []
        let layer = checker.layer
        func require(_ obj: ManifestObject, _ ns: String, because: String) {
            guard obj.namespace == nil, done.insert("\(obj.kind)/\(obj.name)").inserted else { return }
            let appliedWith = checker.applies.first { $0.files.contains(obj.path) && $0.command.words.contains { $0.literal == "-n" || $0.literal == "--namespace" } }
            var message = "\(obj.label) has no namespace; \(because), so it must live in `\(ns)`"
            if let a = appliedWith { message += " (only `-n` at \(a.task.path):\(a.command.startLine) puts it there; built from the layer it lands in `default`)" }
            out.append(problem("\(obj.kind.lowercased())-\(obj.name)", file: obj.path, line: obj.line("metadata", "name"), message,
                               severity: .info, fix: .namespace(object: obj, namespace: ns)))
        }
        let workloads = layer.workloadIndex
        for route in layer.routes {
            let refs = route["spec", "parentRefs"]?.items ?? []
            guard let gw = refs.lazy.compactMap({ ref in (ref.child("name")?.string).flatMap { checker.gateway(named: $0, namespace: ref.child("namespace")?.string) ?? (checker.onlyGateway?.name == $0 || ref.child("namespace") == nil ? checker.onlyGateway : nil) } }).first,
                  let ns = gw.namespace, refs.allSatisfy({ $0.child("namespace") == nil }) else { continue }
            require(route, ns, because: "it attaches to Gateway `\(gw.name)` without naming a namespace")
            let routeNS = route.namespace ?? ns
            for backend in (route["spec", "rules"]?.items ?? []).flatMap({ $0.child("backendRefs")?.items ?? [] }) where backend.child("namespace") == nil {
                guard let name = backend.child("name")?.string else { continue }
                for svc in checker.servicesByName[name, default: []] {
                    require(svc, routeNS, because: "HTTPRoute `\(route.name)` sends to it without naming a namespace")
                    let selector = svc["spec", "selector"]?.stringPairs ?? [:]
                    let chosen = workloads.items.count == 1 ? [0] : Set(workloads.named(svc.name) + workloads.selected(by: selector)).sorted()
                    for i in chosen {
                        require(workloads.items[i].object, routeNS, because: "Service `\(svc.name)` selects its pods")
                    }
                }
            }
        }
        for gw in layer.gateways {
            guard let ns = gw.namespace else { continue }
            let secrets = Set((gw["spec", "listeners"]?.items ?? []).flatMap { $0.at(["tls", "certificateRefs"])?.items ?? [] }.compactMap { $0.child("name")?.string })
            for cert in layer.certificates where secrets.contains(cert["spec", "secretName"]?.string ?? "") {
                require(cert, ns, because: "Gateway `\(gw.name)` reads its Secret from its own namespace")
            }
        }
        return out
    }
}
