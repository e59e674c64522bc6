import Foundation
import Testing
@testable import InfraEngine

/// The Re-runs section of EXPECTED-edge-messy.md.
let edgeMessyReRuns: [ExpectedFinding] = [
    .init(file: "ai/infra/tasks/020-vpc.sh", line: 7, words: ["gcloud compute networks create", "unguarded"]),
    .init(file: "ai/infra/tasks/020-vpc.sh", line: 8, words: ["gcloud compute networks subnets create", "unguarded"]),
    .init(file: "ai/infra/tasks/045-dns-zone.sh", line: 6, words: ["gcloud dns managed-zones create", "unguarded"]),
    .init(file: "ai/infra/tasks/045-dns-zone.sh", line: 7, words: ["gcloud compute addresses create", "unguarded"]),
    .init(file: "ai/infra/tasks/050-cert-manager.sh", line: 7, words: ["kubectl create namespace cert-manager", "unguarded"]),
    .init(file: "ai/infra/tasks/050-cert-manager.sh", line: 8, words: ["helm install cert-manager", "unguarded"]),
    .init(file: "ai/infra/tasks/060-gateway.sh", line: 4, words: ["mkdir /tmp/shop-gw", "no -p"]),
    .init(file: "ai/infra/tasks/060-gateway.sh", line: 5, words: ["helm install eg", "unguarded"]),
    .init(file: "ai/infra/tasks/070-hello.sh", line: 4, words: ["kubectl create namespace shop", "unguarded"]),
]

/// Reads a tree written by a test and runs one rule on it, as the planner would.
func ruleRun(_ rule: any Rule, on repo: TestRepo) throws -> (findings: [Finding], drafts: [OperationDraft], reality: RepoReality) {
    let snapshot = try RepoReader(root: repo.root, infraDir: "ai/infra").read()
    let reality = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
    return (rule.findings(in: reality), rule.operations(in: RuleContext(reality: reality, queued: [:])), reality)
}

/// The helpers rule on a tree of `ai/infra/lib/common.sh` (`library`) and strict tasks named
/// by `tasks` (name -> body after the shebang and `set -euo pipefail`).
func helpersRuleRun(library: String, tasks: [String: String]) throws -> (findings: [Finding], drafts: [OperationDraft]) {
    let repo = try TestRepo(fixture: nil, git: false)
    try repo.write("ai/infra/lib/common.sh", "# shellcheck shell=bash\n" + library)
    for (name, body) in tasks {
        try repo.write("ai/infra/tasks/\(name).sh", "#!/usr/bin/env bash\nset -euo pipefail\n" + body, executable: true)
    }
    let r = try ruleRun(SharedHelpersRule(), on: repo)
    return (r.findings, r.drafts)
}

/// The new text a draft writes to `path`.
func written(_ drafts: [OperationDraft], _ path: String) -> String? {
    for d in drafts { if case .write(let text, _) = d.edits[path] { return text } }
    return nil
}

func demoRepo() throws -> TestRepo {
    let repo = try TestRepo(fixture: nil, git: false)
    try FileManager.default.removeItem(at: repo.root)
    try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Resources/demo"), to: repo.root)
    try FileManager.default.moveItem(at: repo.url("gitignore"), to: repo.url(".gitignore"))
    try repo.git("init", "-q", "-b", "main")
    try repo.commitAll("demo")
    return repo
}

@Suite struct RerunSafetyRuleTests {
    @Test(arguments: edgeMessyReRuns)
    func edgeMessyReports(_ expected: ExpectedFinding) throws {
        let plan = try TestRepo().plan()
        let match = plan.findings.first { f in
            f.rule == "rerun" && f.file == expected.file && f.line == expected.line && expected.words.allSatisfy { f.message.contains($0) }
        }
        #expect(match != nil, "missing \(expected); got \(plan.findings.filter { $0.rule == "rerun" }.map { "\($0.location) \($0.message)" })")
        #expect(match?.operation == "rerun-guard-" + InfraLayout.taskName(expected.file))
    }

    @Test func edgeMessyHasNoOtherReRunFindings() throws {
        let plan = try TestRepo().plan()
        let found = plan.findings.filter { $0.rule == "rerun" }.map(\.location).sorted()
        #expect(found == edgeMessyReRuns.map { "\($0.file):\($0.line)" }.sorted())
    }

    @Test func demoReRunsAndTraps() throws {
        let plan = try demoRepo().plan()
        let found = Set(plan.findings.filter { $0.rule == "rerun" }.map(\.location))
        let t = "ai/infra/tasks/"
        let expected: Set<String> = [
            "\(t)020-network.sh:13", "\(t)020-network.sh:16", "\(t)040-artifact-registry.sh:13", "\(t)040-artifact-registry.sh:20",
            "\(t)040-artifact-registry.sh:38", "\(t)050-dns.sh:10", "\(t)050-dns.sh:17", "\(t)070-cert-manager.sh:16",
            "\(t)070-cert-manager.sh:31", "\(t)070-cert-manager.sh:32", "\(t)080-ledger-api.sh:8", "\(t)080-ledger-api.sh:11",
        ]
        #expect(found == expected, "extra: \(found.subtracting(expected)) missing: \(expected.subtracting(found))")
    }

    static let mixedTask = """
        #!/usr/bin/env bash
        set -euo pipefail
        source "$(dirname "$0")/../lib/helpers.sh"
        require_env PROJECT_ID ZONE
        gz() { gcloud "$@" --zone "$ZONE"; }
        LOG_FILE=/tmp/mixed.log
        # gcloud compute networks create in-a-comment
        gcloud services enable compute.googleapis.com --project "$PROJECT_ID"
        gcloud projects add-iam-policy-binding "$PROJECT_ID" --member=user:a@example.com --role=roles/viewer
        if ! gcloud compute routers describe r1 --region "${ZONE%-*}" --project "$PROJECT_ID" >/dev/null 2>&1; then
          gcloud compute routers create r1 --network n --region "${ZONE%-*}" --project "$PROJECT_ID"
          gcloud compute routers nats create nat1 --router r1 --region "${ZONE%-*}" --project "$PROJECT_ID"
        fi
        gcloud compute firewall-rules describe fw1 --project "$PROJECT_ID" >/dev/null 2>&1 || gcloud compute firewall-rules create fw1 --network n --project "$PROJECT_ID"
        kubectl apply -f "$(dirname "$0")/../manifests/app.yaml"
        kubectl create namespace ok --dry-run=client -o yaml | kubectl apply -f -
        helm upgrade --install web ./chart
        helm repo add jetstack https://charts.jetstack.io
        mkdir -p /tmp/ok
        ln -sfn /tmp/ok /tmp/ok-link
        echo "started" | tee -a /tmp/infra.log
        echo "started" >> "$LOG_FILE"
        cat <<EOF > /tmp/values.yaml
        helm install not-a-command
        kubectl create namespace not-a-command
        EOF
        gcloud compute addresses create ip1 --zone "$ZONE" --project "$PROJECT_ID"
        gz compute addresses describe ip2 --region r >/dev/null || true
        ln -s /tmp/a /tmp/b
        echo "alias k=kubectl" >> ~/.bashrc
        gcloud iam service-accounts create deployer \\
          --display-name "deployer" \\
          --project "$PROJECT_ID"

        """

    static func mixedRepo() throws -> TestRepo {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/helpers.sh", "# shellcheck shell=bash\nlog() { echo \"$*\"; }\ndie() { echo \"$*\" >&2; exit 1; }\n"
            + "require_env() { local v; for v in \"$@\"; do [ -n \"${!v:-}\" ] || die \"missing $v\"; done; }\n")
        try repo.write("ai/infra/tasks/010-mixed.sh", mixedTask, executable: true)
        try repo.write("ai/infra/manifests/app.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n")
        return repo
    }

    @Test func guardedIdempotentHeredocAndCommentsAreLeftAlone() throws {
        let repo = try Self.mixedRepo()
        let (findings, drafts, _) = try ruleRun(RerunSafetyRule(), on: repo)
        let byLine = Dictionary(grouping: findings, by: \.line)
        // Only the unguarded address, the bare ln -s, the .bashrc append and the service account.
        let hazards = findings.filter { $0.id.contains(":unguarded-") }.map(\.line).sorted()
        #expect(hazards == [27, 29, 30, 31], "\(findings.map { "\($0.line) \($0.message)" })")
        // Wrong flags: --zone on a regional resource, directly and through the wrapper.
        #expect(byLine[27]?.contains { $0.message.contains("passes --zone") && $0.message.contains("regional") } == true)
        #expect(byLine[28]?.contains { $0.message.contains("`gz`") && $0.message.contains("adds --zone") } == true)

        let text = try #require(written(drafts, "ai/infra/tasks/010-mixed.sh"))
        let before = Self.mixedTask.split(separator: "\n", omittingEmptySubsequences: false)
        let after = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Lines 1-26 (comment, idempotent commands, guarded creates, heredoc) are untouched.
        #expect(Array(after.prefix(26)) == Array(before.prefix(26)))
        #expect(text.contains("""
            if ! gcloud compute addresses describe ip1 --project "$PROJECT_ID" >/dev/null 2>&1; then
              gcloud compute addresses create ip1 --zone "$ZONE" --project "$PROJECT_ID"
            fi
            """))
        #expect(text.contains("ln -sfn /tmp/a /tmp/b\n"))
        #expect(text.contains("grep -qxF \"alias k=kubectl\" ~/.bashrc 2>/dev/null || echo \"alias k=kubectl\" >> ~/.bashrc\n"))
        // Service accounts are described by e-mail; the continuation lines stay intact inside.
        #expect(text.contains("""
            if ! gcloud iam service-accounts describe "deployer@${PROJECT_ID}.iam.gserviceaccount.com" --project "$PROJECT_ID" >/dev/null 2>&1; then
              gcloud iam service-accounts create deployer \\
                --display-name "deployer" \\
                --project "$PROJECT_ID"
            fi
            """))
        #expect(drafts.map(\.id) == ["rerun-guard-010-mixed"])
        #expect(drafts.first?.group == .cloud)
        #expect(drafts.first?.commands.contains("./ai/infra/init.sh --only 010-mixed") == true)
    }

    @Test func applyAllThenRunTheEntrypointTwiceAgainstStatefulStubs() throws {
        let repo = try TestRepo()
        // The stubs do catch a task that is not safe: unpatched 070 fails its second run.
        let probe = try StatefulStubTools(in: repo.root.deletingLastPathComponent().appendingPathComponent("probe-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: probe.folder) }
        let env0 = probe.environment(required: ["DOMAIN"])
        let first0 = try Run.command("/bin/bash", [repo.url("ai/infra/tasks/070-hello.sh").path], env: env0)
        let second0 = try Run.command("/bin/bash", [repo.url("ai/infra/tasks/070-hello.sh").path], env: env0)
        #expect(first0.status == 0, "\(first0.stderr)")
        #expect(second0.status != 0 && second0.stderr.contains("AlreadyExists"))

        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        let stubs = try StatefulStubTools(in: repo.root.deletingLastPathComponent().appendingPathComponent("stubs-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: stubs.folder) }
        let env = stubs.environment(required: StubTools.requiredEnvironment(of: repo.url("ai/infra/init.sh")))
        let first = try Run.command(repo.url("ai/infra/init.sh").path, [], env: env)
        #expect(first.status == 0, "first run: \(first.stdout)\n\(first.stderr)")
        let creates = stubs.calls().filter { $0.contains(" create") && !$0.contains("--dry-run") }.count
        #expect(creates >= 4, "\(stubs.calls())")
        let firstCount = stubs.calls().count
        let second = try Run.command(repo.url("ai/infra/init.sh").path, [], env: env)
        #expect(second.status == 0, "second run: \(second.stdout)\n\(second.stderr)")
        // The second run created nothing: every gcloud create was skipped by its describe.
        let secondCalls = stubs.calls().dropFirst(firstCount)
        #expect(!secondCalls.contains { $0.hasPrefix("gcloud") && $0.contains(" create ") }, "\(secondCalls)")
    }

    @Test func convergesAfterApply() throws {
        for repo in [try TestRepo(), try demoRepo(), try Self.mixedRepo()] {
            if repo.read(".git/HEAD") == nil { try repo.git("init", "-q", "-b", "main"); try repo.commitAll("fixture") }
            let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
            #expect(apply.status == 0, "\(apply.stderr)")
            let again = try repo.plan()
            let mine: Set<String> = ["rerun", "variables", "missing-files"]
            #expect(!again.operations.contains { mine.contains($0.rule) }, "\(again.operations.map(\.id))")
            let left = again.findings.filter { mine.contains($0.rule) && !$0.id.contains(":flag-") }
            #expect(left.isEmpty, "\(left.map { "\($0.location) \($0.message)" })")
        }
    }
}
