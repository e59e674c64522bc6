/// The layer's workloads with their pod labels, looked up by label and by name: the checks
/// ask "which workloads does this Service select" once per Service or route, and walking
/// every workload for each was quadratic on a layer of thousands.
struct WorkloadIndex {
    let items: [(object: ManifestObject, labels: [String: String])]
    private let byLabel: [String: [Int]]
    private let byName: [String: [Int]]

    init(_ workloads: [ManifestObject]) {
        items = workloads.map { ($0, $0.podLabels) }
        var byLabel: [String: [Int]] = [:]
        var byName: [String: [Int]] = [:]
        for (i, w) in items.enumerated() {
            for (k, v) in w.labels { byLabel["\(k)=\(v)", default: []].append(i) }
            byName[w.object.name, default: []].append(i)
        }
        self.byLabel = byLabel
        self.byName = byName
    }

    /// Indices (ascending) of the workloads whose pods carry every label of `selector`.
    func selected(by selector: [String: String]) -> [Int] {
        guard let first = selector.min(by: { $0.key < $1.key }) else { return [] }
        return byLabel["\(first.key)=\(first.value)", default: []].filter { i in
            selector.allSatisfy { items[i].labels[$0.key] == $0.value }
        }
    }

    func named(_ name: String) -> [Int] { byName[name, default: []] }
}
