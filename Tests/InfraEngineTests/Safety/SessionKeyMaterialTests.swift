import Foundation
import Testing
@testable import InfraEngine

/// No key material at rest in the review's session file (issue 15): a refused draft that
/// holds a private key is kept in memory by the UI and never written.
@Suite struct SessionKeyMaterialTests {
    static let pemHeader = "-----BEGIN " + "PRIVATE KEY-----"

    @Test func aDraftWithAPEMHeaderNeverReachesDisk() throws {
        let repo = try TestRepo(fixture: nil)
        let plain = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n"
        let keyed = plain + "+" + Self.pemHeader + "\n+MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"
        let record = SessionRecord(repo: repo.root.path, infraDir: "ai/infra", operations: [
            .init(id: "one", baseline: [], decision: .pending, drafts: ["patch": keyed, "ops": "Id: one\n"]),
            .init(id: "two", baseline: [], decision: .accepted, patch: keyed),
            .init(id: "three", baseline: [], decision: .rejected, drafts: ["patch": plain]),
            // A written operation kept for the queue after reopening (issue 16): never with a key.
            .init(id: "four", baseline: [], decision: .accepted, written: true, writtenOperation: "{\"patch\": \"" + keyed.replacingOccurrences(of: "\n", with: "\\n") + "\"}"),
        ])
        try SessionStore.save(record, root: repo.root)
        let url = SessionStore.url(root: repo.root, infraDir: "ai/infra")
        let onDisk = try String(contentsOf: url, encoding: .utf8)
        #expect(!onDisk.contains("PRIVATE KEY") && !onDisk.contains("MIIEvQIB"))
        #expect(SecretScanner.scan(onDisk).isEmpty)
        let loaded = try #require(SessionStore.load(root: repo.root, infraDir: "ai/infra"))
        #expect(loaded.operations[0].drafts == ["ops": "Id: one\n"], "the draft without key material is kept")
        #expect(loaded.operations[1].patch == nil)
        #expect(loaded.operations[2].drafts == ["patch": plain])
        #expect(loaded.operations[3].writtenOperation == nil && loaded.operations[3].written)
        #expect(SessionRecord.holdsKeyMaterial(keyed) && !SessionRecord.holdsKeyMaterial(plain))
    }
}
