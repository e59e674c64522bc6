import Testing
@testable import InfraEngine

/// Validation refuses any patch that copies a credential of a file it touches: whole, or one
/// line of a key as diff context.
@Suite struct SecretCheckTests {
    static let body = ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw", "ggSjAgEAAoIBAQC7Vd2mXq0aJ3kTz9LwQ1sR"]
    static let pem = "-----BEGIN " + "PRIVATE KEY-----\n" + body.joined(separator: "\n") + "\n-----END " + "PRIVATE KEY-----"

    @Test func oneLineOfAKeyAsContextIsACopy() {
        let context = "@@ -3,3 +3,4 @@\n \(Self.body[1])\n -----END\n EOF\n+echo done\n"
        #expect(SecretCheck.copies(context, Self.pem))
        #expect(SecretCheck.copies("x \(Self.body[0].replacingOccurrences(of: "\n", with: "\\n")) y", Self.pem))
        #expect(!SecretCheck.copies("@@ -1 +1 @@\n-a\n+b\n", Self.pem))
    }

    @Test func shortValuesNeverMatchByChance() {
        #expect(!SecretCheck.copies("admin user", "admin", key: "bootstrapPassword"))
        #expect(SecretCheck.copies(" --set bootstrapPassword=admin\n", "admin", key: "bootstrapPassword"))
        #expect(SecretCheck.copies("--set auth.password=Qz8v2LmN7xK", "Qz8v2LmN7xK"))
    }
}
