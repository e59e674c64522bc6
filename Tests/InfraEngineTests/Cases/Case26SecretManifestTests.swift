import Foundation
import Testing
@testable import InfraEngine

/// Case 26: a Secret manifest listed in its kustomization leaves git and the kustomization in
/// one operation, and the task creates the Secret (same name and keys) from the environment.
@Suite(.serialized) struct Case26SecretManifestTests {
    static let name = "26-secret-manifest-in-kustomization"
    static let manifests = "ai/infra/manifests"

    @Test func reportsThePasswordLineHigh() throws {
        let c = try CaseRepo(Self.name)
        let plan = try c.plan()
        let f = try #require(plan.findings.first { $0.rule == "secrets" })
        #expect(f.file == "\(Self.manifests)/db-credentials.yaml" && f.line == 9 && f.severity == .error)
        #expect(f.message.contains("earlier commits"))
        let op = try #require(plan.operations.first { $0.id == f.operation })
        #expect(op.ops.risk == "HIGH")
        #expect(Set(op.files.map(\.path)).isSuperset(of: ["\(Self.manifests)/db-credentials.yaml", "\(Self.manifests)/kustomization.yaml",
                                                         "ai/infra/tasks/010-wiki.sh"]))
        #expect(!op.patch.contains("VHpjcmY2") && !op.patch.contains("d2lraQ=="), "no pre-image of the data")
    }

    @Test(.enabled(if: Run.which("kubectl") != nil, "needs kubectl for kustomize"))
    func layerBuildsOnACleanCloneAndTheRunCheckPasses() throws {
        let c = try CaseRepo(Self.name)
        try c.applyAll()
        #expect(try c.plan().operations.isEmpty, "a re-plan proposes nothing")
        #expect(!(try c.repo.git("ls-files", Self.manifests).stdout.contains("db-credentials")))
        let clone = c.root.deletingLastPathComponent().appendingPathComponent("c26-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: clone) }
        #expect(try Run.command("/usr/bin/env", ["git", "clone", "-q", c.root.path, clone.path]).status == 0)
        let build = try Run.command("/usr/bin/env", ["kubectl", "kustomize", clone.appendingPathComponent(Self.manifests).path])
        #expect(build.status == 0, "\(build.stderr)")
        let original = CaseRepo.casesFolder.appendingPathComponent("\(Self.name)/repo/\(Self.manifests)/deployment.yaml")
        #expect(c.read("\(Self.manifests)/deployment.yaml") == (try String(contentsOf: original, encoding: .utf8)), "deployment.yaml unchanged")
        let state = c.root.deletingLastPathComponent().appendingPathComponent("st26-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let run = try Run.command("/bin/bash", [CaseRepo.stubs.appendingPathComponent("twice.sh").path, "--state", state.path,
                                                c.root.path, "bash ai/infra/init.sh", "WIKI_DB_PASSWORD=example-only"])
        #expect(run.stdout.contains("run1 rc=0 run2 rc=0 creates-in-run2=0"), "\(run.stdout)\(run.stderr)")
        let calls = try String(contentsOf: state.appendingPathComponent("state/calls.log"), encoding: .utf8).split(separator: "\n").map(String.init)
        let create = try #require(calls.firstIndex { $0.contains("-n wiki create secret generic wiki-db") && $0.contains("--dry-run=client") })
        let applyK = try #require(calls.firstIndex { $0.contains("apply -k") })
        #expect(create < applyK && calls[create + 1].contains("apply -f -"))
        #expect(calls[create].contains("--from-literal=username=") && calls[create].contains("--from-literal=password="))
    }
}
