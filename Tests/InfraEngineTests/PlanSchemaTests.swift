import Foundation
import Testing
@testable import InfraEngine
import InfraResources

/// The JSON the tool prints is what the shipped JSON Schema says, checked by an independent
/// validator (Python's jsonschema, which .ci/run installs).
@Suite struct PlanSchemaTests {
    static let validator = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        doc = json.load(open(sys.argv[2]))
        if sys.argv[3] == "operations":
            schema = {"$defs": schema["$defs"], "type": "array", "items": {"$ref": "#/$defs/operation"}}
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
        for e in errors[:5]:
            print("/".join(map(str, e.absolute_path)), e.message)
        sys.exit(1 if errors else 0)
        """

    func validate(_ data: Data, as kind: String) throws -> Run.Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = dir.appendingPathComponent("doc.json")
        try data.write(to: doc)
        let schema = try #require(InfraResources.planSchema)
        let python = try #require(Run.which("python3"), "python3 is needed to check the schema")
        return try Run.command(python, ["-c", Self.validator, schema.path, doc.path, kind])
    }

    @Test func planOutputMatchesTheSchema() throws {
        let repo = try TestRepo()
        let out = try Run.tui(["plan", "--repo", repo.root.path, "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let check = try validate(Data(out.stdout.utf8), as: "plan")
        #expect(check.status == 0, "schema violations:\n\(check.stdout)\(check.stderr)")
        #expect(out.stdout.contains("\"validation\""))
    }

    @Test func exportedOpsJSONMatchesTheSchema() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let check = try validate(PlanJSON.encodeOperations(plan.operations), as: "operations")
        #expect(check.status == 0, "schema violations:\n\(check.stdout)\(check.stderr)")
    }

    @Test func aBrokenDocumentIsRejected() throws {
        let check = try validate(Data(#"{"schemaVersion": 2, "repo": 1}"#.utf8), as: "plan")
        #expect(check.status == 1)
    }

    @Test func savedPlanRoundTrips() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let decoded = try PlanJSON.decode(PlanJSON.encode(plan))
        #expect(decoded == plan)
    }
}
