import InfraEngine

/// The engine's `OperationGraph` of the operations as they stand (edits included), indexed
/// once per plan or accepted edit, so the queue's blocked marks, the status line's count and
/// the info view's "Needed by" cost one pass per frame; the gate reads the same graph.
public struct DependencyIndex: Sendable, Equatable {
    public let graph: OperationGraph

    init(_ gate: ApprovalGate) { graph = gate.graph }

    /// Every operation with a rejected dependency, directly or not.
    public func dependOnRejected(_ gate: ApprovalGate) -> Set<String> {
        graph.dependingOn { gate.decision($0) == .rejected }
    }

    /// The rejected operations `id` depends on, directly or not, in plan order.
    public func blockers(of id: String, _ gate: ApprovalGate) -> [String] {
        graph.dependencies(of: id).filter { gate.decision($0) == .rejected }
    }

    /// Operations that depend on `id`, directly or not, in plan order.
    public func dependents(of id: String) -> [String] { graph.dependents(of: id) }
}
