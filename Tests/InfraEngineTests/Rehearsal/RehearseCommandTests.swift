import Foundation
import Testing
@testable import InfraEngine

/// `infra-tui rehearse` end to end: the real binary, the sandbox and the doubles.
@Suite(.serialized)
struct RehearseCommandTests {
    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    func demo() throws -> TestRepo {
        let repo = try TestRepo(fixture: nil, git: false)
        try FileManager.default.removeItem(at: repo.root)
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Resources/demo"), to: repo.root)
        return repo
    }

    /// Before any fix the demo's creates are unguarded: the report names the tasks whose
    /// second run fails and the calls that fail, and the verdict does not hold.
    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func theDemoNamesTheTasksWhoseSecondRunFails() throws {
        let repo = try demo()
        let r = try Run.tui(["rehearse", "--repo", repo.root.path], env: ["PROJECT_ID": "ledger-demo"])
        #expect(r.status == 1, "\(r.stderr)")
        for task in ["020-network", "050-dns", "080-ledger-api", "040-artifact-registry"] {
            #expect(r.stdout.contains("run 2: \(task) fails"), "\(task)\n\(r.stdout)")
            #expect(r.stdout.contains("run 2: \(task) creates again"), "\(task)")
        }
        #expect(r.stdout.contains("already exists"))
        #expect(r.stdout.contains("PROJECT_ID") == false || !r.stdout.contains("PROJECT_ID=demo-project"), "the person's value is kept")
        #expect(r.stdout.contains("gcloud compute networks create ledger-vpc --subnet-mode=custom --project ledger-demo"))

        let json = try Run.tui(["rehearse", "--repo", repo.root.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let verdict = try #require(object["verdict"] as? [String: Any])
        #expect(verdict["passed"] as? Bool == false)
        #expect((object["runs"] as? [Any])?.isEmpty == false)
        #expect((object["placeholders"] as? [String: String])?["PROJECT_ID"] == "demo-project")

        let ops = try Run.tui(["rehearse", "--repo", repo.root.path, "--format", "ops", "--only", "020-network"])
        let blocks = try OpsBlockText.blocks(in: ops.stdout)
        #expect(blocks.count == 1)
        #expect(blocks.first?.scalar("Mode") == "test")
        #expect(blocks.first?.commands.first?.hasPrefix("gcloud compute networks create ledger-vpc") == true)
    }

    /// After every proposed operation is applied, both runs pass: the fixes hold when run.
    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func theDemoPassesAfterApplyingThePlan() throws {
        let repo = try demo()
        try repo.git("init", "-q", "-b", "main")
        try repo.commitAll("demo")
        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        let r = try Run.tui(["rehearse", "--repo", repo.root.path])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("verdict: passed"))
    }

    /// A scaffolding that is safe to re-run passes; exit 0.
    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func anIdempotentScaffoldingPasses() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("infra/tasks/01_ns.sh", """
            #!/bin/bash
            set -euo pipefail
            kubectl create namespace "$APP_NS" --dry-run=client -o yaml | kubectl apply -f -
            helm repo add bitnami https://charts.bitnami.com/bitnami
            helm upgrade --install web bitnami/nginx -n "$APP_NS"
            gcloud compute addresses describe web-ip --region "$APP_REGION" >/dev/null 2>&1 \\
              || gcloud compute addresses create web-ip --region "$APP_REGION"

            """)
        try repo.write("env.txt", "APP_NS=shop\nAPP_REGION=us-central1\n")
        let r = try Run.tui(["rehearse", "--repo", repo.root.path, "--infra-dir", "infra", "--env-file", repo.url("env.txt").path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("verdict: passed"))
        #expect(r.stdout.contains("gcloud compute addresses create web-ip --region us-central1"))
        #expect(!r.stdout.contains("placeholders"))
    }

    /// Case 02: the teardown task is left out of a full run (no delete), and runs, deletes
    /// allowed, only when named.
    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func teardownOnlyWhenAskedFor() throws {
        let c = try CaseRepo("02-teardown-task-in-sequence")
        let full = try Run.tui(["rehearse", "--repo", c.root.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(full.stdout.utf8)) as? [String: Any])
        #expect(object["teardown"] as? [String] == ["099-destroy"])
        #expect(!full.stdout.contains("\"class\" : \"delete\""))
        let only = try Run.tui(["rehearse", "--repo", c.root.path, "--only", "099-destroy"])
        #expect(only.stdout.contains("delete gcloud container clusters delete orders"), "\(only.stdout)")
        #expect(!only.stdout.contains("run 1: 099-destroy deletes"))
    }

    /// The doubles' binary kept in /tmp itself (a copy someone unpacked there): the sandbox's
    /// /tmp stays writable, so a task that keeps work files there passes. Binding the
    /// binary's folder again made all of /tmp read-only in the sandbox.
    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func doublesKeptInTmpLeaveTmpWritable() throws {
        let doubles = try #require(DoublesBinary.find())
        let copy = "/tmp/infra-tui-double-\(UUID().uuidString.prefix(8))"
        try FileManager.default.copyItem(atPath: doubles.binary, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-scratch.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            mkdir -p /tmp/scratch-work
            echo ready > /tmp/scratch-work/state
            kubectl create namespace web --dry-run=client -o yaml | kubectl apply -f -

            """, executable: true)
        let r = try Run.tui(["rehearse", "--repo", repo.root.path], env: ["INFRA_TUI_DOUBLE_BIN": copy])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("verdict: passed"), "\(r.stdout)")
        #expect(!r.stdout.contains("Read-only file system"), "\(r.stdout)")
    }

    @Test func badUsage() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-a.sh", "echo a\n")
        #expect(try Run.tui(["rehearse", "--repo", repo.root.path, "--only", "999-none"]).status == 2)
        #expect(try Run.tui(["rehearse", "--repo", repo.root.path, "--env-file", "/nonexistent/env"]).status == 2)
    }
}
