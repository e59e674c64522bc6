import Foundation
import Testing
@testable import InfraEngine

/// Cases whose wrong fixes the `rehearsal` check must refuse, on the planner's own output.
@Suite(.serialized)
struct RehearsalCaseTests {
    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    /// Case 13: tasks give their own defaults (`${X:=v}`). Whatever the planner proposes,
    /// every operation that passes validation leaves a scaffolding whose first run still
    /// passes with no variable set, and an operation demanding one of those defaults
    /// up front is refused by the rehearsal with the failing line.
    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func defaultsAreNeverTurnedIntoRequirements() throws {
        let c = try CaseRepo("13-defaults-and-builtin-vars")
        let plan = try Run.tui(["plan", "--repo", c.root.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let operations = try #require(object["operations"] as? [[String: Any]])
        for op in operations {
            let patch = op["patch"] as? String ?? ""
            let demands = patch.split(separator: "\n").contains { $0.hasPrefix("+") && ($0.contains("KUBECTL_VERSION:?") || $0.contains("TOOLS_DIR:?")) }
            guard demands else { continue }
            let rehearsal = op["rehearsal"] as? [String: Any]
            #expect(rehearsal?["verdict"] as? String == "refused", "\(op["id"] ?? "")")
            #expect((rehearsal?["detail"] as? String ?? "").contains("must be set") || (rehearsal?["detail"] as? String ?? "").contains("missing required"))
        }
        try Data().write(to: c.root.appendingPathComponent("empty.env"))
        _ = try Run.tui(["apply", "--repo", c.root.path, "--accept", "all"])
        let r = try Run.tui(["rehearse", "--repo", c.root.path, "--env-file", c.root.appendingPathComponent("empty.env").path, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for run in report["runs"] as? [[String: Any]] ?? [] where run["run"] as? Int == 1 {
            #expect(run["status"] as? Int == 0, "\(run["step"] ?? ""): \(run["firstError"] ?? "")")
        }
    }

    /// Case 20: operands that are not files (a URL given to `kubectl apply -f`). A guard
    /// `[ -f <url> ] || die` always fails: the rehearsal refuses it, and once the rest is
    /// applied both runs pass with the case's environment (its Run check).
    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func aFileGuardOnAURLIsRefusedAndTheRestRuns() throws {
        let c = try CaseRepo("20-non-file-operands")
        let plan = try Run.tui(["plan", "--repo", c.root.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        for op in object["operations"] as? [[String: Any]] ?? [] {
            let added = (op["patch"] as? String ?? "").split(separator: "\n").filter { $0.hasPrefix("+") }
            guard added.contains(where: { $0.contains("[ -f") && ($0.contains("http") || $0.contains("_URL")) }) else { continue }
            let rehearsal = op["rehearsal"] as? [String: Any]
            #expect(rehearsal?["verdict"] as? String == "refused", "\(op["id"] ?? "")")
        }
        try Data("REV_PROJECT=demo-project\nCERT_CONTACT_EMAIL=platform@example.org\n".utf8)
            .write(to: c.root.appendingPathComponent("case.env"))
        _ = try Run.tui(["apply", "--repo", c.root.path, "--accept", "all"])
        let r = try Run.tui(["rehearse", "--repo", c.root.path, "--env-file", c.root.appendingPathComponent("case.env").path])
        #expect(r.status == 0, "\(r.stdout)")
    }
}
