import Foundation
import Testing
@testable import InfraEngine

/// Files encrypted for committing (SOPS, age, ansible-vault, PGP, git-crypt) hold ciphertext:
/// no leak, no untrack, no template, no rotation (the session-11 tester's defect 5). A value
/// SOPS left in plaintext beside encrypted ones is still a leak, reported without a patch.
@Suite struct EncryptedSecretsTests {
    static let enc = "ENC[AES256_GCM,data:q9x2Yw9TbX1Kd0==,iv:YWJjZGVmZ2hpamts=,tag:ZGVmZ2hpams=,type:str]"

    static let sopsYAML = """
        apiVersion: v1
        kind: Secret
        metadata:
            name: db
        type: Opaque
        stringData:
            password: \(enc)
            DB_PASSWORD: \(enc)
        sops:
            kms: []
            age:
                - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                  enc: |
                    -----BEGIN AGE ENCRYPTED FILE-----
                    YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmMK
                    -----END AGE ENCRYPTED FILE-----
            lastmodified: "2025-01-01T00:00:00Z"
            mac: \(enc)
            version: 3.8.1

        """

    @Test(arguments: [
        ("ai/infra/secrets/db.enc.yaml", sopsYAML),
        ("ai/infra/secrets/db.json", """
            {
              "api_token": "\(enc)",
              "client_secret": "\(enc)",
              "sops": {
                "kms": null,
                "mac": "\(enc)",
                "lastmodified": "2025-01-01T00:00:00Z",
                "version": "3.8.1"
              }
            }

            """),
        ("ai/infra/.env", "DB_PASSWORD=\(enc)\nSTRIPE_KEY=\(enc)\nsops_version=3.8.1\nsops_mac=\(enc)\n"),
        ("ai/infra/secrets/app.ini", "[db]\npassword = \(enc)\n\n[sops]\nmac = \(enc)\nversion = 3.8.1\n"),
        ("ai/infra/secrets/token.age", "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmMK\n-----END AGE ENCRYPTED FILE-----\n"),
        ("ai/infra/secrets/vault.yml", "$ANSIBLE_VAULT;1.1;AES256\n66386439653236336462626566653063336164663966303231363934653561363964363833313662\n"),
        ("ai/infra/.env.prod", "\u{0}GITCRYPT\u{0}\nDB_PASSWORD=hunter2-Real-Value-9\n"),
    ])
    func ciphertextIsNoCredential(_ path: String, _ text: String) {
        let hits = SecretScanner.scan(file: text, path: path)
        #expect(hits.isEmpty, "\(path): \(hits.map { "\($0.line) \($0.kind)" })")
    }

    /// `unencrypted_suffix` / `encrypted_regex` leave values in plaintext: those are read.
    @Test func plaintextBesideCiphertextIsStillFound() {
        let text = Self.sopsYAML.replacingOccurrences(of: "    DB_PASSWORD: \(Self.enc)", with: "    api_token: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB")
        let hits = SecretScanner.scan(file: text, path: "ai/infra/secrets/db.enc.yaml")
        #expect(hits.map(\.line) == [8], "\(hits.map { "\($0.line) \($0.kind)" })")
        let env = SecretScanner.scan(file: "DB_PASSWORD=\(Self.enc)\nSMTP_PASSWORD=Sm7p-Real-Pa55\nsops_mac=\(Self.enc)\n", path: "ai/infra/.env")
        #expect(env.map(\.line) == [2])
    }

    /// The tester's r07: a SOPS Secret decrypted by its task, beside a SealedSecret.
    static func sopsRepo() throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/secrets/db.enc.yaml", sopsYAML)
        try repo.write("ai/infra/manifests/sealed-api-token.yaml", """
            apiVersion: bitnami.com/v1alpha1
            kind: SealedSecret
            metadata:
              name: api-token
            spec:
              encryptedData:
                token: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq

            """)
        try repo.write("ai/infra/tasks/02-secrets.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            cd "$(dirname "$0")/.."
            sops -d secrets/db.enc.yaml | kubectl apply -f -
            kubectl apply -f manifests/sealed-api-token.yaml

            """, executable: true)
        try repo.commitAll("sops")
        return repo
    }

    @Test func sopsFileStaysCommittedAndUntouched() throws {
        let repo = try Self.sopsRepo()
        let plan = try repo.plan()
        #expect(!plan.findings.contains { $0.rule == "secrets" }, "\(plan.findings.filter { $0.rule == "secrets" }.map(\.message))")
        #expect(!plan.operations.contains { $0.rule == "secrets" })
        for op in plan.operations {
            #expect(!op.files.contains { $0.path.hasPrefix("ai/infra/secrets/") }, "\(op.id) touches the encrypted file")
            #expect(!op.patch.contains("REPLACE_ME"), "\(op.id) templates the encrypted file")
        }
    }

    @Test func sopsPlaintextValueIsReportedWithoutPatch() throws {
        let repo = try Self.sopsRepo()
        try repo.write("ai/infra/secrets/db.enc.yaml", Self.sopsYAML.replacingOccurrences(
            of: "    DB_PASSWORD: \(Self.enc)", with: "    DB_PASSWORD: s3cr3t-Pa55w0rd-real"))
        try repo.commitAll("plaintext left")
        let plan = try repo.plan()
        let finding = try #require(plan.findings.first { $0.rule == "secrets" && $0.file == "ai/infra/secrets/db.enc.yaml" })
        #expect(finding.line == 8 && finding.message.contains("sops"), "\(finding.message)")
        #expect(finding.operation == nil)
        #expect(!plan.operations.contains { op in op.files.contains { $0.path.hasPrefix("ai/infra/secrets/") } })
    }

    /// An unlocked git-crypt checkout shows plaintext, but git stores the file encrypted.
    @Test func gitCryptFilteredFileIsNoLeak() throws {
        let repo = try Self.sopsRepo()
        try repo.write(".gitattributes", "ai/infra/secrets/** filter=git-crypt diff=git-crypt\n")
        try repo.write("ai/infra/secrets/prod.env", "DB_PASSWORD=s3cr3t-Pa55w0rd-real\n")
        try repo.write("ai/infra/other.env", "DB_PASSWORD=s3cr3t-Pa55w0rd-real\n")
        try repo.commitAll("git-crypt")
        let plan = try repo.plan()
        let files = Set(plan.findings.filter { $0.rule == "secrets" }.map(\.file))
        #expect(files == ["ai/infra/other.env"], "\(files)")
    }
}
