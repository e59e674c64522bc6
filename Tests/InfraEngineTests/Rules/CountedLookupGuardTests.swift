import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// A count of what a lookup lists, compared with zero, guards a create (s10): `n=$(gcloud ...
/// list | grep -c X); if [ "$n" = "0" ]; then create; fi` and `if [ "$(gcloud ... list |
/// grep -c X)" -eq 0 ]; then create; fi`. No describe guard is nested inside such a guard.
@Suite struct CountedLookupGuardTests {
    static func findings(_ body: String) throws -> [Finding] {
        let text = "#!/usr/bin/env bash\nset -uo pipefail\n" + body + "\n"
        let files = ["ai/infra/tasks/010-a.sh": RepoFile(text: text, mode: .executable)]
        let reality = try RepoReality(snapshot: RepoSnapshot(files: files), infraDir: "ai/infra", cache: ScriptCache())
        return RerunSafetyRule().findings(in: reality).filter { $0.message.contains("unguarded") }
    }

    @Test func countsComparedWithZeroGuard() throws {
        let list = "gcloud artifacts repositories list --location r --format='value(name)'"
        let guarded = [
            "existing=$(\(list) | grep -c \"/images$\")\nif [ \"$existing\" = \"0\" ]; then\n  gcloud artifacts repositories create images --location r\nfi",
            "n=$(\(list) | grep -c images)\nif [ \"$n\" -eq 0 ]; then gcloud artifacts repositories create images --location r; fi",
            "if [ \"$(\(list) | grep -c images)\" -eq 0 ]; then\n  gcloud artifacts repositories create images --location r\nfi",
            "if [ 0 -eq \"$(\(list) | wc -l)\" ]; then gcloud artifacts repositories create images --location r; fi",
            "n=$(\(list) | grep -c images)\nif [ \"$n\" -gt 0 ]; then echo there; else gcloud artifacts repositories create images --location r; fi",
        ]
        for body in guarded { #expect(try Self.findings(body).isEmpty, "\(body)") }
    }

    @Test func comparisonsThatDoNotGuard() throws {
        let list = "gcloud artifacts repositories list --location r --format='value(name)'"
        let unguarded = [
            // The then-branch of "more than none" runs when it exists.
            "n=$(\(list) | grep -c images)\nif [ \"$n\" -gt 0 ]; then gcloud artifacts repositories create images --location r; fi",
            // Not a count: the listed text compared with "0" says nothing.
            "n=$(\(list))\nif [ \"$n\" = \"0\" ]; then gcloud artifacts repositories create images --location r; fi",
            // A count compared with another number.
            "n=$(\(list) | grep -c images)\nif [ \"$n\" -eq 2 ]; then gcloud artifacts repositories create images --location r; fi",
        ]
        for body in unguarded { #expect(try Self.findings(body).count == 1, "\(body)") }
    }

    /// The reading on a parse: which side and which operator.
    @Test func countTestReading() {
        let script = ShellReader.read("[ \"$n\" -eq 0 ]\n[ 0 -lt \"$n\" ]\n[ \"$n\" != 0 ]\n[ \"$n\" -eq 3 ]\n")
        let readings = script.commands.map { c in
            BranchFacts.countTest(c.arguments.filter { $0.literal != "]" }).map { "\($0.1)" } ?? "-"
        }
        #expect(readings == ["absent", "exists", "exists", "-"])
    }

    /// The whole plan leaves such a task's create as it is (no nested describe guard), and the
    /// task still creates the repository once and only once when run against a fake gcloud.
    @Test func planAddsNoNestedGuard() throws {
        let repo = try TestRepo(fixture: nil)
        let task = """
            #!/bin/bash
            set -uo pipefail
            existing=$(gcloud artifacts repositories list --location r --format='value(name)' | grep -c "/images$")
            if [ "$existing" = "0" ]; then
              gcloud artifacts repositories create images --location r --repository-format docker
            fi

            """
        try repo.write("ai/infra/tasks/05-registry.sh", task, executable: true)
        try repo.commitAll("task")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ai/infra"))
        let patches = plan.operations.compactMap { op in op.files.contains { $0.path == "ai/infra/tasks/05-registry.sh" } ? op.patch : nil }
        #expect(!patches.joined().contains("repositories describe"), "\(patches)")
        // Run against a fake gcloud that lists the repository on the second run.
        let bin = repo.url("fakebin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fake = "#!/bin/bash\necho \"$*\" >> \"$FAKE_LOG\"\nif [ \"$3\" = list ] && [ -f \"$FAKE_STATE\" ]; then echo projects/p/locations/r/repositories/images; fi\nif [ \"$3\" = create ]; then touch \"$FAKE_STATE\"; fi\n"
        try fake.write(to: bin.appendingPathComponent("gcloud"), atomically: true, encoding: .utf8)
        _ = try Run.command("/bin/chmod", ["+x", bin.appendingPathComponent("gcloud").path])
        let log = repo.url("fake.log").path, state = repo.url("fake.state").path
        let env = ["PATH": bin.path + ":/usr/bin:/bin", "FAKE_LOG": log, "FAKE_STATE": state]
        for _ in 0..<2 { #expect(try Run.command("/bin/bash", [repo.url("ai/infra/tasks/05-registry.sh").path], env: env).status == 0) }
        let calls = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(calls.components(separatedBy: "repositories create").count == 2, "\(calls)")
    }
}
