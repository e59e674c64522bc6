import Foundation

/// One thing that exists in the doubles' world.
public struct DoubleResource: Codable, Equatable, Sendable {
    public var tool: String
    /// gcloud: the command group ("compute networks"); kubectl: the kind ("secret"); helm: "release".
    public var kind: String
    public var name: String
    public var namespace: String?
    public var project: String?
    /// gcloud scope words: "global", "region=X", "zone=X", "location=X", or extra identity ("cluster=X").
    public var scope: String?
    /// Plausible attributes for `--format` / `-o jsonpath` (address, email, chart, ...).
    public var attrs: [String: String]?
    /// A kubectl object as applied or created, for `-o yaml|json|jsonpath`.
    public var object: JSONValue?

    public init(tool: String, kind: String, name: String, namespace: String? = nil, project: String? = nil,
                scope: String? = nil, attrs: [String: String]? = nil, object: JSONValue? = nil) {
        self.tool = tool
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.project = project
        self.scope = scope
        self.attrs = attrs
        self.object = object
    }
}

/// What exists, shared by every call of one rehearsal (`state.json`).
public struct DoubleState: Codable, Equatable, Sendable {
    /// Keyed by identity (the `resource` string of the records).
    public var resources: [String: DoubleResource] = [:]
    /// The kubectl current context set by get-credentials / kind / k3d create / use-context.
    public var context: String?
    /// Every context a call made known.
    public var contexts: [String] = []
    /// `gcloud config set KEY VALUE` on the active configuration.
    public var gcloudConfig: [String: String] = [:]
    /// helm repositories: name -> URL.
    public var helmRepos: [String: String] = [:]
    /// The last seq written to calls.jsonl.
    public var seq: Int = 0

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        resources = try c.decodeIfPresent([String: DoubleResource].self, forKey: .resources) ?? [:]
        context = try c.decodeIfPresent(String.self, forKey: .context)
        contexts = try c.decodeIfPresent([String].self, forKey: .contexts) ?? []
        gcloudConfig = try c.decodeIfPresent([String: String].self, forKey: .gcloudConfig) ?? [:]
        helmRepos = try c.decodeIfPresent([String: String].self, forKey: .helmRepos) ?? [:]
        seq = try c.decodeIfPresent(Int.self, forKey: .seq) ?? 0
    }

    mutating func setContext(_ name: String) {
        context = name
        if !contexts.contains(name) { contexts.append(name) }
    }

    /// The resources whose key starts with `prefix`, sorted by key.
    func resources(prefix: String) -> [(String, DoubleResource)] {
        resources.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
    }
}
