/// The reviewable description of an operation: what it does, its risk, what a person runs
/// afterwards, what they should see, and how to undo it. Fields keep their order and unknown
/// keys (other tools add `TargetAgent:` and `Prompt:`) survive a parse/render round trip.
public struct OpsBlock: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case scalar(String)
        case list([String])
        /// A `Key: |` block of indented lines (kept for other tools' multi-line fields).
        case block([String])
    }

    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: Value
        public init(key: String, value: Value) { self.key = key; self.value = value }
    }

    public enum Risk: String, Sendable, Codable, CaseIterable { case low = "LOW", med = "MED", high = "HIGH" }
    public enum Group: String, Sendable, Codable, CaseIterable { case local, cluster, cloud, external }
    public enum Mode: String, Sendable, Codable, CaseIterable { case implement, review, test }

    /// The keys every block carries, in the order they are rendered.
    public static let requiredKeys = ["Id", "Title", "Mode", "Group", "Risk", "DependsOn", "Preconditions",
                                      "Commands", "ExpectedOutputs", "Rollback"]
    static let listKeys: Set<String> = ["DependsOn", "Preconditions", "Commands", "ExpectedOutputs", "Rollback"]

    /// The JSON name of a text key (`ExpectedOutputs` -> `expectedOutputs`): plan JSON, ops.json
    /// and the schema use these for `requiredKeys` (OpsBlockFieldsTests holds all three to it).
    public static func jsonKey(_ key: String) -> String { key.prefix(1).lowercased() + key.dropFirst() }

    public var fields: [Field]

    public init(fields: [Field]) { self.fields = fields }

    public init(id: String, title: String, mode: Mode = .implement, group: Group, risk: Risk,
                dependsOn: [String] = [], preconditions: [String], commands: [String],
                expectedOutputs: [String], rollback: [String]) {
        fields = [
            Field(key: "Id", value: .scalar(id)),
            Field(key: "Title", value: .scalar(title)),
            Field(key: "Mode", value: .scalar(mode.rawValue)),
            Field(key: "Group", value: .scalar(group.rawValue)),
            Field(key: "Risk", value: .scalar(risk.rawValue)),
            Field(key: "DependsOn", value: .list(dependsOn)),
            Field(key: "Preconditions", value: .list(preconditions)),
            Field(key: "Commands", value: .list(commands)),
            Field(key: "ExpectedOutputs", value: .list(expectedOutputs)),
            Field(key: "Rollback", value: .list(rollback)),
        ]
    }

    public subscript(key: String) -> Value? {
        get { fields.first { $0.key == key }?.value }
        set {
            if let i = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append(Field(key: key, value: newValue))
            }
        }
    }

    public func scalar(_ key: String) -> String {
        switch self[key] {
        case .scalar(let s): return s
        case .block(let lines): return lines.joined(separator: "\n")
        case .list(let items): return items.joined(separator: ", ")
        case nil: return ""
        }
    }

    public func list(_ key: String) -> [String] {
        switch self[key] {
        case .list(let items): return items
        case .scalar(let s): return s.isEmpty ? [] : [s]
        case .block(let lines): return lines
        case nil: return []
        }
    }

    public var id: String { scalar("Id") }
    public var title: String { scalar("Title") }
    public var mode: String { scalar("Mode") }
    public var group: String { scalar("Group") }
    public var risk: String { scalar("Risk") }
    public var dependsOn: [String] {
        get { list("DependsOn") }
        set { self["DependsOn"] = .list(newValue) }
    }
    public var preconditions: [String] { list("Preconditions") }
    public var commands: [String] { list("Commands") }
    public var expectedOutputs: [String] { list("ExpectedOutputs") }
    public var rollback: [String] { list("Rollback") }
    /// Fields other tools added, in their order.
    public var extraFields: [Field] { fields.filter { !Self.requiredKeys.contains($0.key) } }

    /// Problems that make the block unusable as an operation's description.
    public func problems() -> [String] {
        var out: [String] = []
        for key in Self.requiredKeys where self[key] == nil { out.append("missing field \(key)") }
        if !id.isEmpty, !OperationID.isValid(id) { out.append("Id '\(id)' is not a slug (a-z, 0-9, -)") }
        if self["Title"] != nil, title.trimmingWhitespace().isEmpty { out.append("Title is empty") }
        if self["Mode"] != nil, Mode(rawValue: mode) == nil {
            out.append("Mode '\(mode)' is not one of \(Mode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if self["Group"] != nil, Group(rawValue: group) == nil {
            out.append("Group '\(group)' is not one of \(Group.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if self["Risk"] != nil, Risk(rawValue: risk) == nil { out.append("Risk '\(risk)' is not one of LOW, MED, HIGH") }
        for key in Self.listKeys where key != "DependsOn" {
            if case .scalar = self[key] { out.append("\(key) must be a list of '- ' items") }
        }
        return out
    }
}

import Foundation
