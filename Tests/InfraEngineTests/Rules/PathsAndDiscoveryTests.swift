import Foundation
import Testing
@testable import InfraEngine

/// The path resolver and manifests discovery in styles other than the cases': other URL
/// schemes, `bash -s --`, files downloaded or written with `tee` before use, a `cd` first,
/// manifests applied with `-f` from a folder named after nothing the rule knows, tool configs
/// that borrow the Kubernetes shape, and a Gateway chart installed through another wrapper.
@Suite struct PathsAndDiscoveryTests {
    @Test func operandsThatAreNoFilesAreNeverMissing() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-fetch.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            build="$(dirname "$0")/../build"
            kubectl apply -f "oci://charts.internal/crds.yaml"
            kubectl apply -f s3://bucket/crds.yaml
            wget -qO- https://get.internal/agent.sh | bash -s -- --token-file agent.token
            curl -fsSL https://get.internal/x.yaml -o "$build/x.yaml"
            kubectl apply -f "$build/x.yaml"
            helm template web ./chart | tee "$build/web.yaml" >/dev/null
            kubectl apply -f "$build/web.yaml"
            kubectl apply -f "$build/never-written.yaml"

            """, executable: true)
        let (findings, _, _) = try ruleRun(MissingFilesRule(), on: repo)
        #expect(findings.map(\.line) == [11], "\(findings.map { "\($0.location) \($0.message)" })")
        #expect(findings.first?.message.contains("ai/infra/build/never-written.yaml") == true)
    }

    @Test func resolverKnowsFoldersAndTheWorkingFolder() throws {
        let text = """
            #!/usr/bin/env bash
            here="${BASH_SOURCE[0]%/*}"
            top="$(cd "$(dirname "$0")/../.." && pwd)"
            conf="$top/config"
            kubectl apply -f "$conf/app.yaml"
            cd "$here/.."
            kubectl apply -f manifests/app.yaml
            """
        let file = ShellFile(path: "ops/infra/tasks/020-app.sh", script: ScriptCache().script(path: "ops/infra/tasks/020-app.sh", text: text))
        let paths = PathResolver(file)
        #expect(paths.resolve("$conf/app.yaml", at: 5) == ["ops/config/app.yaml"])
        #expect(paths.resolve("manifests/app.yaml", at: 7) == ["ops/infra/manifests/app.yaml"])
        #expect(paths.resolve("manifests/app.yaml", at: 5) == ["ops/infra/tasks/manifests/app.yaml", "manifests/app.yaml"])
        #expect(paths.resolve("gs://b/x.yaml", at: 5).isEmpty && paths.resolve("-", at: 5).isEmpty && paths.resolve("http://x/y", at: 5).isEmpty)
    }

    @Test func toolConfigsAreNoManifests() {
        let kindConfig = "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n"
        let kubeconfig = "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n"
        let k3d = "apiVersion: k3d.io/v1alpha5\nkind: Simple\nservers: 1\n"
        let values = "replicaCount: 2\nimage:\n  repository: web\n"
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n"
        for text in [kindConfig, kubeconfig, k3d, values] {
            #expect(!ManifestFile(path: "x.yaml", text: text).isManifest, "\(text)")
        }
        #expect(ManifestFile(path: "x.yaml", text: service).isManifest)
    }

    @Test func manifestsAppliedFromElsewhereAreChecked() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/030-shop.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            cd "$(dirname "$0")/../../.."
            kubectl apply -f platform/shop/
            kubectl apply -f https://example.net/other.yaml

            """, executable: true)
        try repo.write("platform/shop/shop.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: shop
              namespace: shop
            spec:
              selector:
                matchLabels:
                  tier: shop
              template:
                metadata:
                  labels:
                    tier: shop
                spec:
                  containers:
                    - name: shop
                      image: shop:1
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: shop
              namespace: shop
            spec:
              selector:
                component: shop
              ports:
                - port: 80

            """)
        try repo.write("platform/shop/kind.yaml", "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n")
        try repo.write("elsewhere/unapplied.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: stray\nspec:\n  selector:\n    x: y\n")
        let snapshot = try RepoReader(root: repo.root, infraDir: "ai/infra").read()
        let reality = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
        let layer = ManifestLayer(reality)
        #expect(layer.files.map(\.path) == ["platform/shop/shop.yaml"])
        #expect(layer.root == "platform/shop")
        let findings = ManifestsRule().findings(in: reality)
        #expect(findings.contains { $0.file == "platform/shop/shop.yaml" && $0.message.contains("component: shop") },
                "\(findings.map { "\($0.location) \($0.message)" })")
    }

    @Test func gatewayChartThroughAnotherWrapperIsSeen() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/k.sh", "# shellcheck shell=bash\nhelm_up() { helm upgrade --install \"$@\" --atomic; }\n")
        try repo.write("ai/infra/tasks/010-edge.sh", """
            #!/usr/bin/env bash
            source "$(dirname "$0")/../lib/k.sh"
            helm_up contour oci://registry.corp.example/mirror/projectcontour/contour -n edge

            """, executable: true)
        let snapshot = try RepoReader(root: repo.root, infraDir: "ai/infra").read()
        let reality = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
        let found = GatewayImplementation.installed(in: reality)
        #expect(found?.name == "Contour" && found?.line == 3 && found?.path == "ai/infra/tasks/010-edge.sh")
    }
}
