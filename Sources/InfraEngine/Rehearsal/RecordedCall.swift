import Foundation

/// One call a script made to a double, as `calls.jsonl` records it (the doubles' contract:
/// one JSON object a line). Read leniently: a field of another type or missing is nil.
public struct RecordedCall: Sendable, Equatable, Codable {
    public var seq: Int
    public var run: String
    public var tool: String
    public var args: [String]
    /// create, delete, apply, read, probe, other or unmodelled.
    public var kind: String
    public var rc: Int
    /// The task or script that made the call, relative to the tree.
    public var script: String?
    /// What the call names (`compute networks demo/global/net`), when the double models it.
    public var resource: String?
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case seq, run, tool, args, kind = "class", rc, script, resource, message
    }

    /// Creates, applies and deletes: what changes the cloud or the cluster.
    public var isMutating: Bool { ["create", "apply", "delete"].contains(kind) }

    /// The command line as a person would send it.
    public var commandLine: String {
        ([tool] + args).map { word in
            word.isEmpty || word.contains(where: { " \t\n'\"$`\\|&;<>()*?[]{}#~".contains($0) }) ? shellQuote(word) : word
        }.joined(separator: " ")
    }

    /// What two runs compare: the resource when the double names one, else the command line.
    public var identity: String { resource.map { "\(tool) \($0)" } ?? commandLine }

    /// Every call in `state/calls.jsonl`, in order; lines that do not parse are left out.
    public static func read(folder: URL) -> [RecordedCall] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("calls.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            func string(_ key: String) -> String? {
                if let s = object[key] as? String { return s }
                if let n = object[key] as? NSNumber { return n.stringValue }
                return nil
            }
            return RecordedCall(seq: (object["seq"] as? NSNumber)?.intValue ?? 0, run: string("run") ?? "",
                                tool: string("tool") ?? "?", args: (object["args"] as? [Any])?.map { "\($0)" } ?? [],
                                kind: string("class") ?? "other", rc: (object["rc"] as? NSNumber)?.intValue ?? 0,
                                script: string("script"), resource: string("resource"), message: string("message"))
        }
    }
}
