import Foundation
import Testing
import Yams
@testable import InfraEngine

/// The manifests rule on edge-messy: every defect of the "Manifests" section with file and
/// line, a layer that builds and whose rendered objects agree after apply, and convergence.
@Suite struct ManifestsRuleTests {
    func findings(_ repo: TestRepo) throws -> [Finding] {
        try repo.plan().findings.filter { $0.rule == "manifests" }
    }

    @Test func reportsEveryManifestsDefectOfEdgeMessy() throws {
        let repo = try TestRepo()
        let found = try findings(repo)
        func has(_ file: String, _ line: Int, _ words: String...) -> Bool {
            found.contains { f in f.file == "ai/infra/manifests/\(file)" && f.line == line && words.allSatisfy { f.message.contains($0) } }
        }
        #expect(has("edge/gateway.yaml", 7, "GatewayClass `eg`", "no manifest defines it"))
        #expect(has("edge/gateway.yaml", 10, "REPLACE_ME_GATEWAY_IP"))
        #expect(has("cert/issuer.yaml", 7, "REPLACE_ME_EMAIL"))
        #expect(has("edge/gateway.yaml", 20, "Secret `shop-tls`", "no Certificate"))
        #expect(has("hello/service.yaml", 7, "`app: hello`", "`app: hello-world`"))
        #expect(has("hello/route.yaml", 13, "port 80", "8080"))
        #expect(has("hello/route.yaml", 7, "`edge-gw`", "`edge`"))
        #expect(has("cert/issuer.yaml", 15, "HTTP-01", "`edge`", "port 80"))
        #expect(found.contains { $0.file == "ai/infra/manifests/kustomization.yaml" && $0.message.contains("kustomization.yaml") })
        // Ids carry no line numbers.
        for f in found { #expect(!f.id.contains(":\(f.line)")) }
        #expect(found.allSatisfy { $0.operation != nil })
    }

    /// brk13 #10 (s09): a folder holding only a migration Job gets no kustomization, and no
    /// finding asking for one; one is titled "the edge slice" only when it holds it.
    @Test func onlyTheEdgeSliceIsGivenAKustomization() throws {
        let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: db-migrate\nspec:\n  template:\n    spec:\n"
            + "      restartPolicy: Never\n      containers:\n        - name: m\n          image: r.invalid/m:1\n"
        let config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m-settings\ndata:\n  a: b\n"
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/k8s/migrate.yaml", job)
        try repo.write("ai/infra/tasks/10-migrate.sh", "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")/..\"\n"
                       + "kubectl delete job db-migrate --ignore-not-found\nkubectl apply -f k8s/migrate.yaml\n", executable: true)
        try repo.commitAll("base")
        let plan = try repo.plan()
        #expect(!plan.findings.contains { $0.rule == "manifests" && $0.file.hasSuffix("kustomization.yaml") },
                "\(plan.findings.filter { $0.rule == "manifests" }.map(\.message))")
        #expect(!plan.operations.flatMap(\.files).contains { $0.path.hasSuffix("kustomization.yaml") })

        // In memory: the same layer with a Service is the edge slice's backend, and gets one.
        var tree = RepoSnapshot()
        tree.write("ai/infra/tasks/010-a.sh", RepoFile(text: "#!/bin/bash\n", mode: .executable))
        tree.write("ai/infra/manifests/job.yaml", RepoFile(text: job))
        let jobOnly = ManifestLayer(try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache()))
        #expect(jobOnly.exists && !jobOnly.holdsEdgeSlice)
        #expect(ManifestsRule().kustomizationText(layer: jobOnly) == nil)
        // Settings beside it are worth building as one, but the file does not call them the edge slice.
        tree.write("ai/infra/manifests/settings.yaml", RepoFile(text: config))
        let settings = ManifestLayer(try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache()))
        #expect(settings.worthAKustomization && !settings.holdsEdgeSlice)
        #expect(ManifestsRule().kustomizationText(layer: settings)?.hasPrefix("# These manifests as one unit") == true)
        tree.write("ai/infra/manifests/svc.yaml", RepoFile(text: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n"))
        let withService = ManifestLayer(try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache()))
        #expect(withService.holdsEdgeSlice)
        #expect(ManifestsRule().kustomizationText(layer: withService)?.hasPrefix("# The edge slice as one unit") == true)
    }

    /// Views of one plan share a layer only while its files are the same: the same bytes
    /// under another name, or other bytes under the same name, are another layer.
    @Test func sharedLayerFollowsNamesAndBytes() throws {
        let cache = ScriptCache()
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n"
        var tree = RepoSnapshot()
        tree.write("ai/infra/tasks/010-a.sh", RepoFile(text: "#!/bin/bash\n", mode: .executable))
        tree.write("ai/infra/manifests/a.yaml", RepoFile(text: service))
        func layer(_ t: RepoSnapshot) throws -> ManifestLayer {
            ManifestLayer(try RepoReality(snapshot: t, infraDir: "ai/infra", cache: cache))
        }
        let first = try layer(tree)
        #expect(first.files.map(\.path) == ["ai/infra/manifests/a.yaml"])
        #expect(try layer(tree).memo === first.memo)
        var renamed = tree
        renamed.delete("ai/infra/manifests/a.yaml")
        renamed.write("ai/infra/manifests/b.yaml", RepoFile(text: service))
        #expect(try layer(renamed).files.map(\.path) == ["ai/infra/manifests/b.yaml"])
        var edited = tree
        edited.write("ai/infra/manifests/a.yaml", RepoFile(text: service.replacingOccurrences(of: "name: web", with: "name: api")))
        #expect(try layer(edited).services.map(\.name) == ["api"])
    }

    @Test func consistentLayerHasNoFinding() throws {
        let repo = try TestRepo(fixture: nil)
        try ConsistentLayer.write(to: repo)
        try repo.commitAll("consistent")
        let found = try findings(repo)
        #expect(found.isEmpty, "\(found.map { "\($0.location) \($0.message)" })")
    }

    @Test func malformedYAMLIsAFindingNotACrash() throws {
        let repo = try TestRepo()
        try repo.write("ai/infra/manifests/hello/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [oops\n")
        try repo.write("ai/infra/manifests/hello/tabs.yaml", "apiVersion: v1\nkind: Service\n\tmetadata: {}\n")
        let found = try findings(repo)
        let broken = found.filter { $0.id.hasSuffix(":invalid-yaml") }
        #expect(broken.count == 2)
        #expect(broken.allSatisfy { $0.line > 1 })
    }

    @Test func applyBuildsAConsistentLayerAndConverges() throws {
        let repo = try TestRepo()
        let applied = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"])
        #expect(applied.status == 0, "\(applied.stderr)")
        try RenderedLayer.check(repo, root: "ai/infra/manifests")
        let task = repo.read("ai/infra/tasks/060-gateway.sh") ?? ""
        #expect(task.contains("envsubst '${GATEWAY_IP}'"))
        #expect(task.contains("require_env GATEWAY_IP"))
        #expect(task.contains("edge/certificate.yaml"))
        #expect((repo.read("ai/infra/init.sh") ?? "").contains("GATEWAY_IP"))
        let again = try repo.plan()
        #expect(again.operations.filter { $0.rule == "manifests" }.isEmpty)
        #expect(again.findings.filter { $0.rule == "manifests" }.isEmpty, "\(again.findings.filter { $0.rule == "manifests" }.map(\.message))")
    }

    @Test func secondLayoutWithNamespacedIssuer() throws {
        let repo = try TestRepo(fixture: nil)
        try SecondLayout.write(to: repo)
        try repo.commitAll("second layout")
        let found = try findings(repo)
        #expect(found.contains { $0.file == "ai/infra/k8s/edge.yaml" && $0.message.contains("GatewayClass `public`") })
        #expect(found.contains { $0.message.contains("Secret `web-tls`") })
        let applied = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"])
        #expect(applied.status == 0, "\(applied.stderr)")
        try RenderedLayer.check(repo, root: "ai/infra/k8s")
        let cert = repo.read("ai/infra/k8s/certificate.yaml") ?? ""
        #expect(cert.contains("kind: Issuer") && cert.contains("name: acme"))
        #expect((repo.read("ai/infra/tasks/20-edge.sh") ?? "").contains("certificate.yaml"))
        #expect(try repo.plan().operations.filter { $0.rule == "manifests" }.isEmpty)
    }

    @Test func demoFindingsMakeSense() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        let demo = Fixtures.packageRoot.appendingPathComponent("Resources/demo")
        try FileManager.default.removeItem(at: repo.root)
        try FileManager.default.copyItem(at: demo, to: repo.root)
        try FileManager.default.moveItem(at: repo.url("gitignore"), to: repo.url(".gitignore"))
        try repo.git("init", "-q", "-b", "main")
        try repo.commitAll("demo")
        let found = try findings(repo)
        func has(_ file: String, _ line: Int, _ word: String) -> Bool {
            found.contains { $0.file == "ai/infra/manifests/\(file)" && $0.line == line && $0.message.contains(word) }
        }
        #expect(has("gateway/gateway.yaml", 7, "envoy-ledger"))
        #expect(has("gateway/gateway.yaml", 10, "REPLACE_ME_STATIC_IP"))
        #expect(has("cert-manager/cluster-issuers.yaml", 8, "REPLACE_ME_ACME_EMAIL"))
        #expect(has("gateway/gateway.yaml", 20, "ledger-api-tls"))
        #expect(has("ledger/service.yaml", 11, "app.kubernetes.io/name"))
        #expect(has("ledger/httproute.yaml", 20, "port 8080"))
        #expect(has("ledger/httproute.yaml", 8, "`ledger-gw`"))
        #expect(has("cert-manager/cluster-issuers.yaml", 17, "port 80"))
        #expect(has("cert-manager/cluster-issuers.yaml", 35, "port 80"))
        let applied = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"])
        #expect(applied.status == 0, "\(applied.stderr)")
        try RenderedLayer.check(repo, root: "ai/infra/manifests")
        // cert-manager is installed after the gateway here, so its task applies the Certificate.
        #expect((repo.read("ai/infra/tasks/070-cert-manager.sh") ?? "").contains("certificate.yaml"))
        #expect((repo.read("ai/infra/tasks/060-gateway.sh") ?? "").contains("envsubst '${STATIC_IP}'"))
    }
}
