import Foundation

/// What a recorded call did, for the rehearsal's verdict: did it make, change, remove or only look?
public enum CallClass: String, Codable, Sendable, CaseIterable {
    /// Makes something new (gcloud create, kubectl create, helm install, kind/k3d create).
    case create
    /// Removes something (delete, destroy, uninstall).
    case delete
    /// An idempotent mutation (kubectl apply, helm upgrade --install, services enable, ...).
    case apply
    /// A read that is not a probe of one thing.
    case read
    /// Looks one thing up: describe, get, status, list, get-credentials, config get-value.
    case probe
    /// Everything else.
    case other
    /// A command the sandbox found nowhere (`--not-found`).
    case unmodelled

    /// Whether the call changes what exists.
    public var isMutating: Bool { self == .create || self == .delete || self == .apply }
}

/// One call to a double, one line of `calls.jsonl`.
public struct DoubleCall: Codable, Sendable, Equatable {
    public var seq: Int
    public var run: String
    public var tool: String
    public var args: [String]
    public var callClass: CallClass
    public var rc: Int32
    /// The script that made the call, relative to INFRA_TUI_DOUBLE_ROOT when under it.
    public var script: String?
    /// The identity key of what the call names, e.g. `gcloud compute networks inv-net project=p global`.
    public var resource: String?
    /// The first stderr line when rc != 0 (a line ending in ":" gets its detail line joined on).
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case seq, run, tool, args
        case callClass = "class"
        case rc, script, resource, message
    }

    public init(seq: Int, run: String, tool: String, args: [String], callClass: CallClass, rc: Int32,
                script: String? = nil, resource: String? = nil, message: String? = nil) {
        self.seq = seq
        self.run = run
        self.tool = tool
        self.args = args
        self.callClass = callClass
        self.rc = rc
        self.script = script
        self.resource = resource
        self.message = message
    }

    /// The command line, words joined by spaces (for reports; not shell-quoted).
    public var commandLine: String { ([tool] + args).joined(separator: " ") }
}

/// The call log of one double state folder.
public enum CallLog {
    public static let fileName = "calls.jsonl"

    /// Every record in `folder/calls.jsonl`, in order; lines that do not decode are skipped.
    public static func read(folder: URL) -> [DoubleCall] {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)) else { return [] }
        let decoder = JSONDecoder()
        var calls: [DoubleCall] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            if let call = try? decoder.decode(DoubleCall.self, from: Data(line)) { calls.append(call) }
        }
        return calls
    }
}
