import Foundation
import Testing
@testable import InfraEngine

/// The Entry path and Helpers sections of EXPECTED-edge-messy.md, as (file, line, words the
/// message must contain).
struct ExpectedFinding: CustomStringConvertible, Sendable {
    let file: String
    let line: Int
    let words: [String]
    var description: String { "\(file):\(line) \(words.joined(separator: " "))" }
}

let edgeMessyEntryAndHelpers: [ExpectedFinding] = [
    // Entry path: three ways to run it.
    .init(file: "README.md", line: 7, words: ["./scripts/bootstrap.sh", "does not exist"]),
    .init(file: "ai/infra/README.md", line: 7, words: ["./bin/run-all.sh", "another way"]),
    .init(file: "ai/infra/README.md", line: 9, words: ["bash tasks/050-cert-manager.sh", "by hand"]),
    // run-all.sh: hand list skipping 045 and naming 080; no strict mode; no logs.
    .init(file: "ai/infra/bin/run-all.sh", line: 4, words: ["hand-written task list", "skips 045-dns-zone", "080-monitoring", "does not exist"]),
    .init(file: "ai/infra/bin/run-all.sh", line: 1, words: ["no strict mode"]),
    .init(file: "ai/infra/bin/run-all.sh", line: 4, words: ["logs nothing", "ai/infra/logs/"]),
    .init(file: ".gitignore", line: 1, words: ["ai/infra/logs/", "not git-ignored"]),
    // Helpers.
    .init(file: "ai/infra/tasks/020-vpc.sh", line: 3, words: ["`log`", "different body", "ai/infra/lib/helpers.sh:2"]),
    .init(file: "ai/infra/tasks/020-vpc.sh", line: 4, words: ["`die`", "different body", "ai/infra/lib/helpers.sh:3"]),
    .init(file: "ai/infra/tasks/020-vpc.sh", line: 1, words: ["does not source", "ai/infra/lib/helpers.sh"]),
    .init(file: "ai/infra/tasks/050-cert-manager.sh", line: 4, words: ["sources the library, then redefines", "`log`"]),
    .init(file: "ai/infra/tasks/010-enable-apis.sh", line: 1, words: ["set -euo pipefail"]),
]

@Suite struct FixtureFindingsTests {
    @Test(arguments: edgeMessyEntryAndHelpers)
    func edgeMessyReports(_ expected: ExpectedFinding) throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let match = plan.findings.first { f in
            f.file == expected.file && f.line == expected.line && expected.words.allSatisfy { f.message.contains($0) }
        }
        #expect(match != nil, "missing finding \(expected); got:\n\(plan.findings.map { "\($0.location): \($0.message)" }.joined(separator: "\n"))")
    }

    @Test func everyFindingPointsAtARealLine() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        for f in plan.findings {
            let text = repo.read(f.file) ?? ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(f.line >= 1 && (f.line <= max(lines, 1) || text.isEmpty), "\(f.location) is past the end of the file")
        }
    }

    @Test func fixableFindingsNameTheirOperation() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let ids = plan.operations.map(\.id)
        #expect(ids.starts(with: ["helpers-normalise-lib", "entrypoint-canonical-init"]))
        for f in plan.findings where f.rule == "helpers" {
            // A task's own version of a library helper (020-vpc's `die` exits 2) is reported and kept.
            if f.severity == .info {
                #expect(f.operation == nil && f.message.contains("kept"), "\(f.location) \(f.message)")
            } else {
                #expect(f.operation == "helpers-normalise-lib", "\(f.location) \(f.message)")
            }
        }
        let entry = try #require(plan.operation("entrypoint-canonical-init"))
        #expect(entry.dependsOn == ["helpers-normalise-lib"])
        // Dependencies always come first.
        for (i, op) in plan.operations.enumerated() {
            for dep in op.dependsOn { #expect(ids.firstIndex(of: dep).map { $0 < i } == true, "\(op.id) before \(dep)") }
        }
    }

    @Test func noFalseHelpersFindings() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        // 030, 045, 060, 070 source the library, are strict and define nothing.
        for task in ["030-cluster", "045-dns-zone", "060-gateway", "070-hello"] {
            let path = "ai/infra/tasks/\(task).sh"
            #expect(!plan.findings.contains { $0.file == path && $0.rule == "helpers" }, "false finding on \(path)")
        }
    }
}
