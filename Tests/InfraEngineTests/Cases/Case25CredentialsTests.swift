import Foundation
import Testing
@testable import InfraEngine

/// Case 25: credentials beyond key files (a key folder docs write into, a kubeconfig token,
/// a committed `.env`, a literal `--set ...password=`). EXPECTED.md, as tests.
@Suite(.serialized) struct Case25CredentialsTests {
    static let name = "25-credentials-beyond-key-files"
    /// Fragments of the case's fake values, as its run check greps for them.
    static let fragments = ["J4PWY8", "s6yH30", "lilQNiik"]

    @Test func reportsAllFourHighWithLineAndRotation() throws {
        let c = try CaseRepo(Self.name)
        let plan = try c.plan()
        let secrets = plan.findings.filter { $0.rule == "secrets" }
        for (file, line) in [("README.md", 12), ("ai/infra/ci/kubeconfig.yaml", 18), ("ai/infra/.env", 4), ("ai/infra/tasks/020-dashboards.sh", 7)] {
            let f = try #require(secrets.first { $0.file == file }, "no finding for \(file)")
            #expect(f.line == line && f.severity == .error && f.operation != nil, "\(f)")
        }
        for f in secrets where f.file != "README.md" { #expect(f.message.contains("earlier commits") && f.message.contains("sha256:")) }
        // Not a manifest: no manifests finding or kustomization names the kubeconfig.
        #expect(!plan.findings.contains { $0.rule == "manifests" && $0.file.hasPrefix("ai/infra/ci/") })
        #expect(!plan.operations.contains { $0.rule == "manifests" && $0.patch.contains("kubeconfig") })
        for op in plan.operations where op.rule == "secrets" && op.files.contains(where: { $0.change == .delete }) {
            #expect(op.ops.risk == "HIGH" && ["cloud", "external", "cluster"].contains(op.ops.group))
        }
        let literal = try #require(plan.operations.first { $0.id == "secrets-env-020-dashboards-sh" })
        #expect(literal.ops.risk == "HIGH" && literal.ops.group == "external")
        // It comes first, so no later patch of 020 copies the literal; the entrypoint written
        // after it checks the variable.
        #expect(plan.operations.first?.id == literal.id)
        let entry = try #require(plan.operations.first { $0.id == "entrypoint-canonical-init" })
        #expect(entry.patch.contains("BI_ADMIN_PASSWORD"), "the variable joins the entrypoint's required list")
    }

    @Test func noValueInPlanOrExport() throws {
        let c = try CaseRepo(Self.name)
        var outputs: [String] = []
        for format in ["json", "ops", "text"] {
            outputs.append(try Run.tui(["plan", "--repo", c.root.path, "--format", format, "--no-validate"]).stdout)
        }
        let series = c.root.deletingLastPathComponent().appendingPathComponent("s25-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: series) }
        #expect(try Run.tui(["export", "--repo", c.root.path, "--accept", "all", "--out", series.path, "--no-validate"]).status == 0)
        for name in try FileManager.default.contentsOfDirectory(atPath: series.path) {
            outputs.append(try String(contentsOf: series.appendingPathComponent(name), encoding: .utf8))
        }
        for text in outputs { for fragment in Self.fragments { #expect(!text.contains(fragment)) } }
        // The whole series applies with git am on the planned tree, the rewrite without pre-image included.
        let names = try String(contentsOf: series.appendingPathComponent("series"), encoding: .utf8).split(separator: "\n").map { "\(series.path)/\($0)" }
        let am = try c.repo.git(["-c", "user.name=t", "-c", "user.email=t@example.org", "am", "-q"] + names)
        #expect(am.status == 0, "\(am.stderr)")
        #expect(c.read("ai/infra/tasks/020-dashboards.sh")?.contains("init.adminUser.password=\"$BI_ADMIN_PASSWORD\"") == true)
    }

    @Test func applyConvergesAndPassesTheRunCheck() throws {
        let c = try CaseRepo(Self.name)
        try c.applyAll()
        #expect(try c.plan().operations.isEmpty, "a re-plan proposes nothing")
        #expect(try c.repo.git("ls-files", "ai/infra/.env", "ai/infra/ci/kubeconfig.yaml").stdout.isEmpty)
        #expect(c.read("ai/infra/.env") != nil && c.read("ai/infra/ci/kubeconfig.yaml") != nil, "local copies stay")
        #expect(c.read("ai/infra/.env.example")?.contains("SMTP_PASSWORD=REPLACE_ME") == true)
        #expect(c.read("ai/infra/ci/kubeconfig.example.yaml")?.contains("token: REPLACE_ME") == true)
        try c.repo.write("credentials/dns-admin.json", "{}")
        #expect(try c.repo.git("check-ignore", "credentials/dns-admin.json").status == 0)
        let tracked = try c.repo.git("ls-files").stdout.split(separator: "\n").map(String.init)
        for path in tracked { for fragment in Self.fragments { #expect(c.read(path)?.contains(fragment) != true, "\(path)") } }
        let task = try #require(c.read("ai/infra/tasks/020-dashboards.sh"))
        #expect(task.contains("--set init.adminUser.password=\"$BI_ADMIN_PASSWORD\"") && task.contains("${BI_ADMIN_PASSWORD:?"))
        #expect(task.contains("dashboards/superset --namespace bi --create-namespace") && task.contains("--wait"))
        let key = c.root.appendingPathComponent("credentials/dns-admin.json").path
        let state = c.root.deletingLastPathComponent().appendingPathComponent("st25-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let missing = try Run.command("/bin/bash", [CaseRepo.stubs.appendingPathComponent("twice.sh").path, "--once", "--state", state.path,
                                                    c.root.path, "bash ai/infra/init.sh", "DNS_KEY_FILE=\(key)"])
        let log = (try? String(contentsOf: state.appendingPathComponent("run1.log"), encoding: .utf8)) ?? ""
        #expect(missing.stdout.contains("run1 rc=1") && log.contains("BI_ADMIN_PASSWORD") && !log.contains("==> 0"), "\(missing.stdout)\(log)")
        // Until the variables rule stops requiring what task 030 loads from `.env` (case 06,
        // another branch), the entrypoint also asks for those.
        let env = ["BI_ADMIN_PASSWORD": "x", "DNS_KEY_FILE": key]
        let result = try c.twice("bash ai/infra/init.sh", env)
        withKnownIssue("the entrypoint requires the variables ai/infra/.env sets (variables rule, case 06)") {
            #expect(result.stdout.contains("run1 rc=0 run2 rc=0"), "\(result.stdout)\(result.stderr)")
        } when: { c.read("ai/infra/init.sh")?.contains("SMTP_HOST") == true }
        var withFileVariables = env
        for name in ["ALERT_MAIL_FROM", "SITES_NAMESPACE", "SMTP_HOST", "SMTP_PASSWORD"] { withFileVariables[name] = "v" }
        let full = try c.twice("bash ai/infra/init.sh", withFileVariables)
        #expect(full.stdout.contains("run1 rc=0 run2 rc=0") && full.stdout.contains("errors=none"), "\(full.stdout)\(full.stderr)")
        #expect(c.read("ai/infra/.env") != nil && c.read("ai/infra/ci/kubeconfig.yaml") != nil)
    }
}
