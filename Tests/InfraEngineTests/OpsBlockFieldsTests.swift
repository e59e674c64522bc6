import Foundation
import Testing
@testable import InfraEngine
import InfraResources

/// The ops block's fields are defined once (`OpsBlock.requiredKeys` and its enums); the text
/// form, the plan JSON and the shipped JSON Schema are checked against that one list here, so
/// a field added in one place and not the others fails.
@Suite struct OpsBlockFieldsTests {
    let op = InfraEngine.Operation(
        ops: OpsBlock(id: "x-y", title: "T", group: .cluster, risk: .med, dependsOn: ["a-b"], preconditions: ["p"],
                      commands: ["c"], expectedOutputs: ["e"], rollback: ["r"]),
        rule: "rule", rationale: "why", findings: [], files: [FileTouch(path: "f", change: .modify)], patch: "", baseline: [], validation: [])

    @Test func textJSONAndSchemaNameTheSameFields() throws {
        // Text: every required key, in order.
        let text = OpsBlockText.render(op.ops)
        let keys = text.split(separator: "\n").compactMap { line -> String? in
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("-"), !line.hasPrefix(" "), !line.hasPrefix("`") else { return nil }
            return String(line[..<colon])
        }
        #expect(keys == OpsBlock.requiredKeys)
        // JSON: each required key under its JSON name.
        let json = try #require(try JSONSerialization.jsonObject(with: PlanJSON.encodeOperations([op])) as? [[String: Any]]).first
        for key in OpsBlock.requiredKeys { #expect(json?[OpsBlock.jsonKey(key)] != nil, "plan JSON lacks \(OpsBlock.jsonKey(key))") }
        // Schema: required, with the same enumerations.
        let url = try #require(InfraResources.planSchema)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        let operation = try #require(defs["operation"] as? [String: Any])
        let required = Set(operation["required"] as? [String] ?? [])
        for key in OpsBlock.requiredKeys { #expect(required.contains(OpsBlock.jsonKey(key)), "the schema does not require \(OpsBlock.jsonKey(key))") }
        let properties = try #require(operation["properties"] as? [String: Any])
        func enumeration(_ name: String) -> [String] { (properties[name] as? [String: Any])?["enum"] as? [String] ?? [] }
        #expect(enumeration("risk") == OpsBlock.Risk.allCases.map(\.rawValue))
        #expect(enumeration("group") == OpsBlock.Group.allCases.map(\.rawValue))
        #expect(enumeration("mode") == OpsBlock.Mode.allCases.map(\.rawValue))
    }

    @Test func oneGraphServesTheGateAndTheUI() throws {
        func op(_ id: String, _ deps: [String]) -> InfraEngine.Operation {
            InfraEngine.Operation(ops: OpsBlock(id: id, title: id, group: .local, risk: .low, dependsOn: deps, preconditions: [], commands: [],
                                    expectedOutputs: [], rollback: []),
                      rule: "r", rationale: "", findings: [], files: [], patch: "", baseline: [], validation: [])
        }
        let ops = [op("a", []), op("b", ["a"]), op("c", ["b"]), op("d", ["a"]), op("e", [])]
        let graph = OperationGraph(ops)
        #expect(graph.dependencies(of: "c") == ["a", "b"])
        #expect(graph.dependents(of: "a") == ["b", "c", "d"])
        #expect(graph.closure(of: ["c", "e"]) == ["a", "b", "c", "e"])
        #expect(graph.dependingOn { $0 == "b" } == ["c"])
        var gate = ApprovalGate(plan: Plan(repo: "/r", infraDir: "ai/infra", operations: ops, findings: []))
        try gate.set("a", .rejected)
        #expect(gate.blockers(of: "c") == ["a"] && gate.dependents(of: "a") == graph.dependents(of: "a"))
    }
}
