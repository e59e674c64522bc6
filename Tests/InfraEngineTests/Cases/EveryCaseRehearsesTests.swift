import Foundation
import Testing
@testable import InfraEngine

/// Issue 13's done-when: each handed case applies with every check on (`apply --accept all`
/// exits 0, no operation refused), and the applied tree rehearses cleanly, twice
/// (`infra-tui rehearse`: run 1 passes, run 2 passes and creates nothing, nothing deleted),
/// with placeholders for what the environment lacks and the working folder laid as it is.
@Suite struct EveryCaseRehearsesTests {
    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    /// Set-up steps a case's docs give a person before the first run, which no template in
    /// the tree stands for: (file to make, where the docs say so). The rest of the working
    /// folder (env files made from their templates, ignored files) the rehearsal lays itself.
    static let documentedSetUp: [String: (file: String, source: String)] = [
        "25-credentials-beyond-key-files": ("credentials/dns-admin.json", "README step 1: the DNS solver key at its default path"),
    ]

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"), arguments: CaseHarnessTests.names)
    func appliedTreeRehearsesTwice(_ name: String) throws {
        let c = try CaseRepo(name)
        // Through the command line, validated (rehearsal check included), as a person applies.
        let apply = try Run.tui(["apply", "--repo", c.root.path, "--infra-dir", c.infraDir, "--accept", "all"])
        #expect(apply.status == 0, "\(name): \(apply.stderr)")
        try c.repo.commitAll("applied")
        if let step = Self.documentedSetUp[name] {
            let key = c.root.appendingPathComponent(step.file)
            try FileManager.default.createDirectory(at: key.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("{}\n".utf8).write(to: key)
        }
        let r = try Run.tui(["rehearse", "--repo", c.root.path, "--infra-dir", c.infraDir])
        let verdict = r.stdout.split(separator: "\n").first { $0.hasPrefix("verdict:") }.map(String.init) ?? r.stderr
        #expect(r.status == 0, "\(name): \(verdict)\n\(r.stdout)")
    }
}
