import Yams

/// Route, solver and namespace references: traffic reaches the backend only when the route
/// attaches to a real Gateway and names a port the Service listens on.
extension ReferenceChecker {
    /// The Gateway a parentRef names, or nil.
    func gateway(named name: String, namespace: String?) -> ManifestObject? {
        layer.gateways.first { $0.name == name && Self.sameNamespace($0.namespace, namespace) }
    }

    /// The only Gateway a wrong reference can have meant.
    var onlyGateway: ManifestObject? { layer.gateways.count == 1 ? layer.gateways[0] : nil }

    func routes() -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for route in layer.routes {
            for ref in route["spec", "parentRefs"]?.items ?? [] {
                guard (ref.child("kind")?.string ?? "Gateway") == "Gateway", let name = ref.child("name")?.string else { continue }
                let ns = ref.child("namespace")?.string ?? route.namespace
                guard gateway(named: name, namespace: ns) == nil else { continue }
                let line = ref.child("name")?.mark?.line ?? route.line
                var message = "HTTPRoute `\(route.name)` attaches to `\(name)`"
                var fix: ManifestFix?
                if let gw = onlyGateway {
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
                out.append(ManifestProblem(key: "parent-\(route.name)-\(name)", file: route.path, line: line,
                                           message: message, severity: .error, fix: fix))
            }
            for rule in route["spec", "rules"]?.items ?? [] {
                for backend in rule.child("backendRefs")?.items ?? [] {
                    guard (backend.child("kind")?.string ?? "Service") == "Service", let name = backend.child("name")?.string else { continue }
                    let ns = backend.child("namespace")?.string ?? route.namespace
                    guard let svc = servicesByName[name, default: []].first(where: { Self.sameNamespace($0.namespace, ns) }) else {
                        out.append(ManifestProblem(key: "backend-\(route.name)-\(name)", file: route.path,
                                                   line: backend.child("name")?.mark?.line ?? route.line,
                                                   message: "HTTPRoute `\(route.name)` sends to Service `\(name)`; no manifest defines it"))
                        continue
                    }
                    guard let portNode = backend.child("port"), let port = portNode.int else { continue }
                    let ports = svc["spec", "ports"]?.items ?? []
                    let numbers = ports.compactMap { $0.child("port")?.int }
                    guard !numbers.contains(port) else { continue }
                    // The Service port that forwards to what the route meant, else the only one.
                    let meant = ports.first { $0.child("targetPort")?.int == port }?.child("port")?.int
                        ?? ports.first { $0.child("name")?.string == "http" }?.child("port")?.int
                        ?? (numbers.count == 1 ? numbers[0] : nil)
                    let line = portNode.mark?.line ?? route.line
                    out.append(ManifestProblem(
                        key: "backend-port-\(route.name)-\(name)", file: route.path, line: line,
                        message: "HTTPRoute `\(route.name)` sends to port \(port); Service `\(name)` listens on "
                            + "\(numbers.map(String.init).joined(separator: ", ")) (\(svc.path):\(svc.line("spec", "ports")))",
                        severity: .error,
                        fix: meant.map { .scalar(path: route.path, line: line, old: String(port), new: String($0)) }))
                }
            }
        }
        return out
    }

    /// ACME HTTP-01 through a Gateway: the challenge comes in over plain HTTP on port 80.
    func solvers() -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for issuer in layer.issuers {
            for solver in issuer["spec", "acme", "solvers"]?.items ?? [] {
                for ref in solver.at(["http01", "gatewayHTTPRoute", "parentRefs"])?.items ?? [] {
                    guard let name = ref.child("name")?.string else { continue }
                    let ns = ref.child("namespace")?.string ?? (issuer.kind == "Issuer" ? issuer.namespace : nil)
                    let line = ref.child("name")?.mark?.line ?? issuer.line
                    guard let gw = gateway(named: name, namespace: ns) else {
                        let fix: ManifestFix? = onlyGateway.flatMap { $0.name != name ? .scalar(path: issuer.path, line: line, old: name, new: $0.name) : nil }
                        out.append(ManifestProblem(key: "solver-gateway-\(issuer.name)", file: issuer.path, line: line,
                                                   message: "\(issuer.label) solves HTTP-01 through Gateway `\(name)`; no Gateway has that name",
                                                   severity: .error, fix: fix))
                        continue
                    }
                    let listeners = gw["spec", "listeners"]?.items ?? []
                    if listeners.contains(where: { $0.child("protocol")?.string == "HTTP" && $0.child("port")?.int == 80 }) { continue }
                    let hosts = listeners.compactMap { $0.child("hostname")?.string }
                    out.append(ManifestProblem(
                        key: "solver-listener-\(issuer.name)", file: issuer.path, line: line,
                        message: "\(issuer.label) solves HTTP-01 through Gateway `\(gw.name)`, which has no HTTP (port 80) listener "
                            + "(\(gw.path):\(gw.line("spec", "listeners"))); the ACME challenge cannot reach it",
                        severity: .error, fix: .httpListener(gateway: gw, hostnames: Array(Set(hosts)).sorted())))
                }
            }
        }
        return out
    }

    /// Objects with no namespace whose references only hold inside the Gateway's namespace:
    /// the route (parentRef without namespace), its Services, their workloads, and the
    /// Certificate whose Secret the Gateway reads.
    func namespaces() -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        var done: Set<String> = []
        func require(_ obj: ManifestObject, _ ns: String, because: String) {
            guard obj.namespace == nil, done.insert("\(obj.kind)/\(obj.name)").inserted else { return }
            let appliedWith = applies.first { $0.files.contains(obj.path) && $0.command.words.contains { $0.literal == "-n" || $0.literal == "--namespace" } }
            var message = "\(obj.label) has no namespace; \(because), so it must live in `\(ns)`"
            if let a = appliedWith { message += " (only `-n` at \(a.task.path):\(a.command.startLine) puts it there; built from the layer it lands in `default`)" }
            out.append(ManifestProblem(key: "namespace-\(obj.kind.lowercased())-\(obj.name)", file: obj.path, line: obj.line("metadata", "name"),
                                       message: message, severity: .info, fix: .namespace(object: obj, namespace: ns)))
        }
        let workloads = WorkloadIndex(layer.workloads)
        for route in layer.routes {
            let refs = route["spec", "parentRefs"]?.items ?? []
            guard let gw = refs.lazy.compactMap({ ref in (ref.child("name")?.string).flatMap { self.gateway(named: $0, namespace: ref.child("namespace")?.string) ?? (self.onlyGateway?.name == $0 || ref.child("namespace") == nil ? self.onlyGateway : nil) } }).first,
                  let ns = gw.namespace, refs.allSatisfy({ $0.child("namespace") == nil }) else { continue }
            require(route, ns, because: "it attaches to Gateway `\(gw.name)` without naming a namespace")
            let routeNS = route.namespace ?? ns
            for backend in (route["spec", "rules"]?.items ?? []).flatMap({ $0.child("backendRefs")?.items ?? [] }) where backend.child("namespace") == nil {
                guard let name = backend.child("name")?.string else { continue }
                for svc in servicesByName[name, default: []] {
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
