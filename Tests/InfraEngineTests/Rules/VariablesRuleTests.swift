import Foundation
import Testing
@testable import InfraEngine

/// The Variables section of EXPECTED-edge-messy.md.
let edgeMessyVariables: [ExpectedFinding] = [
    .init(file: "ai/infra/tasks/030-cluster.sh", line: 5, words: ["$REGION", "set -u", "nothing sets", "derive it from ZONE"]),
    .init(file: "ai/infra/tasks/020-vpc.sh", line: 9, words: ["$ZONE", "validate"]),
    .init(file: "ai/infra/tasks/045-dns-zone.sh", line: 7, words: ["$ZONE", "validate"]),
    .init(file: "ai/infra/tasks/070-hello.sh", line: 8, words: ["$DOMAIN", "validate"]),
]

@Suite struct VariablesRuleTests {
    @Test(arguments: edgeMessyVariables)
    func edgeMessyReports(_ expected: ExpectedFinding) throws {
        let plan = try TestRepo().plan()
        let match = plan.findings.first { f in
            f.rule == "variables" && f.file == expected.file && f.line == expected.line && expected.words.allSatisfy { f.message.contains($0) }
        }
        #expect(match != nil, "missing \(expected); got \(plan.findings.filter { $0.rule == "variables" }.map { "\($0.location) \($0.message)" })")
        #expect(match?.operation == "variables-env-" + InfraLayout.taskName(expected.file))
    }

    @Test func edgeMessyHasNoOtherVariableFindings() throws {
        let plan = try TestRepo().plan()
        #expect(plan.findings.filter { $0.rule == "variables" }.count == edgeMessyVariables.count)
    }

    @Test func fixesDeriveValidateAndKeepTheEntrypointInStep() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let cluster = try #require(plan.operation("variables-env-030-cluster"))
        #expect(cluster.patch.contains("+require_env PROJECT_ID CLUSTER ZONE\n+REGION=\"${REGION:-${ZONE%-*}}\"\n"))
        // REGION is derivable from the start, so the entrypoint never lists it.
        #expect(plan.operations.allSatisfy { !$0.patch.contains("+REQUIRED_ENV=(CLUSTER DOMAIN PROJECT_ID REGION") })
        #expect(try #require(plan.operation("variables-env-045-dns-zone")).patch.contains("+require_env PROJECT_ID DOMAIN ZONE\n"))
        #expect(try #require(plan.operation("variables-env-020-vpc")).patch.contains("+require_env ZONE\n"))
        #expect(try #require(plan.operation("variables-env-070-hello")).patch.contains("+require_env DOMAIN\n"))

        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        let required = StubTools.requiredEnvironment(of: repo.url("ai/infra/init.sh"))
        #expect(!required.contains("REGION"))
        #expect(required.isSuperset(of: ["PROJECT_ID", "ZONE", "CLUSTER", "DOMAIN"]))
        // The task still runs standalone, deriving REGION from ZONE.
        let stubs = try StubTools(in: repo.root.deletingLastPathComponent().appendingPathComponent("stubs-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: stubs.folder) }
        let run = try Run.command("/bin/bash", [repo.url("ai/infra/tasks/030-cluster.sh").path],
                                  env: stubs.environment(["PROJECT_ID": "p", "CLUSTER": "c", "ZONE": "europe-west1-b"]).filter { $0.key != "REGION" })
        #expect(run.status == 0, "\(run.stderr)")
        #expect(stubs.calls().contains { $0.contains("--region europe-west1 ") })
        // ...and stops at once, naming it, when ZONE is missing.
        let missing = try Run.command("/bin/bash", [repo.url("ai/infra/tasks/070-hello.sh").path], env: stubs.environment([:]))
        #expect(missing.status != 0 && missing.stderr.contains("DOMAIN"))
    }

    @Test func runbookListsRequiredAndDerivedVariables() throws {
        let repo = try TestRepo()
        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        let snapshot = try RepoReader(root: repo.root, infraDir: "ai/infra").read()
        let reality = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
        let vars = TaskEnvironment.variables(in: reality)
        let region = try #require(vars.first { $0.name == "REGION" })
        #expect(region.role == .derived)
        #expect(region.explanation.contains("derived from ZONE"))
        #expect(region.readBy == ["030-cluster"])
        let zone = try #require(vars.first { $0.name == "ZONE" })
        #expect(zone.role == .required)
        #expect(zone.explanation.contains("020-vpc") && zone.explanation.contains("045-dns-zone"))
        #expect(vars.filter { $0.role == .required }.map(\.name) == RequiredEnvironment.required(in: reality))
    }

    /// The running tally a rule keeps while it rewrites tasks one by one says what a fresh
    /// look at the tree says, after every rewrite and entrypoint change.
    @Test func requiredTallyFollowsRewrites() throws {
        let repo = try TestRepo()
        let snapshot = try RepoReader(root: repo.root, infraDir: "ai/infra").read()
        let cache = ScriptCache()
        let start = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: cache)
        var tally = RequiredEnvironment.Tally(start)
        #expect(tally.list == RequiredEnvironment.required(in: start))
        let task = try #require(start.tasks.first)
        let lib = try #require(start.libraries.first)
        let edits: [(String, String)] = [
            (task.path, "#!/bin/bash\necho \"$NEW_ONE\" \"${ZONE:?}\"\nREGION=x\n"),  // reads NEW_ONE, assigns REGION
            (lib.path, lib.script.text + "\nCLUSTER=\"${CLUSTER:-c}\"\nlocal_only() { local DOMAIN=d; }\n"),
            (task.path, "#!/bin/bash\nrequire_env NEW_TWO\n"),  // NEW_ONE gone, REGION no longer assigned here
        ]
        var tree = snapshot
        for (path, text) in edits {
            tree.write(path, RepoFile(text: text, mode: .executable))
            tally.update(path, script: cache.script(path: path, text: text))
            // A library's change reaches every task that sources it: a new tally then (see Tally).
            if path == lib.path { tally = RequiredEnvironment.Tally(try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: cache)) }
            #expect(tally.list == RequiredEnvironment.required(in: try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: cache)))
        }
        let entry = start.layout.entrypoint
        let entryText = (tree.text(entry) ?? "#!/bin/bash\n") + "NEW_TWO=\"${NEW_TWO:-two}\"\n"
        tree.write(entry, RepoFile(text: entryText, mode: .executable))
        tally.updateEntrypoint(cache.script(path: entry, text: entryText))
        let fresh = RequiredEnvironment.required(in: try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: cache))
        #expect(tally.list == fresh && !fresh.contains("NEW_TWO"))
    }

    @Test func withoutAValidatorTheTaskUsesParameterChecks() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-a.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            echo "bucket gs://$BUCKET in ${LOCATION}"
            for i in 1 2; do echo "$i"; done
            NAME=x
            echo "$NAME ${OPTIONAL:-none}"

            """, executable: true)
        let (findings, drafts, _) = try ruleRun(VariablesRule(), on: repo)
        #expect(findings.map(\.message).sorted().map { String($0.prefix(16)) } == ["reads `$BUCKET` ", "reads `$LOCATION"])
        let text = try #require(written(drafts, "ai/infra/tasks/010-a.sh"))
        #expect(text.contains("""
            set -euo pipefail
            : "${BUCKET:?BUCKET must be set (see the required environment)}"
            : "${LOCATION:?LOCATION must be set (see the required environment)}"
            echo
            """))
    }
}
