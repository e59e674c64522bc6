import Foundation
import Testing
@testable import InfraEngine

/// What a rehearsal does before a script runs, and what it keeps of a run: the set-up a
/// person does (templates) and no credential in what it records.
@Suite struct RehearsalSetUpTests {
    @Test(arguments: [
        ("env/db.env.example", "env/db.env"), (".env.sample", ".env"), ("ai/infra/ci/kubeconfig.example.yaml", "ai/infra/ci/kubeconfig.yaml"),
        ("values.yaml.template", "values.yaml"), ("config/app.dist", "config/app"),
    ])
    func aTemplateNamesTheFileItIsCopiedTo(_ template: String, _ made: String) {
        #expect(RehearsalArea.templateTarget(template) == made)
    }

    @Test(arguments: ["env/db.env", "README.md", "example.txt", "tasks/010-example.sh", ".example"])
    func otherFilesAreNoTemplates(_ path: String) {
        #expect(RehearsalArea.templateTarget(path) == nil)
    }

    @Test func credentialsInARecordedCallAreRedacted() {
        let secret = "J4PW" + "Y8MLJDvvEAAX"
        let words = ["helm", "upgrade", "--install", "bi", "repo/bi", "--set", "init.adminUser.password=" + secret]
        let redacted = SecretMask.redact(words: words)
        #expect(redacted.count == words.count)
        #expect(!redacted.joined(separator: " ").contains(secret))
        #expect(redacted.last == "init.adminUser.password=" + SecretMask.marker)
        #expect(SecretMask.redact(words: ["kubectl", "get", "pods"]) == ["kubectl", "get", "pods"])
    }

    @Test func aTokenInAnOutputLineIsRedacted() {
        let line = "token: ghp_" + String(repeating: "a1B2", count: 9)
        #expect(!SecretMask.redact(line: line).contains("ghp_a1B2"))
    }
}
