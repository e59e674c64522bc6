import Foundation
import Testing
@testable import InfraEngine

/// A layer held in memory (no git, no disk) for one named check: its problems, the tree the
/// manifests rule's fixes leave, and `kubectl kustomize` on that tree.
struct LayerUnderTest {
    var tree = RepoSnapshot()
    let root = "ai/infra/manifests"

    /// `files`: manifest file name (under the manifests folder) -> YAML. A kustomization listing
    /// them and a task applying it are added; `task` replaces the task's extra lines.
    init(_ files: [String: String], task: String = "") {
        for (name, text) in files { tree.write("\(root)/\(name)", RepoFile(text: text)) }
        let resources = files.keys.sorted().map { "  - \($0)" }.joined(separator: "\n")
        tree.write("\(root)/kustomization.yaml", RepoFile(text: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n\(resources)\n"))
        tree.write("ai/infra/tasks/010-edge.sh", RepoFile(text: """
            #!/usr/bin/env bash
            set -euo pipefail
            \(task)
            kubectl apply -k "$(dirname "$0")/../manifests"

            """, mode: .executable))
    }

    func reality(_ t: RepoSnapshot? = nil) throws -> RepoReality {
        try RepoReality(snapshot: t ?? tree, infraDir: "ai/infra", cache: ScriptCache())
    }

    func problems(_ check: any ManifestCheck, in t: RepoSnapshot? = nil) throws -> [ManifestProblem] {
        check.problems(in: ReferenceChecker(try reality(t)))
    }

    /// The tree after every operation of the manifests rule.
    func fixed() throws -> RepoSnapshot {
        var after = tree
        for draft in ManifestsRule().operations(in: RuleContext(reality: try reality(), queued: [:])) {
            for (path, edit) in draft.edits.sorted(by: { $0.key < $1.key }) {
                if case .write(let text, let mode) = edit { after.write(path, RepoFile(text: text, mode: mode)) }
            }
        }
        return after
    }

    /// `kubectl kustomize` of the manifests folder of `t`, written to a temporary folder.
    static func kustomize(_ t: RepoSnapshot, root: String = "ai/infra/manifests") throws -> Run.Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("layer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for path in t.allPaths where path.hasPrefix(root + "/") {
            let url = dir.appendingPathComponent(String(path.dropFirst(root.count + 1)))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (t.text(path) ?? "").write(to: url, atomically: true, encoding: .utf8)
        }
        return try Run.command(Run.which("kubectl")!, ["kustomize", dir.path])
    }
}

let kubectlPresent = Run.which("kubectl") != nil

/// A Gateway `edge/public` with the given listeners (YAML list items, 4-space indented).
func gatewayYAML(listeners: String, namespace: String = "edge", from: String = "All") -> String {
    """
    apiVersion: gateway.networking.k8s.io/v1
    kind: Gateway
    metadata:
      name: public
      namespace: \(namespace)
    spec:
      gatewayClassName: gke-l7-global-external-managed
      listeners:
    \(listeners)

    """
}

/// A Deployment + Service pair `name` in `namespace`; `ports` are the container's port items,
/// `targetPort` the Service's.
func appYAML(_ name: String, namespace: String, ports: String, targetPort: String) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: \(name)
      namespace: \(namespace)
    spec:
      selector:
        matchLabels: {app: \(name)}
      template:
        metadata:
          labels: {app: \(name)}
        spec:
          containers:
            - name: main
              image: example.org/\(name):1
              ports:
    \(ports)
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: \(name)
      namespace: \(namespace)
    spec:
      selector: {app: \(name)}
      ports:
        - port: 80
          targetPort: \(targetPort)

    """
}

extension RepoSnapshot {
    /// Every path with its text: two trees compare equal when their files do.
    var contents: [String: String] { Dictionary(uniqueKeysWithValues: allPaths.map { ($0, text($0) ?? "") }) }
}

extension LayerUnderTest {
    /// Asserts that the rule's fixes change the layer, that planning the fixed tree proposes
    /// no manifests operation (the fixes converge), and that `kubectl kustomize` still builds it.
    func expectFixedLayerBuilds(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let after = try fixed()
        #expect(after.contents != tree.contents, "no fix changed the layer", sourceLocation: sourceLocation)
        let again = ManifestsRule().operations(in: RuleContext(reality: try reality(after), queued: [:]))
        #expect(again.isEmpty, "after the fixes: \(again.map(\.id))", sourceLocation: sourceLocation)
        let built = try LayerUnderTest.kustomize(after)
        #expect(built.status == 0, "\(built.stderr)", sourceLocation: sourceLocation)
    }
}

/// An ACME ClusterIssuer `name` with one solver: `solver` is its list item, 6-space indented
/// (`      - http01: ...`); the solver starts on line 10.
func acmeClusterIssuer(_ name: String, solver: String) -> String {
    """
    apiVersion: cert-manager.io/v1
    kind: ClusterIssuer
    metadata:
      name: \(name)
    spec:
      acme:
        server: https://acme.example.net/directory
        privateKeySecretRef: {name: \(name)-account}
        solvers:
    \(solver)

    """
}

/// An HTTPS listener `https` on 443 for `docs.example.net`, serving Secret `docs-tls`
/// (a list item for `gatewayYAML`).
let docsHTTPSListener = """
        - name: https
          protocol: HTTPS
          port: 443
          hostname: docs.example.net
          tls: {certificateRefs: [{name: docs-tls}]}
    """
