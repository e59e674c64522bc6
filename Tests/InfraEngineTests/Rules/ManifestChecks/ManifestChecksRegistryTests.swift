import Foundation
import Testing
@testable import InfraEngine

/// The registry's ids are unique and `docs/manifests.md` lists each with its purpose and
/// predicted condition, and nothing else.
@Suite struct ManifestChecksRegistryTests {
    static var docs: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/manifests.md"), encoding: .utf8)) ?? ""
    }

    @Test func idsAreUniqueAndShaped() {
        let ids = ManifestChecks.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(id.split(separator: ".").count == 3 && id == id.lowercased(), "\(id)") }
    }

    /// Adding a check is one file, one registry line and its tests: every registered check is
    /// run by name in at least one suite of this folder.
    @Test func everyCheckHasTests() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let sources = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" && $0.lastPathComponent != "ManifestChecksRegistryTests.swift" }
            .map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        for check in ManifestChecks.all {
            let name = String(describing: type(of: check))
            #expect(sources.contains(".problems(\(name)()"), "\(check.id): no test runs \(name)")
        }
    }

    @Test func docsListEveryCheckWithItsPurposeAndCondition() {
        let rows = Self.docs.split(separator: "\n").filter { $0.hasPrefix("| `") }
        let documented = rows.compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) }
        #expect(documented == ManifestChecks.all.map(\.id))
        for check in ManifestChecks.all {
            let row = rows.first { $0.hasPrefix("| `\(check.id)`") }.map(String.init) ?? ""
            #expect(row.contains("| \(check.purpose) |"), "\(check.id) purpose")
            #expect(row.contains("| \(check.condition.text) |"), "\(check.id) condition")
        }
    }
}
