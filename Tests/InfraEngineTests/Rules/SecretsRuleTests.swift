import Foundation
import Testing
@testable import InfraEngine

@Suite struct SecretScannerTests {
    static let pemBody = (0..<8).map { _ in String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", count: 2) }.joined(separator: "\n")

    @Test(arguments: [
        ("-----BEGIN PRIVATE KEY-----\n\(pemBody)\n-----END PRIVATE KEY-----\n", "private key"),
        ("-----BEGIN RSA PRIVATE KEY-----\n\(pemBody)\n-----END RSA PRIVATE KEY-----\n", "private key"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\n\(pemBody)\n", "private key"),
        ("{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n\"}", "service-account key"),
        ("aws_access_key_id = AKIAIOSFODNN7REALKEY\n", "AWS access key"),
        ("token: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n", "GitHub token"),
        ("curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.payload'\n", "bearer token"),
        ("SLACK=xoxb-123456789012-abcdefghijkl\n", "Slack token"),
    ])
    func findsCredentials(_ text: String, _ kind: String) {
        #expect(SecretScanner.scan(text).contains { $0.kind == kind }, "\(kind) not found")
    }

    @Test(arguments: [
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n",
        "{\"type\": \"service_account\", \"private_key\": \"REPLACE_ME_PRIVATE_KEY\"}",
        "integrity sha512-9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n",
        "\"private_key_id\": \"51cff3c1f0bc59f6187e7040cc12a4e9b1eca7aa\"",
        "Authorization: Bearer ${TOKEN}",
        "AKIAXXXXXXXXXXXXXXXX",
        "email: REPLACE_ME_EMAIL",
    ])
    func leavesLookAlikesAlone(_ text: String) {
        #expect(SecretScanner.scan(text).isEmpty, "flagged: \(text)")
    }
}

@Suite(.serialized) struct SecretsRuleTests {
    let key = "ai/infra/secrets/dns-admin-key.json"

    @Test func findsTheCommittedKey() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let finding = try #require(plan.findings.first { $0.rule == "secrets" })
        #expect(finding.file == key && finding.severity == .error)
        #expect(finding.message.contains(".gitignore does not cover it"))
        let op = try #require(plan.operations.first { $0.rule == "secrets" })
        #expect(op.ops.risk == "HIGH" && op.ops.group == "cloud")
        #expect(op.ops.commands.contains { $0.contains("gcloud iam service-accounts keys delete") })
        #expect(op.files.contains(FileTouch(path: key, change: .delete)))
        #expect(op.files.contains(FileTouch(path: "ai/infra/secrets/dns-admin-key.example.json", change: .create)))
        #expect(finding.operation == op.id)
    }

    @Test func noKeyMaterialInPlanExportOrJournal() throws {
        let repo = try TestRepo()
        let keyText = try #require(repo.read(key))
        let json = try Run.tui(["plan", "--repo", repo.root.path, "--format", "json"])
        let ops = try Run.tui(["plan", "--repo", repo.root.path, "--format", "ops"])
        for output in [json.stdout, ops.stdout] {
            #expect(SecretScanner.scan(output).isEmpty)
            #expect(!output.contains("AzNS75SRLFsnhz"))
        }
        let series = repo.root.deletingLastPathComponent().appendingPathComponent("s-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: series) }
        #expect(try Run.tui(["export", "--repo", repo.root.path, "--accept", "all", "--out", series.path]).status == 0)
        for name in try FileManager.default.contentsOfDirectory(atPath: series.path) {
            let text = try String(contentsOf: series.appendingPathComponent(name), encoding: .utf8)
            #expect(SecretScanner.scan(text).isEmpty, "\(name) carries key material")
        }
        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        // The person's only copy stays on disk, now ignored and out of the index.
        #expect(repo.read(key) == keyText)
        #expect(try repo.git("ls-files", "--error-unmatch", key).status != 0)
        #expect(try repo.git("check-ignore", key).stdout == key + "\n")
        let journalDir = repo.url(".git/infra-tui/journal")
        for name in try FileManager.default.contentsOfDirectory(atPath: journalDir.path) {
            let text = try String(contentsOf: journalDir.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("AzNS75SRLFsnhz") && SecretScanner.scan(text).isEmpty)
            let journal = try JSONDecoder().decode(Journal.self, from: Data(text.utf8))
            for entry in journal.entries { #expect(entry.before.map { SecretScanner.scan(String(decoding: $0, as: UTF8.self)).isEmpty } ?? true) }
        }
        // Converged: the ignored local copy is not reported again.
        #expect(!(try repo.plan()).findings.contains { $0.rule == "secrets" })
        // Undo puts it back into the index.
        #expect(try Run.tui(["undo", "--repo", repo.root.path]).status == 0)
        #expect(try repo.git("ls-files", "--error-unmatch", key).status == 0)
        #expect(repo.read(key) == keyText)
    }

    @Test func kubernetesSecretDataIsFoundAndTemplated() throws {
        let repo = try TestRepo()
        try repo.write("ai/infra/manifests/db-secret.yaml", """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
            stringData:
              password: s3cr3t-Pa55w0rd-real
              user: REPLACE_ME_USER

            """)
        try repo.commitAll("secret")
        let plan = try repo.plan()
        let finding = try #require(plan.findings.first { $0.rule == "secrets" && $0.file.hasSuffix("db-secret.yaml") })
        #expect(finding.line == 6)
        let op = try #require(plan.operations.first { $0.rule == "secrets" && $0.files.contains { $0.path.hasSuffix("db-secret.yaml") } })
        // Another rule touching that file would copy the value as diff context: validation fails it.
        let validated = try Run.tui(["plan", "--repo", repo.root.path, "--format", "json"])
        let decoded = try PlanJSON.decode(Data(validated.stdout.utf8))
        for other in decoded.operations where other.rule != "secrets" && other.patch.contains("s3cr3t") {
            #expect(other.validation.contains { $0.check == "secrets" && $0.status == .failed }, "\(other.id) copies the secret")
        }
        #expect(!op.patch.contains("s3cr3t"))
        #expect(op.patch.contains("password: REPLACE_ME"))
    }
}

@Suite struct EditedSecretTests {
    /// A person's edit that pastes key material into a patch is refused, and says why.
    @Test(arguments: [
        "-----BEGIN PRIVATE KEY-----",
        "aws_access_key_id = AKIAIOSFODNN7REALKEY",
        "token: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
    ])
    func pastedCredentialIsRefused(_ pasted: String) async throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let op = try #require(plan.operation("helpers-normalise-lib"))
        // Add the pasted line to the first hunk of the patch, keeping hunk counts right.
        var lines = op.patch.components(separatedBy: "\n")
        let hunk = try #require(lines.firstIndex { $0.hasPrefix("@@ -0,0 +1,3 @@") })
        lines[hunk] = "@@ -0,0 +1,4 @@"
        lines.insert("+# \(pasted)", at: hunk + 1)
        let result = await EditCheck.patch(lines.joined(separator: "\n"), id: op.id, operations: plan.operations,
                                           root: repo.root, infraDir: "ai/infra", externalTools: false)
        guard case .failure(let error) = result else { Issue.record("an edit carrying a credential was accepted"); return }
        #expect(error.message.contains("secrets"), "\(error.message)")
    }
}
