import Foundation

/// A repository's plan as `infra-tui plan --no-validate --format json` prints it (the schema
/// in docs/ops-block.md), read once for whatever a test needs from it.
struct PlanJSON {
    /// The operations, in queue order, as JSON objects (`id`, `dependsOn`, `commands`, `files`…).
    let operations: [[String: Any]]
    /// The findings, as JSON objects (`operation` is null or absent for one without a fix).
    let findings: [[String: Any]]

    /// Operation ids, in queue order.
    var ids: [String] { operations.compactMap { $0["id"] as? String } }

    /// Each operation's `dependsOn`, by id.
    var dependsOn: [String: [String]] {
        var out: [String: [String]] = [:]
        for op in operations { if let id = op["id"] as? String { out[id] = op["dependsOn"] as? [String] ?? [] } }
        return out
    }
}

extension E2E {
    /// Runs the binary's `plan` on `repo`; throws when it cannot run, fails, or prints no JSON
    /// object.
    static func plan(_ repo: URL) throws -> PlanJSON {
        let r = try Sh.run(binary!, ["plan", "--repo", repo.path, "--no-validate", "--format", "json"])
        guard r.status == 0, let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw PlanJSONError(message: "plan of \(repo.path) exited \(r.status): \(r.stderr)")
        }
        return PlanJSON(operations: json["operations"] as? [[String: Any]] ?? [], findings: json["findings"] as? [[String: Any]] ?? [])
    }

    /// Operation ids of the plan, in queue order (`plan(_:).ids`).
    static func operationIDs(_ repo: URL) throws -> [String] { try plan(repo).ids }
}

struct PlanJSONError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
