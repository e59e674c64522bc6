import Foundation
import Testing
@testable import InfraEngine

/// The `keep` cases (issue 13): what people already have survives a plan and its apply, and
/// each case's run check passes through the stateful stubs.
@Suite struct KeepCaseTests {
    static var hasBash: Bool { Run.which("bash") != nil && Run.which("python3") != nil }

    /// The stub state folder a twice.sh summary names (`... state=/tmp/twice.XXXX`).
    static func state(_ r: Run.Result) -> URL? {
        guard let range = r.stdout.range(of: "state=") else { return nil }
        let path = r.stdout[range.upperBound...].prefix { !$0.isWhitespace }
        return URL(fileURLWithPath: String(path)).appendingPathComponent("state")
    }

    static func calls(_ r: Run.Result) -> String {
        guard let dir = state(r) else { return "" }
        return (try? String(contentsOf: dir.appendingPathComponent("calls.log"), encoding: .utf8)) ?? ""
    }

    static func passed(_ r: Run.Result) -> Bool {
        r.status == 0 && r.stdout.contains("run1 rc=0") && r.stdout.contains("run2 rc=0")
    }

    // MARK: 01 - a script that only names a task is not a runner

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func echoMentionIsNotARunner() throws {
        let c = try CaseRepo("01-echo-mentions-task-not-runner")
        let rotate = "ai/infra/bin/rotate-tls.sh"
        let before = try #require(c.read(rotate))
        let readme = try #require(c.read("README.md"))
        let plan = try c.plan()
        #expect(!plan.findings.contains { $0.file == rotate })
        #expect(plan.findings.contains { $0.file == "ai/infra/bin/bring-up.sh" && $0.line == 5 && $0.message.contains("runs the tasks itself") })
        #expect(!plan.operations.flatMap(\.files).contains { $0.path == rotate })
        try c.applyAll()
        #expect(c.read(rotate) == before)
        #expect(c.read("README.md")?.contains("./ai/infra/bin/rotate-tls.sh --host pay.example.org --restart") == true)
        #expect(readme.contains("rotate-tls.sh --host pay.example.org --restart"))
        #expect(c.read("ai/infra/bin/bring-up.sh")?.contains("init.sh") == true)
        let tls = try TestRepo(fixture: nil, git: false)
        try tls.write("pay.example.org.crt", "c")
        try tls.write("pay.example.org.key", "k")
        let r = try c.twice("bash ai/infra/bin/bring-up.sh && bash ai/infra/bin/rotate-tls.sh --host pay.example.org --dir \"$TLS_DIR\" --restart",
                            ["TLS_DIR": tls.root.path, "REGISTRY_USER": "ci", "REGISTRY_PASSWORD": "x"])
        #expect(Self.passed(r), "\(r.stdout)\(r.stderr)")
        #expect(Self.calls(r).contains("tls-pay.example.org"))
        #expect(Self.calls(r).contains("deployment/billing-api"))
        let help = try Run.command("/bin/bash", [c.root.appendingPathComponent(rotate).path, "--help"])
        #expect(help.stdout.contains("usage: rotate-tls.sh --host NAME"))
    }

    // MARK: 02 - a teardown task in the numbered sequence

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func teardownStaysOutOfTheFullRun() throws {
        let c = try CaseRepo("02-teardown-task-in-sequence")
        let plan = try c.plan()
        let teardown = try #require(plan.findings.first { $0.key == "teardown" })
        #expect(teardown.file == "ai/infra/tasks/099-destroy.sh" && teardown.line == 6 && teardown.severity == .error)
        #expect(!plan.findings.contains { $0.rule == "rerun" && $0.file.hasSuffix("099-destroy.sh") })
        try c.applyAll()
        #expect(c.read("ai/infra/tasks/099-destroy.sh")?.contains("clusters delete orders") == true)
        let env = ["ORDERS_PROJECT": "demo-project", "ORDERS_REGION": "europe-west4"]
        let r = try c.twice("bash ai/infra/init.sh", env)
        #expect(Self.passed(r) && r.stdout.contains("creates-in-run2=0"), "\(r.stdout)\(r.stderr)")
        #expect(!Self.calls(r).contains(" delete "))
        let list = try Run.command("/bin/bash", [c.root.appendingPathComponent("ai/infra/init.sh").path, "--list"])
        #expect(list.stdout.contains("099-destroy  (teardown"))
        let unconfirmed = try c.twice("bash ai/infra/init.sh --only 099-destroy < /dev/null", env, once: true)
        #expect(!Self.calls(unconfirmed).contains(" delete "), "a teardown without --yes and without a terminal runs nothing")
        let named = try c.twice("bash ai/infra/init.sh && bash ai/infra/init.sh --only 099-destroy --yes", env, once: true)
        #expect(named.stdout.contains("run1 rc=0"), "\(named.stdout)")
        #expect(Self.calls(named).split(separator: "\n").filter { $0.contains(" delete ") }.count == 3, "\(Self.calls(named))")
    }

    // MARK: 03 - a task that needs arguments

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func argumentTaskIsNeverRunBare() throws {
        let c = try CaseRepo("03-task-positional-args")
        let plan = try c.plan()
        let finding = try #require(plan.findings.first { $0.key == "needs-arguments" })
        #expect(finding.file == "ai/infra/tasks/030-add-tenant.sh" && finding.line == 5)
        try c.applyAll()
        let task = try #require(c.read("ai/infra/tasks/030-add-tenant.sh"))
        #expect(task.contains("${1:?usage: 030-add-tenant.sh TENANT [standard|large]}") && task.contains("${2:-standard}"))
        let r = try c.twice("bash ai/infra/init.sh")
        #expect(Self.passed(r) && r.stdout.contains("creates-in-run2=0"), "\(r.stdout)\(r.stderr)")
        let log = (try? String(contentsOf: try #require(Self.state(r)).deletingLastPathComponent().appendingPathComponent("run1.log"),
                               encoding: .utf8)) ?? ""
        #expect(!log.contains("usage:"))
        // The documented tenant lines keep their arguments and comments, and still work.
        let readme = try #require(c.read("README.md"))
        let tenantLines = readme.split(separator: "\n").filter { $0.contains("030-add-tenant") && $0.contains("#") }
        #expect(tenantLines.count == 2 && Set(tenantLines).count == 2, "\(readme)")
        #expect(tenantLines.contains { $0.contains("acme") && $0.hasSuffix("# standard quota") })
        #expect(tenantLines.contains { $0.contains("globex large") && $0.hasSuffix("# 4x CPU, for their batch importer") })
        let commands = tenantLines.map { String($0.split(separator: "#").first!).trimmingCharacters(in: .whitespaces) }
        let tenants = try c.twice(commands.map { "bash -c '\($0)'" }.joined(separator: " && "), once: true)
        #expect(tenants.stdout.contains("run1 rc=0"), "\(tenants.stdout)\(commands)")
        let calls = Self.calls(tenants)
        #expect(calls.contains("tenant-acme") && calls.contains("tenant-globex") && calls.contains("cpu=8,memory=16Gi"))
    }

    // MARK: 04 - a root deploy.sh already is the entrypoint

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func rootDeployTakesTheRole() throws {
        let c = try CaseRepo("04-root-deploy-is-entrypoint")
        let plan = try c.plan()
        #expect(!plan.findings.contains { $0.key == "missing-entrypoint" })
        #expect(!plan.findings.contains { $0.file.hasPrefix("ai/infra/tasks/") })
        #expect(plan.operations.count <= 1, "\(plan.operations.map(\.id))")
        let before = ["deploy.sh", "README.md"].map { c.read($0) }
        try c.applyAll()
        #expect(["deploy.sh", "README.md"].map { c.read($0) } == before)
        #expect(c.read("ai/infra/init.sh") == nil)
        if let runbook = c.read("docs/plans/infra/runbook.md") {
            #expect(runbook.contains("./deploy.sh --check") && !runbook.contains("ai/infra/init.sh"))
        }
        let r = try c.twice("./deploy.sh", ["CATALOG_PROJECT": "demo-project", "CATALOG_REGION": "us-east1"])
        #expect(Self.passed(r) && r.stdout.contains("creates-in-run2=0"), "\(r.stdout)\(r.stderr)")
    }

    // MARK: 05 - logging set up twice

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func loggingIsSetUpOnce() throws {
        let c = try CaseRepo("05-logging-set-up-twice")
        let plan = try c.plan()
        let twice = plan.findings.filter { $0.key == "logging-twice" }.map(\.location)
        #expect(twice.contains("ai/infra/bin/step.sh:10") && twice.contains("ai/infra/tasks/010-registry.sh:5")
                && twice.contains("ai/infra/tasks/020-buckets.sh:5"), "\(twice)")
        try c.applyAll()
        #expect(c.read("ai/infra/lib/logging.sh")?.contains("capture_output()") == true)
        let env = ["PAYMENTS_PROJECT": "demo-project", "PAYMENTS_REGION": "us-east1"]
        let log = "ai/infra/logs/010-registry.log"
        func count(_ text: String) -> Int { (c.read(log) ?? "").components(separatedBy: text).count - 1 }
        let first = try c.twice("bash ai/infra/init.sh", env)
        #expect(Self.passed(first), "\(first.stdout)\(first.stderr)")
        #expect(count("repository payments created") == 1 && count("repository payments exists") == 1, "\(c.read(log) ?? "")")
        try FileManager.default.removeItem(at: c.root.appendingPathComponent("ai/infra/logs"))
        let step = try c.twice("bash ai/infra/bin/step.sh 010-registry.sh", env, once: true)
        #expect(step.stdout.contains("run1 rc=0"), "\(step.stdout)")
        #expect(count("repository payments created") == 1)
    }

    // MARK: 08 - the library's helpers under other names

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func libraryHelpersKeepTheirNames() throws {
        let c = try CaseRepo("08-helpers-under-other-names")
        let plan = try c.plan()
        #expect(plan.findings.contains { $0.file == "ai/infra/tasks/030-indexer.sh" && $0.line == 5 })
        #expect(!plan.findings.contains { $0.message.contains("`log`") || $0.message.contains("`die`") })
        try c.applyAll()
        let lib = try #require(c.read("ai/infra/lib/shared.sh"))
        #expect(!lib.contains("\nlog()") && !lib.contains("\ndie()"))
        let entry = try #require(c.read("ai/infra/init.sh"))
        #expect(entry.contains("_bail \"unknown argument") && entry.contains("_note \"==> $t"))
        let indexer = try #require(c.read("ai/infra/tasks/030-indexer.sh"))
        // 030's `_note`/`_bail` have other bodies than the library's (its `[030]` prefix on
        // stdout): the task's own versions, which bash runs, so they stay (session-14 D1).
        #expect(indexer.contains("_note() { echo \"[030] $*\"; }") && indexer.contains("INDEXER_VERSION:?")
            && indexer.contains("--version \"$INDEXER_VERSION\" --wait"))
        #expect(plan.findings.contains { $0.file == "ai/infra/tasks/030-indexer.sh" && $0.key == "redefines-_note" && $0.severity == .info })
        let r = try c.twice("bash ai/infra/init.sh", ["INDEXER_VERSION": "3.2.0"])
        #expect(Self.passed(r) && r.stdout.contains("creates-in-run2=0"), "\(r.stdout)\(r.stderr)")
    }

    // MARK: 11 - tasks without a shebang

    @Test(.enabled(if: hasBash && Run.which("shellcheck") != nil, "needs bash, python3 and shellcheck"))
    func missingShebangIsAddedAndBlocksNothing() throws {
        let c = try CaseRepo("11-task-without-shebang")
        let plan = try c.plan()
        let shebang = plan.findings.filter { $0.key == "no-shebang" }
        #expect(shebang.count == 3 && shebang.allSatisfy { $0.message.contains("#!/usr/bin/env bash") })
        try c.applyAll()
        for task in ["010-network", "020-cluster", "030-agent"] {
            let text = try #require(c.read("ai/infra/tasks/\(task).sh"))
            #expect(text.hasPrefix("#!/usr/bin/env bash\n# ----"), "\(text)")
            #expect(text.contains("set -euo pipefail"))
        }
        let r = try c.twice("bash ai/infra/init.sh")
        #expect(Self.passed(r) && r.stdout.contains("creates-in-run2=0") && r.stdout.contains("failed-creates=0"), "\(r.stdout)\(r.stderr)")
        let tasks = ["010-network", "020-cluster", "030-agent"].map { c.root.appendingPathComponent("ai/infra/tasks/\($0).sh").path }
        let lint = try Run.command(try #require(Run.which("shellcheck")), ["-S", "warning"] + tasks)
        #expect(lint.status == 0, "\(lint.stdout)")
    }

    // MARK: 12 - xtrace and a deliberate set +u

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func xtraceAndSetPlusUAreKept() throws {
        let c = try CaseRepo("12-xtrace-and-set-plus-u")
        let plan = try c.plan()
        #expect(!plan.findings.contains { $0.rule == "helpers" && $0.key == "strict-mode" })
        try c.applyAll()
        #expect(c.read("ai/infra/tasks/010-metrics.sh")?.contains("set -xeuo pipefail") == true)
        #expect(c.read("ai/infra/tasks/020-alerts.sh")?.contains("set -euxo pipefail") == true)
        let entry = try #require(c.read("ai/infra/init.sh"))
        #expect(!entry.contains("CHART_PIN") && !entry.contains("EXTRA_VALUES"), "the pins stay optional")
        let r = try c.twice("for t in ai/infra/tasks/[0-9]*.sh; do bash \"$t\" || exit 1; done")
        #expect(Self.passed(r), "\(r.stdout)\(r.stderr)")
    }

    // MARK: 21 - a guard in a script that is not a task

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func guardInANonTaskScriptIsSelfContained() throws {
        let c = try CaseRepo("21-non-task-script-guard")
        try c.applyAll()
        let script = try #require(c.read("ops/snapshot-db.sh"))
        #expect(script.contains("[ -f env/db.env ] || { echo \"env/db.env is missing: copy env/db.env.example and edit it\" >&2; exit 1; }"))
        #expect(script.contains("\nsource env/db.env\n") && !script.contains("die "))
        let missing = try c.twice("bash ops/snapshot-db.sh", once: true)
        #expect(missing.stdout.contains("run1 rc=1"), "\(missing.stdout)")
        #expect(!Self.calls(missing).contains("exec"))
    }

    // MARK: 22 - an existing runbook

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func existingRunbookIsUpdatedInPlace() throws {
        let c = try CaseRepo("22-existing-runbook")
        let plan = try c.plan()
        #expect(plan.findings.contains { $0.location == "docs/plans/infra/bring-up.md:7" })
        #expect(plan.findings.contains { $0.file == "ai/infra/bin/exec-task.sh" && $0.message.contains("per-task runner") })
        try c.applyAll()
        let runbooks = try FileManager.default.contentsOfDirectory(atPath: c.root.appendingPathComponent("docs/plans/infra").path)
        #expect(runbooks == ["bring-up.md"])
        let runbook = try #require(c.read("docs/plans/infra/bring-up.md"))
        #expect(runbook.contains("./ai/infra/init.sh --from") && runbook.contains("lists `container.googleapis.com`")
                && runbook.contains("three Ready nodes") && runbook.contains("## When something fails"))
        let r = try c.twice("bash ai/infra/init.sh", ["LOYALTY_PROJECT": "demo-project", "LOYALTY_REGION": "europe-north1"])
        #expect(Self.passed(r) && r.stdout.contains("creates-in-run2=0"), "\(r.stdout)\(r.stderr)")
        let habit = try c.twice("./ai/infra/bin/exec-task.sh 020-network.sh", ["LOYALTY_PROJECT": "demo-project"])
        #expect(Self.passed(habit), "\(habit.stdout)")
    }

    // MARK: 23 - doc paths resolved in context

    @Test func docPathsResolveInContext() throws {
        let c = try CaseRepo("23-doc-paths-wrong-base")
        let plan = try c.plan()
        #expect(!plan.findings.contains { $0.message.contains("does not exist") && $0.file == "README.md" })
        #expect(!plan.findings.contains { $0.message.contains("8-12") })
        let before = try #require(c.read("README.md"))
        try c.applyAll()
        let after = try #require(c.read("README.md"))
        let local = before.components(separatedBy: "## Trying the site locally")[1]
        #expect(after.contains(local.trimmingCharacters(in: .newlines)))
        for task in ["010-apis.sh", "020-cluster.sh", "030-site.sh"] { #expect(after.contains("- `\(task)`: ")) }
        #expect(after.contains("takes 8-12 minutes"))
    }

    // MARK: 24 - prose and inventories are not commands

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func proseAndInventoriesStay() throws {
        let c = try CaseRepo("24-doc-prose-not-commands")
        let plan = try c.plan()
        let docs = plan.findings.filter { $0.file == "README.md" && $0.rule == "docs" && $0.line > 1 }.map(\.line)
        #expect(docs.sorted() == [10, 11, 12], "\(docs)")
        try c.applyAll()
        let readme = try #require(c.read("README.md"))
        #expect(readme.contains("pinned in `ai/infra/tasks/030-gateway.sh` (`GWAPI_VERSION`)"))
        #expect(readme.contains("- `ai/infra/tasks/020-cluster.sh`: the cluster\n- `ai/infra/tasks/030-gateway.sh`"))
        #expect(readme.components(separatedBy: "# ~1 min").count == 2 && readme.components(separatedBy: "# 6-8 min").count == 2)
        let runbook = try #require(c.read("docs/plans/infra/runbook.md"))
        #expect(!runbook.contains("planned for: |") && runbook.contains("about 400 rides a minute"))
        let r = try c.twice("bash ai/infra/init.sh", ["RIDES_PROJECT": "demo-project", "RIDES_REGION": "asia-northeast1"])
        #expect(Self.passed(r) && r.stdout.contains("creates-in-run2=0"), "\(r.stdout)\(r.stderr)")
    }

    // MARK: 32 - --infra-dir .

    @Test(.enabled(if: hasBash, "needs bash and python3 for the stubs"))
    func infraDirDotWorks() throws {
        let c = try CaseRepo("32-infra-dir-dot")
        let plan = try c.plan()
        #expect(!plan.findings.contains { $0.file.hasPrefix("/") || $0.file.hasPrefix("./") })
        #expect(!plan.operations.flatMap(\.files).contains { $0.path.hasPrefix("/") })
        #expect(Set(plan.findings.map(\.id)).count == plan.findings.count)
        #expect(plan.findings.contains { $0.location == "2-cert-manager.sh:5" } && plan.findings.contains { $0.location == "3-blog.sh:5" })
        for dir in [".", "./"] {
            let again = try Planner.plan(root: c.root, options: PlanOptions(infraDir: dir))
            #expect(again.operations.map(\.id) == plan.operations.map(\.id))
        }
        try c.applyAll()
        #expect(c.read("init.sh") != nil && !(c.read("README.md") ?? "").contains(".//"))
        #expect(try c.plan().operations.isEmpty)
        let r = try c.twice("./1-cluster.sh && ./2-cert-manager.sh && ./3-blog.sh", ["BLOG_PROJECT": "demo-project", "BLOG_ZONE": "us-east4-a"])
        #expect(Self.passed(r) && r.stdout.contains("creates-in-run2=0"), "\(r.stdout)\(r.stderr)")
    }
}

extension Finding {
    /// The rule's own key for the finding (the last part of its id, `rule:file:key`).
    var key: String { String(id.split(separator: ":").last ?? "") }
}
