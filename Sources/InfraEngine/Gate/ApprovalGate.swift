/// The decisions a person takes on a plan's operations. Only accepted operations are ever
/// written or exported; an edit replaces an operation's patch or ops block once it has been
/// re-validated. The UI changes one decision at a time; the command line sets them all at once.
public struct ApprovalGate: Sendable, Equatable {
    public enum Decision: String, Sendable, Codable, Equatable { case pending, accepted, rejected }

    public let plan: Plan
    public private(set) var decisions: [String: Decision]
    /// Operations the person edited (patch or ops block), by id.
    public private(set) var edits: [String: Operation]

    public init(plan: Plan) {
        self.plan = plan
        decisions = Dictionary(uniqueKeysWithValues: plan.operations.map { ($0.id, .pending) })
        edits = [:]
    }

    public func decision(_ id: String) -> Decision { decisions[id] ?? .pending }

    /// The operation as it will be written: the person's edit when there is one.
    public func effective(_ id: String) -> Operation? { edits[id] ?? plan.operation(id) }

    public var accepted: [Operation] {
        plan.operations.filter { decision($0.id) == .accepted }.compactMap { effective($0.id) }
    }

    /// Dependencies of `id` that are not accepted.
    public func unmetDependencies(of id: String) -> [String] {
        (effective(id)?.dependsOn ?? []).filter { decision($0) != .accepted }
    }

    public mutating func set(_ id: String, _ decision: Decision) throws(EngineError) {
        guard plan.operation(id) != nil else { throw .usage("no operation '\(id)' in the plan") }
        decisions[id] = decision
    }

    public mutating func recordEdit(_ operation: Operation) throws(EngineError) {
        guard plan.operation(operation.id) != nil else { throw .failed("an edit may not change the operation's Id (\(operation.id))") }
        edits[operation.id] = operation
    }

    public mutating func discardEdit(_ id: String) { edits[id] = nil }

    /// Applies `--accept IDS|all` and `--reject IDS`, then checks every accepted operation's
    /// dependencies are accepted too.
    public mutating func decide(accept: [String], reject: [String]) throws(EngineError) {
        let all = plan.operations.map(\.id)
        let known = Set(all), accepting = Set(accept), rejecting = Set(reject)
        let acceptAll = accepting.contains("all")
        for id in accept where id != "all" && !known.contains(id) { throw .usage("--accept names '\(id)', which is not in the plan (ids: \(all.joined(separator: ", ")))") }
        for id in reject where id != "all" && !known.contains(id) { throw .usage("--reject names '\(id)', which is not in the plan") }
        let rejectAll = rejecting.contains("all")
        for id in all {
            if rejectAll || rejecting.contains(id) { decisions[id] = .rejected }
            else if acceptAll || accepting.contains(id) { decisions[id] = .accepted }
        }
        try checkDependencies()
    }

    public func checkDependencies() throws(EngineError) {
        for op in accepted {
            if let missing = unmetDependencies(of: op.id).first {
                throw .usage("'\(op.id)' depends on '\(missing)', which is not accepted: accept both or neither")
            }
        }
    }

    public var counts: (pending: Int, accepted: Int, rejected: Int, edited: Int) {
        var p = 0, a = 0, r = 0
        for op in plan.operations {
            switch decision(op.id) { case .pending: p += 1; case .accepted: a += 1; case .rejected: r += 1 }
        }
        return (p, a, r, edits.count)
    }
}
