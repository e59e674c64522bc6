import Foundation
@testable import InfraEngine

/// One of the failure-kind cases (a copy of `shared/cases/` kept in
/// `Tests/InfraEngineTests/Fixtures/cases/`): its repository copied into a throwaway git
/// checkout with one commit, planned with the case's `--infra-dir`.
///
/// Usage: `let c = try CaseRepo("16-creates-guarded-by-helper"); let plan = try c.plan()`.
/// `twice(_:_:)` runs the case's "Run check" through the stateful stubs (`_stubs/twice.sh`).
final class CaseRepo {
    let name: String
    let repo: TestRepo
    /// The case's `--infra-dir` (from its `INFRA_DIR` file), `ai/infra` by default.
    let infraDir: String

    static var casesFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/cases")
    }

    static var stubs: URL { casesFolder.appendingPathComponent("_stubs") }

    init(_ name: String) throws {
        self.name = name
        let folder = Self.casesFolder.appendingPathComponent(name)
        repo = try TestRepo(fixture: nil, git: false)
        let source = folder.appendingPathComponent("repo")
        for item in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(item), to: repo.root.appendingPathComponent(item))
        }
        let infra = (try? String(contentsOf: folder.appendingPathComponent("INFRA_DIR"), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        infraDir = (infra?.isEmpty ?? true) ? "ai/infra" : infra!
        try repo.git("init", "-q", "-b", "main")
        try repo.commitAll("base")
    }

    var root: URL { repo.root }

    func plan() throws -> Plan { try Planner.plan(root: repo.root, options: PlanOptions(infraDir: infraDir)) }

    /// Plans, writes every operation, commits the result and returns the plan that was applied.
    @discardableResult
    func applyAll() throws -> Plan {
        let plan = try plan()
        _ = try PlanWriter.apply(plan.operations, root: repo.root)
        try repo.commitAll("applied")
        return plan
    }

    /// The text of a file in the work tree.
    func read(_ path: String) -> String? { repo.read(path) }

    /// Runs `command` (a bash command line, started in the work tree) twice against the case
    /// stubs with only `env` set; returns twice.sh's summary line and its exit status.
    func twice(_ command: String, _ env: [String: String] = [:], once: Bool = false) throws -> Run.Result {
        var args = [Self.stubs.appendingPathComponent("twice.sh").path]
        if once { args.append("--once") }
        args += [repo.root.path, command]
        args += env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return try Run.command("/bin/bash", args)
    }
}
