/// The dependency graph of a series of operations (each `DependsOn` an edge to an earlier
/// operation), indexed once: the one graph the approval gate, the writer's refusals, the
/// UI's blocked marks and its "needed by" lists all read, so they cannot disagree.
/// Walks are iterative (a chain of thousands of operations does not recurse) and answers come
/// in plan order. A dependency naming no operation in the series is kept as an edge but
/// leads nowhere.
public struct OperationGraph: Sendable, Equatable {
    /// Operation ids in plan order.
    public let order: [String]
    /// Direct dependencies and direct dependents, by id.
    public let dependsOn: [String: [String]]
    public let neededBy: [String: [String]]

    /// - Parameter operations: the series as it stands (edits included), in plan order.
    public init(_ operations: [Operation]) {
        var order: [String] = []
        var dependsOn: [String: [String]] = [:]
        var neededBy: [String: [String]] = [:]
        for op in operations {
            order.append(op.id)
            dependsOn[op.id] = op.dependsOn
            for dep in op.dependsOn { neededBy[dep, default: []].append(op.id) }
        }
        (self.order, self.dependsOn, self.neededBy) = (order, dependsOn, neededBy)
    }

    /// Every operation `id` depends on, directly or not, in plan order.
    public func dependencies(of id: String) -> [String] { walk(from: [id], along: dependsOn) }

    /// Every operation that depends on `id`, directly or not, in plan order.
    public func dependents(of id: String) -> [String] { walk(from: [id], along: neededBy) }

    /// `ids` and everything they depend on, in plan order: what must be accepted with them.
    public func closure(of ids: [String]) -> [String] {
        let deps = Set(walk(from: ids, along: dependsOn)).union(ids)
        return order.filter(deps.contains)
    }

    /// Every operation with a dependency (direct or not) for which `hit` holds (a rejected
    /// one: these are blocked), in one memoised pass.
    public func dependingOn(where hit: (String) -> Bool) -> Set<String> {
        var memo: [String: Bool] = [:]
        func visit(_ id: String) -> Bool {
            if let known = memo[id] { return known }
            memo[id] = false  // a cycle (never planned) ends here rather than looping
            var found = false
            for dep in dependsOn[id] ?? [] where hit(dep) || visit(dep) { found = true; break }
            memo[id] = found
            return found
        }
        return Set(order.filter(visit))
    }

    private func walk(from ids: [String], along edges: [String: [String]]) -> [String] {
        var seen: Set<String> = []
        var frontier = ids.flatMap { edges[$0] ?? [] }
        while let next = frontier.popLast() {
            guard seen.insert(next).inserted else { continue }
            frontier += edges[next] ?? []
        }
        return order.filter(seen.contains)
    }
}

extension ApprovalGate {
    /// The graph of the operations as they will be written (edits included).
    public var graph: OperationGraph { OperationGraph(plan.operations.compactMap { effective($0.id) }) }

    /// Rejected operations that `id` depends on, directly or not: while there are any, `id`
    /// is blocked, since its patch is written on top of theirs.
    public func blockers(of id: String) -> [String] {
        graph.dependencies(of: id).filter { decision($0) == .rejected }
    }

    /// Every dependency of `id`, directly or not, in plan order.
    public func allDependencies(of id: String) -> [String] { graph.dependencies(of: id) }

    /// Operations that (directly or not) depend on `id`, in plan order.
    public func dependents(of id: String) -> [String] { graph.dependents(of: id) }
}
