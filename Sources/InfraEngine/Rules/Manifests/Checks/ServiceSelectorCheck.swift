import Yams

/// A Service's selector must match the pod template labels of a workload in its namespace.
///
/// Kubernetes `ServiceSpec.selector`: "Route service traffic to pods with label keys and
/// values matching this selector" (every pair must be among the pod's labels). A selector
/// that matches no pod leaves the Service's EndpointSlices empty: the route resolves, yet
/// every request gets 503. The fix makes the Service select what the workload it meant (by
/// name, by a shared label value, or the only one) selects: the workload's own selector is
/// immutable once applied, so the Service follows it.
struct ServiceSelectorCheck: ManifestCheck {
    let id = "kubernetes.service.selector-matches-no-pods"
    let purpose = "A Service's selector is a subset of the pod template labels of a workload in its namespace."
    let condition = PredictedCondition(object: "EndpointSlice", type: nil, status: "", reason: "no endpoints; requests get no backend (503)")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let indexed = checker.layer.workloadIndex
        let workloads = indexed.items
        for svc in checker.layer.services {
            guard let selectorNode = svc["spec", "selector"], case let selector = selectorNode.stringPairs, !selector.isEmpty else { continue }
            func here(_ i: Int) -> Bool { ReferenceChecker.sameNamespace(workloads[i].object.namespace, svc.namespace) }
            if indexed.selected(by: selector).contains(where: here) { continue }
            // No workload matches: find the one the Service meant (by name, by a shared label
            // value, or the only one); only the last two walk the workloads.
            var meant = indexed.named(svc.name).first(where: here)
            if meant == nil {
                let matching = workloads.indices.filter(here)
                meant = matching.first(where: { i in workloads[i].labels.values.contains(where: { selector.values.contains($0) || $0.contains(svc.name) }) })
                    ?? (matching.count == 1 ? matching[0] : nil)
            }
            guard let index = meant else {
                out.append(problem(svc.name, file: svc.path, line: svc.line("spec", "selector"),
                                   "Service `\(svc.name)` selects \(ReferenceChecker.describe(selector)); no workload's pods carry those labels",
                                   severity: .warning))
                continue
            }
            let target = workloads[index].object
            let labels = target["spec", "selector", "matchLabels"]?.stringPairs ?? workloads[index].labels
            let ordered = labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            out.append(problem(svc.name, file: svc.path, line: svc.line("spec", "selector"),
                               "Service `\(svc.name)` selects \(ReferenceChecker.describe(selector)); the \(target.kind)'s pods are labelled "
                                   + "\(ReferenceChecker.describe(workloads[index].labels)) (\(target.path):\(target.line("spec", "template", "metadata", "labels")))",
                               fix: .selector(service: svc, labels: ordered)))
        }
        return out
    }
}
