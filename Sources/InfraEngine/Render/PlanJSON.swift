import Foundation

/// The machine form of a plan (`plan --format json`, `plan --out`, `ops.json`). Keys are
/// sorted so the same plan always serialises to the same bytes.
public enum PlanJSON {
    struct Document: Codable {
        var schemaVersion: Int
        var repo: String
        var infraDir: String
        var operations: [OperationJSON]
        var findings: [Finding]
        var notes: [String]
    }

    struct ExtraField: Codable, Equatable {
        var key: String
        var value: String?
        var items: [String]?
    }

    struct OperationJSON: Codable {
        var id: String
        var title: String
        var mode: String
        var group: String
        var risk: String
        var rule: String
        var rationale: String
        var findings: [String]
        var preconditions: [String]
        var commands: [String]
        var expectedOutputs: [String]
        var rollback: [String]
        var dependsOn: [String]
        var files: [FileTouch]
        var patch: String
        var baseline: [FileBaseline]
        var validation: [ValidationResult]
        var rehearsal: OperationRehearsal?
        var extraFields: [ExtraField]?

        init(_ op: Operation) {
            id = op.id
            title = op.ops.title
            mode = op.ops.mode
            group = op.ops.group
            risk = op.ops.risk
            rule = op.rule
            rationale = op.rationale
            findings = op.findings
            preconditions = op.ops.preconditions
            commands = op.ops.commands
            expectedOutputs = op.ops.expectedOutputs
            rollback = op.ops.rollback
            dependsOn = op.ops.dependsOn
            files = op.files
            patch = op.patch
            baseline = op.baseline
            validation = op.validation
            rehearsal = op.rehearsal
            let extras = op.ops.extraFields.map { field -> ExtraField in
                switch field.value {
                case .scalar(let s): return ExtraField(key: field.key, value: s, items: nil)
                case .block(let lines): return ExtraField(key: field.key, value: lines.joined(separator: "\n"), items: nil)
                case .list(let items): return ExtraField(key: field.key, value: nil, items: items)
                }
            }
            extraFields = extras.isEmpty ? nil : extras
        }

        var operation: Operation {
            var ops = OpsBlock(id: id, title: title, group: .local, risk: .low, dependsOn: dependsOn,
                               preconditions: preconditions, commands: commands, expectedOutputs: expectedOutputs,
                               rollback: rollback)
            ops["Mode"] = .scalar(mode)
            ops["Group"] = .scalar(group)
            ops["Risk"] = .scalar(risk)
            for extra in extraFields ?? [] {
                if let items = extra.items { ops[extra.key] = .list(items) }
                else if let value = extra.value {
                    ops[extra.key] = value.contains("\n") ? .block(value.components(separatedBy: "\n")) : .scalar(value)
                }
            }
            var op = Operation(ops: ops, rule: rule, rationale: rationale, findings: findings, files: files,
                               patch: patch, baseline: baseline, validation: validation)
            op.rehearsal = rehearsal
            return op
        }
    }

    public static func encode(_ plan: Plan) -> Data {
        let doc = Document(schemaVersion: Plan.schemaVersion, repo: plan.repo, infraDir: plan.infraDir,
                           operations: plan.operations.map(OperationJSON.init), findings: plan.findings, notes: plan.notes)
        return encode(doc)
    }

    public static func encodeOperations(_ operations: [Operation]) -> Data {
        encode(operations.map(OperationJSON.init))
    }

    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    /// Reads a saved plan (`plan --out`).
    public static func decode(_ data: Data) throws(EngineError) -> Plan {
        let doc: Document
        do {
            doc = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw .usage("not a plan file: \(Self.describe(error))")
        }
        guard doc.schemaVersion == Plan.schemaVersion else {
            throw .usage("plan file has schemaVersion \(doc.schemaVersion); this infra-tui reads \(Plan.schemaVersion)")
        }
        return Plan(repo: doc.repo, infraDir: doc.infraDir, operations: doc.operations.map(\.operation),
                    findings: doc.findings, notes: doc.notes)
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let ctx):
            return "missing key '\(key.stringValue)'\(path(ctx.codingPath))"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx):
            return "wrong type\(path(ctx.codingPath))"
        case DecodingError.dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "invalid JSON" : "invalid value\(path(ctx.codingPath))"
        default:
            return "unreadable"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "" : " at " + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
