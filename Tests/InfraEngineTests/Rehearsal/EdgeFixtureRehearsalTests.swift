import Foundation
import Testing
@testable import InfraEngine

/// Issue 11's done-when for the edge fixture (the demo's is RehearseCommandTests): before any
/// fix, `rehearse` names the tasks whose second run fails and the calls that fail; after
/// `apply --accept all`, both runs pass with the environment the written runbook documents.
@Suite(.serialized)
struct EdgeFixtureRehearsalTests {
    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func beforeTheFixesTheSecondRunFailsAndAfterThemBothRunsPass() throws {
        let repo = try TestRepo()
        let before = try Run.tui(["rehearse", "--repo", repo.root.path])
        #expect(before.status == 1, "\(before.stdout)")
        // Each of these creates unguarded (EXPECTED-edge-messy.md): run 2 fails on its create.
        for task in ["020-vpc", "045-dns-zone", "050-cert-manager", "070-hello"] {
            #expect(before.stdout.contains("run 2: \(task) fails"), "\(task)\n\(before.stdout)")
            #expect(before.stdout.contains("run 2: \(task) creates again"), "\(task)")
        }
        #expect(before.stdout.contains("-> rc 1: ") && before.stdout.contains("already exists"), "the failing calls are named")

        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        // The environment the runbook documents: every variable it marks required, with a
        // value of its kind (a person's real ones).
        let runbook = try #require(repo.read("docs/plans/infra/runbook.md"))
        let required = runbook.split(separator: "\n").compactMap { line -> String? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, cells[1] == "required", cells[0].hasPrefix("`") else { return nil }
            return cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
        }
        #expect(!required.isEmpty, "the runbook lists the required environment")
        let env = required.map { "\($0)=\(RehearsalTargets.placeholder(for: $0))" }.joined(separator: "\n") + "\n"
        try repo.write("documented.env", env)
        let after = try Run.tui(["rehearse", "--repo", repo.root.path, "--env-file", repo.url("documented.env").path])
        #expect(after.status == 0, "\(after.stdout)")
        #expect(after.stdout.contains("verdict: passed"))
        #expect(!after.stdout.contains("placeholders"), "the documented environment is complete: \(after.stdout.prefix(400))")
    }
}
