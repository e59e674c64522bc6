import Foundation
import Yams

/// One Kubernetes object read from a manifest file, with the YAML node it came from so
/// references can be reported (and edited) at their exact line.
public struct ManifestObject: @unchecked Sendable {
    // `Yams.Node` is an immutable value tree once composed; it is only read after loading.
    public let path: String
    /// Index of the document in a multi-document file.
    public let document: Int
    public let node: Node
    public let apiVersion: String
    public let kind: String
    public let name: String
    /// `metadata.namespace` as written; nil when the object leaves it to whoever applies it.
    public let namespace: String?
    /// Line of the document's first key.
    public let line: Int

    /// `name (kind)` for messages.
    public var label: String { "\(kind) `\(name)`" }

    public subscript(_ keys: String...) -> Node? { node.at(keys) }

    /// Line of the value at `keys`, else of the closest parent that exists.
    public func line(_ keys: String...) -> Int {
        var current: Node? = node
        var best = line
        for key in keys {
            current = current.flatMap { $0.child(key) }
            guard let c = current else { break }
            best = c.mark?.line ?? best
        }
        return best
    }

    /// Kinds that live outside namespaces: a kustomization `namespace:` would wrongly stamp
    /// them, and references to them never carry a namespace.
    public static let clusterScopedKinds: Set<String> = [
        "Namespace", "GatewayClass", "ClusterIssuer", "ClusterRole", "ClusterRoleBinding",
        "CustomResourceDefinition", "StorageClass", "PersistentVolume", "PriorityClass",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "IngressClass",
    ]
    public var isClusterScoped: Bool { Self.clusterScopedKinds.contains(kind) }
}

/// A YAML file of the manifests layer: its objects, or why it could not be read.
public struct ManifestFile: @unchecked Sendable {
    public let path: String
    public let text: String
    public let objects: [ManifestObject]
    /// Set when the file is not valid YAML; the objects read before the error are kept.
    public let error: (line: Int, message: String)?
    /// True when at least one document looks like a Kubernetes object (apiVersion + kind).
    public var isManifest: Bool { !objects.isEmpty }

    /// The file parsed once per plan run: `cache` is the plan's (`ScriptCache`, owned by the
    /// run and dropped with it), because the layer is rebuilt on every virtual tree and the
    /// findings and the operations threads read the same files. A parse is kept while the
    /// file's text is one of its last versions; another plan run parses again.
    public static func cached(path: String, text: String, in cache: ScriptCache) -> ManifestFile {
        cache.derived(cacheKey(path), from: [text]) { ManifestFile(path: path, text: text) }
    }

    /// The plan cache's name for `path`'s parse.
    static func cacheKey(_ path: String) -> String { "manifest-file\u{0}\(path)" }

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var objects: [ManifestObject] = []
        var failure: (Int, String)?
        do {
            var index = 0
            // Composing is lazy, so a broken third document still yields the first two; the
            // sequence keeps the error instead of throwing it, so ask for it afterwards. The
            // basic resolver: scalars are read as text here, and Yams's implicit typing runs a
            // regular expression per scalar (its duplicate-key check hashes every key).
            var documents = try YAMLDocuments.composeAll(text, .basic)
            while let node = documents.next() {
                defer { index += 1 }
                guard let kind = node.child("kind")?.string, let api = node.child("apiVersion")?.string,
                      Self.isKubernetesObject(apiVersion: api, kind: kind) else { continue }
                let meta = node.child("metadata")
                objects.append(ManifestObject(
                    path: path, document: index, node: node, apiVersion: api, kind: kind,
                    name: meta?.child("name")?.string ?? "", namespace: meta?.child("namespace")?.string,
                    line: node.mapping?.first?.key.mark?.line ?? node.mark?.line ?? 1))
            }
            if let error = documents.error { throw error }
        } catch {
            failure = Self.describe(error)
        }
        self.objects = objects
        self.error = failure
    }

    /// Whether `apiVersion` + `kind` name an object a cluster stores, not a tool's own config
    /// file that borrows the shape: kubeconfigs (`v1` `Config`), kind and k3d cluster configs
    /// (`kind.x-k8s.io`, `k3d.io`), kustomize files, Helm chart metadata, kubeadm and
    /// kubelet configs.
    static func isKubernetesObject(apiVersion: String, kind: String) -> Bool {
        if kind == "Config" && apiVersion == "v1" { return false }
        let group = apiVersion.split(separator: "/").first.map(String.init) ?? ""
        let toolGroups = ["kind.x-k8s.io", "k3d.io", "kustomize.config.k8s.io", "kubeadm.k8s.io", "kubelet.config.k8s.io",
                          "kubeproxy.config.k8s.io", "apiserver.config.k8s.io", "skaffold", "ctlptl.dev"]
        if toolGroups.contains(where: { group == $0 || group.hasSuffix("." + $0) }) { return false }
        // Helm's Chart.yaml carries `apiVersion: v2` with no kind; a Kubernetes group version
        // is `v1`, `vNbetaM` or `group/version`.
        return apiVersion.contains("/") || apiVersion.hasPrefix("v1") || apiVersion.hasPrefix("v2beta")
    }

    /// Line and first sentence of a Yams error; any other error lands on line 1.
    static func describe(_ error: any Error) -> (Int, String) {
        guard let y = error as? YamlError else { return (1, String(describing: error)) }
        switch y {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .duplicatedKeysInMapping(let keys, let context):
            return (context.mark.line, "duplicated keys \(keys.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return (1, problem)
        default:
            return (1, String(describing: y).split(separator: "\n").first.map(String.init) ?? "invalid YAML")
        }
    }
}

extension Node {
    /// The value of `key` in a mapping, following `<<` merge keys (anchors are resolved by Yams).
    func child(_ key: String) -> Node? {
        guard let mapping else { return nil }
        // Compare scalar text directly: Yams's subscript builds a node and resolves its tag per
        // key, which dominated planning time on large layers.
        // By index: iterating a Yams mapping copies every pair into a new array first.
        var merge: Node?
        for i in mapping.indices {
            guard case .scalar(let scalar) = mapping[i].key else { continue }
            if scalar.string == key { return mapping[i].value }
            if scalar.string == "<<" { merge = mapping[i].value }
        }
        guard let merge else { return nil }
        if merge.mapping != nil { return merge.child(key) }
        for m in merge.sequence ?? [] { if let v = m.child(key) { return v } }
        return nil
    }

    func at(_ keys: [String]) -> Node? {
        var current: Node? = self
        for key in keys { current = current?.child(key) }
        return current
    }

    var items: [Node] { sequence.map(Array.init) ?? [] }

    /// The mapping's string pairs (labels, selectors); non-scalar values are left out.
    var stringPairs: [String: String] {
        var out: [String: String] = [:]
        for (k, v) in mapping ?? [:] { if let ks = k.string, let vs = v.string { out[ks] = vs } }
        return out
    }
}
