import InfraEngine

/// The dependency graph of the operations as they stand (edits included), indexed once per
/// plan or accepted edit. The queue's blocked marks, the status line's count and the info
/// view's "Needed by" then cost one pass over the operations per frame, not a scan of the
/// plan per dependency (which grows with the square, or worse, of a long chain).
public struct DependencyIndex: Sendable, Equatable {
    /// Operation ids in plan order.
    let order: [String]
    /// Direct dependencies and direct dependents, by id.
    let dependsOn: [String: [String]]
    let neededBy: [String: [String]]

    init(_ gate: ApprovalGate) {
        var order: [String] = []
        var dependsOn: [String: [String]] = [:]
        var neededBy: [String: [String]] = [:]
        for op in gate.plan.operations {
            let deps = (gate.edits[op.id] ?? op).dependsOn
            order.append(op.id)
            dependsOn[op.id] = deps
            for dep in deps { neededBy[dep, default: []].append(op.id) }
        }
        (self.order, self.dependsOn, self.neededBy) = (order, dependsOn, neededBy)
    }

    /// Every operation with a rejected dependency, directly or not (what `ApprovalGate.blockers`
    /// finds one operation at a time), in one memoised walk.
    public func dependOnRejected(_ gate: ApprovalGate) -> Set<String> {
        var memo: [String: Bool] = [:]
        func visit(_ id: String) -> Bool {
            if let known = memo[id] { return known }
            memo[id] = false  // a cycle (never planned) ends here rather than looping
            var hit = false
            for dep in dependsOn[id] ?? [] where gate.decision(dep) == .rejected || visit(dep) { hit = true; break }
            memo[id] = hit
            return hit
        }
        return Set(order.filter(visit))
    }

    /// The rejected operations `id` depends on, directly or not, in plan order.
    public func blockers(of id: String, _ gate: ApprovalGate) -> [String] {
        walk(from: id, along: dependsOn).filter { gate.decision($0) == .rejected }
    }

    /// Operations that depend on `id`, directly or not, in plan order.
    public func dependents(of id: String) -> [String] { walk(from: id, along: neededBy) }

    private func walk(from id: String, along edges: [String: [String]]) -> [String] {
        var seen: Set<String> = []
        var frontier = edges[id] ?? []
        while let next = frontier.popLast() {
            guard seen.insert(next).inserted else { continue }
            frontier += edges[next] ?? []
        }
        return order.filter(seen.contains)
    }
}
