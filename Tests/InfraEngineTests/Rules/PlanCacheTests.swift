import Foundation
import Testing
@testable import InfraEngine

/// A manifest's parse and a file's credential scan belong to the plan run that asked for
/// them: they live in its `ScriptCache` (issue 12), so within one plan a second ask is
/// answered from there, and another plan run (another cache) parses and scans on its own.
/// A value planted in one plan's cache shows which cache an ask reads.
@Suite struct PlanCacheTests {
    static let manifest = "ai/infra/manifests/app.yaml"
    static let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n"
    static let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n"
    static let envFile = "ai/infra/app.env"
    static let credentials = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7REALKEY\n"

    @Test func aManifestIsParsedOncePerPlanRun() {
        let plan = ScriptCache(), other = ScriptCache()
        let kinds = { (file: ManifestFile) in file.objects.map(\.kind) }
        _ = plan.derived(ManifestFile.cacheKey(Self.manifest), from: [Self.deployment]) {
            ManifestFile(path: Self.manifest, text: Self.service)
        }
        // The plan's own cache answers; another plan run parses the bytes it is given.
        #expect(kinds(ManifestFile.cached(path: Self.manifest, text: Self.deployment, in: plan)) == ["Service"])
        #expect(kinds(ManifestFile.cached(path: Self.manifest, text: Self.deployment, in: other)) == ["Deployment"])
        // Its second ask is a hit: nothing is parsed again.
        let again = other.derived(ManifestFile.cacheKey(Self.manifest), from: [Self.deployment]) { () -> ManifestFile in
            Issue.record("parsed twice in one plan run")
            return ManifestFile(path: Self.manifest, text: Self.deployment)
        }
        #expect(kinds(again) == ["Deployment"])
        // New bytes at the path are parsed, in the plan that has them.
        #expect(kinds(ManifestFile.cached(path: Self.manifest, text: Self.deployment + "---\n" + Self.service, in: plan))
                == ["Deployment", "Service"])
    }

    @Test func aFileIsScannedOncePerPlanRun() {
        let plan = ScriptCache(), other = ScriptCache()
        let planted = [SecretScanner.Hit(kind: "planted", line: 1, value: "not-a-credential")]
        _ = plan.derived(SecretScanner.cacheKey(Self.envFile), from: [Self.credentials]) { planted }
        #expect(SecretScanner.scan(file: Self.credentials, path: Self.envFile, cache: plan) == planted)
        let fresh = SecretScanner.scan(file: Self.credentials, path: Self.envFile)
        #expect(fresh.contains { $0.kind == SecretKind.awsAccessKey })
        #expect(SecretScanner.scan(file: Self.credentials, path: Self.envFile, cache: other) == fresh)
        let again = other.derived(SecretScanner.cacheKey(Self.envFile), from: [Self.credentials]) { () -> [SecretScanner.Hit] in
            Issue.record("scanned twice in one plan run")
            return []
        }
        #expect(again == fresh)
        // Without a plan (a blob the journal keeps, a one-off caller) nothing is kept.
        #expect(SecretScanner.scan(file: Self.credentials, path: Self.envFile) == fresh)
    }
}
