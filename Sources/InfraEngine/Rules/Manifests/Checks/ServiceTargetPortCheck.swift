import Yams

/// A Service's named `targetPort` must be the name of a container port of the pods it selects.
///
/// Kubernetes `ServicePort.targetPort`: a number, or "the name of a port in the backend Pods'
/// container ports". A name no container declares leaves the EndpointSlice without a port
/// for it, so the route resolves (`ResolvedRefs=True`) yet has no endpoint to send to. A
/// number needs no declaration (a container may listen on a port it does not list), so only
/// names are checked.
struct ServiceTargetPortCheck: ManifestCheck {
    let id = "kubernetes.service.target-port"
    let purpose = "A Service's named targetPort is declared as a container port by the pods its selector matches."
    var layerOnly: Bool { true }
    let condition = PredictedCondition(object: "EndpointSlice", type: nil, status: "",
                                       reason: "no port for the Service port; requests get no backend (503)")

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let index = checker.layer.workloadIndex
        for svc in checker.layer.services {
            let selector = svc["spec", "selector"]?.stringPairs ?? [:]
            let pods = index.selected(by: selector).map { index.items[$0].object }
                .filter { ReferenceChecker.sameNamespace($0.namespace, svc.namespace) }
            // A Service that selects nothing is the selector check's finding, not this one's.
            guard !selector.isEmpty, !pods.isEmpty else { continue }
            let declared = pods.flatMap(Self.containerPorts)
            for port in svc["spec", "ports"]?.items ?? [] {
                guard let node = port.child("targetPort"), node.int == nil, let name = node.string,
                      !declared.contains(where: { $0.name == name }) else { continue }
                var candidates: [(name: String?, number: Int)] = []
                for d in declared where !candidates.contains(where: { $0.name == d.name && $0.number == d.number }) { candidates.append(d) }
                let listed = candidates.map { c in c.name.map { "`\($0)` (\(c.number))" } ?? "\(c.number)" }
                let line = node.mark?.line ?? svc.line
                var message = "Service `\(svc.name)`: no container port of the pods behind its selector is called `\(name)`"
                message += candidates.isEmpty ? "; they declare no ports" : ". They declare \(listed.joined(separator: ", "))"
                // The one port the pods declare is the one meant; its name keeps the intent
                // (probes and other Services may use it), else its number.
                let fix: ManifestFix? = candidates.count == 1
                    ? .scalar(path: svc.path, line: line, old: name, new: candidates[0].name ?? String(candidates[0].number)) : nil
                out.append(problem("\(svc.name)-\(name)", file: svc.path, line: line, message, fix: fix))
            }
        }
        return out
    }

    /// `(name, containerPort)` of every container (init containers serve no traffic).
    static func containerPorts(_ workload: ManifestObject) -> [(name: String?, number: Int)] {
        (workload["spec", "template", "spec", "containers"]?.items ?? []).flatMap { c in
            (c.child("ports")?.items ?? []).compactMap { p in
                p.child("containerPort")?.int.map { (p.child("name")?.string, $0) }
            }
        }
    }
}
