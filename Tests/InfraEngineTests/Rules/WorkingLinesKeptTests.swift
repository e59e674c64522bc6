import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Kinds found by planning a hand-written scaffolding in the style of real ones (a
/// `SCRIPT_DIR` library line, a task that `cd`s first, a gcloud wrapper in the library, a
/// runner that leaves the teardown out): lines that already work are left as written, and
/// the runbook reads the tasks through their wrappers.
@Suite struct WorkingLinesKeptTests {
    static func task(_ body: String) -> String { "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n" }

    static let library = """
        #!/usr/bin/env bash
        # shellcheck shell=bash
        log() { printf '%s\\n' "$*" >&2; }
        die() { log "ERROR: $*"; exit 1; }
        gc() { gcloud --project "${PROJECT_ID}" --quiet "$@"; }

        """

    /// Three tasks that each find the library from any working folder, each in its own way.
    static func threeWays() throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/lib/common.sh", Self.library)
        try repo.write("ops/tasks/010-net.sh", Self.task("""
            HERE="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" &>/dev/null && pwd)"
            source "${HERE}/../lib/common.sh"
            log network
            """), executable: true)
        try repo.write("ops/tasks/020-dns.sh", Self.task("""
            cd "$(dirname "$0")/.."
            . lib/common.sh
            log dns
            """), executable: true)
        try repo.write("ops/tasks/030-apps.sh", Self.task("""
            source "$(dirname "$0")/../lib/common.sh"
            log apps
            """), executable: true)
        try repo.commitAll("three ways")
        return repo
    }

    /// A source line that finds the library from anywhere is not respelled to another
    /// task's form: after the task's own `cd`, `$(dirname "$0")` would name another folder,
    /// and `${BASH_SOURCE[0]}` becoming `$0` changes what a sourced task finds.
    @Test func sourceLinesThatWorkAreLeftAsWritten() throws {
        let repo = try Self.threeWays()
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        let sourcing = plan.findings.filter { $0.message.contains("sources the library differently") }
        #expect(sourcing.isEmpty, "\(sourcing.map(\.message))")
        let touched = Set(plan.operations.flatMap(\.files).map(\.path))
        for task in ["ops/tasks/010-net.sh", "ops/tasks/020-dns.sh", "ops/tasks/030-apps.sh"] {
            #expect(!touched.contains(task), "\(task) was patched")
        }
    }

    /// The same analysis in memory, one line at a time: only a bare relative path with no
    /// `cd` before it follows the caller's folder.
    @Test func onlyACallerRelativeLineFollowsTheCaller() throws {
        let cases: [(String, Bool)] = [
            ("source lib/common.sh", true),
            (". ../lib/common.sh", true),
            ("cd \"$(dirname \"$0\")/..\"\nsource lib/common.sh", false),
            ("source \"$(dirname \"${BASH_SOURCE[0]}\")/../lib/common.sh\"", false),
            ("D=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\nsource \"$D/../lib/common.sh\"", false),
            ("source \"$LIB_DIR/common.sh\"", false),
        ]
        for (body, follows) in cases {
            let repo = try TestRepo(fixture: nil)
            try repo.write("ops/lib/common.sh", Self.library)
            try repo.write("ops/tasks/010-a.sh", Self.task(body + "\nlog a"), executable: true)
            try repo.commitAll("one")
            let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ops").read(), infraDir: "ops", cache: ScriptCache())
            let state = HelpersAnalysis(reality).tasks.first { $0.file.path == "ops/tasks/010-a.sh" }
            #expect(state?.sourceFollowsCaller == follows, "\(body)")
        }
    }

    /// A runner's hand-written list that leaves out the teardown (or a task that needs
    /// arguments) is right to: the finding does not call that skipping a fault.
    @Test func aListWithoutTheTeardownIsNotSaidToSkipIt() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/010-net.sh", Self.task("kubectl apply -f net.yaml"), executable: true)
        try repo.write("ops/tasks/020-dns.sh", Self.task("kubectl apply -f dns.yaml"), executable: true)
        try repo.write("ops/tasks/030-grant.sh", Self.task("user=$1\nkubectl label ns net \"u-$user=yes\" --overwrite"), executable: true)
        try repo.write("ops/tasks/090-down.sh", Self.task("kubectl delete namespace net\nhelm uninstall edge -n net"), executable: true)
        try repo.write("ops/up.sh", "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\nfor t in tasks/010-net.sh tasks/020-dns.sh; do\n  bash \"$t\" \"$@\"\ndone\n", executable: true)
        try repo.commitAll("runner")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        let lists = plan.findings.filter { $0.file == "ops/up.sh" && $0.message.contains("hand-written task list") }
        #expect(lists.count == 1, "\(plan.findings.map(\.message))")
        #expect(lists.allSatisfy { !$0.message.contains("090-down") && !$0.message.contains("030-grant") }, "\(lists.map(\.message))")
        // A list that leaves out a task that builds something is still said to skip it.
        try repo.write("ops/up.sh", "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\nfor t in tasks/010-net.sh; do\n  bash \"$t\" \"$@\"\ndone\n", executable: true)
        try repo.commitAll("shorter")
        let again = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        #expect(again.findings.contains { $0.file == "ops/up.sh" && $0.message.contains("skips 020-dns") && !$0.message.contains("090-down") })
    }

    /// The runbook's task table and tool list read calls through a wrapper as the tool's,
    /// a `: "${X:=v}"` default is listed, and a runner left as it is is named, not said to
    /// hand over.
    @Test func runbookReadsWrappersDefaultsAndKeptRunners() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/lib/common.sh", Self.library)
        try repo.write("ops/tasks/010-cluster.sh", Self.task("""
            source "$(dirname "$0")/../lib/common.sh"
            : "${NODES:=3}"
            gc container clusters create main --region "$REGION" --num-nodes "$NODES"
            gc container clusters get-credentials main --region "$REGION"
            """), executable: true)
        try repo.write("ops/up.sh", "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\nfor t in tasks/010-cluster.sh; do\n  bash \"$t\" \"$@\"\ndone\n", executable: true)
        try repo.commitAll("wrapped")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        let runbook = try #require(plan.operations.first { $0.id == "docs-runbook" }).patch
        #expect(runbook.contains("+Tools on `PATH`: `gcloud`"), "\(runbook)")
        // (The rerun rule's guard adds a describe before the create: the page shows the tree as planned.)
        let row = try #require(runbook.split(separator: "\n").first { $0.hasPrefix("+| `010-cluster` |") })
        #expect(row.contains("`gcloud container clusters create`") && row.contains("`gcloud container clusters get-credentials`"), "\(row)")
        #expect(runbook.contains("| `NODES` | defaulted | optional; defaults to `3` |"), "\(runbook)")
        #expect(runbook.contains("`ops/up.sh` still runs tasks its own way") && !runbook.contains("Every other runner hands over"), "\(runbook)")
    }

    @Test func assignedDefaultReadsBothOperators() {
        #expect(TaskEnvironment.assignedDefault("${NS:=edge}")! == ("NS", "edge"))
        #expect(TaskEnvironment.assignedDefault("${NS=edge}")! == ("NS", "edge"))
        #expect(TaskEnvironment.assignedDefault("${NS:-edge}") == nil)
        #expect(TaskEnvironment.assignedDefault("${NS:=}")! == ("NS", ""))
        #expect(TaskEnvironment.assignedDefault("x${NS:=edge}") == nil)
    }

    /// A config file every task sources that passes a name on checked (`export DOMAIN="${DOMAIN:?...}"`)
    /// provides nothing: the name is needed from outside, so the entrypoint asks for it up front.
    @Test func aCheckedPassOnIsRequiredNotProvided() throws {
        #expect(ScriptVariables.onlyPassesOn("DOMAIN", "${DOMAIN:?set DOMAIN}"))
        #expect(ScriptVariables.onlyPassesOn("DOMAIN", "${DOMAIN?}") && ScriptVariables.onlyPassesOn("X", "$X") && ScriptVariables.onlyPassesOn("X", "${X}"))
        #expect(!ScriptVariables.onlyPassesOn("DOMAIN", "${DOMAIN:-shop.example.com}"))
        #expect(!ScriptVariables.onlyPassesOn("DOMAIN", "${DOMAIN:?x}.example.com"))
        #expect(!ScriptVariables.onlyPassesOn("X", "${Y:?x}"))
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/config.sh", "# shellcheck shell=bash\nexport PROJECT=\"${PROJECT:-acme}\"\nexport DOMAIN=\"${DOMAIN:?set DOMAIN}\"\n")
        for name in ["10-ip", "20-gw"] {
            try repo.write("ops/tasks/\(name).sh", Self.task(". \"$(dirname \"${BASH_SOURCE[0]}\")/../config.sh\"\necho \"$PROJECT $DOMAIN\""), executable: true)
        }
        try repo.commitAll("config")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ops").read(), infraDir: "ops", cache: ScriptCache())
        #expect(RequiredEnvironment.required(in: reality) == ["DOMAIN"])
    }

    /// A doc that runs a task with arguments keeps them behind `--only NAME --` when the task
    /// reads its positional parameters, even optionally.
    @Test func docArgumentsGoWithOnly() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/20-cm.sh", Self.task("VERSION=\"${1:-v1.16.1}\"\nhelm upgrade --install cm jetstack/cert-manager --version \"$VERSION\""), executable: true)
        try repo.write("docs/pin.md", "# Pin\n\n`bash ops/tasks/20-cm.sh v1.15.3`\n")
        try repo.commitAll("doc")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        let finding = try #require(plan.findings.first { $0.file == "docs/pin.md" && $0.message.contains("by hand") })
        #expect(finding.message.contains("--only 20-cm -- v1.15.3") && finding.operation != nil, "\(finding.message)")
        let patch = try #require(plan.operations.first { $0.id == "docs-runbook" }).patch
        #expect(patch.contains("+`./ops/init.sh --only 20-cm -- v1.15.3`"), "\(patch)")
    }

    /// A task that calls no helper is not made to source the library (its defaults and
    /// options would come in for nothing); one that calls a library function still is.
    @Test func onlyTasksThatUseHelpersSourceTheLibrary() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/lib/k8s.sh", "# shellcheck shell=bash\n: \"${KUBE_CONTEXT:=kind-dev}\"\nk() { kubectl --context \"$KUBE_CONTEXT\" \"$@\"; }\n")
        try repo.write("ops/tasks/000-cluster.sh", Self.task("kind get clusters | grep -qx dev || kind create cluster --name dev"), executable: true)
        try repo.write("ops/tasks/010-ns.sh", Self.task("k create namespace app --dry-run=client -o yaml | k apply -f -"), executable: true)
        try repo.commitAll("lib")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        #expect(!plan.findings.contains { $0.file == "ops/tasks/000-cluster.sh" && $0.message.contains("does not source") })
        #expect(plan.findings.contains { $0.file == "ops/tasks/010-ns.sh" && $0.message.contains("does not source") })
        #expect(!plan.operations.flatMap(\.files).contains { $0.path == "ops/tasks/000-cluster.sh" })
    }

    /// A Helm chart's `templates/` hold Go templates, not manifests: no manifest finding and
    /// no kustomization over them; the chart's `crds/` and manifests beside it still count.
    @Test func helmChartTemplatesAreNotManifests() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/020-app.sh", Self.task("helm template app \"$(dirname \"$0\")/../chart\" | kubectl apply -f -"), executable: true)
        try repo.write("ops/chart/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n")
        try repo.write("ops/chart/templates/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n  namespace: {{ .Release.Namespace }}\nspec:\n  selector: {app: app}\n  ports: [{port: 80}]\n")
        try repo.write("ops/chart/crds/widget.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.acme.io\n")
        try repo.commitAll("chart")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ops").read(), infraDir: "ops", cache: ScriptCache())
        let layer = ManifestLayer(reality)
        #expect(layer.files.map(\.path) == ["ops/chart/crds/widget.yaml"])
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        #expect(!plan.findings.contains { $0.file.hasPrefix("ops/chart/templates") }, "\(plan.findings.map(\.message))")
        #expect(!plan.operations.flatMap(\.files).contains { $0.path.hasPrefix("ops/chart/templates") })
    }

    /// Records of the past (a changelog, an ADR, a postmortem) say what was true then: no
    /// finding on them and no edit, while a current doc beside them is still rewritten.
    @Test func historicalRecordsAreLeftAsWritten() throws {
        for path in ["CHANGELOG.md", "docs/adr/0003-tasks.md", "docs/decisions/0001-x.md", "docs/postmortems/2025-outage.md",
                     "RELEASE_NOTES.md", "docs/archive/old-runbook.md", "HISTORY.md"] {
            #expect(PathRoles.isHistoricalRecord(path), "\(path)")
        }
        for path in ["README.md", "docs/runbook.md", "docs/adrian.md", "docs/release.md", "CONTRIBUTING.md"] {
            #expect(!PathRoles.isHistoricalRecord(path), "\(path)")
        }
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/010-net.sh", Self.task("kubectl apply -f \"$(dirname \"$0\")/net.yaml\""), executable: true)
        try repo.write("docs/adr/0003-tasks.md", "# ADR 3\n\nWe used to run `bash ops/tasks/010-net.sh` by hand, and `scripts/old.sh` (removed).\n")
        try repo.write("CHANGELOG.md", "# Changelog\n- run `bash ops/tasks/010-net.sh`\n- removed `deploy/old.sh`\n")
        try repo.write("docs/guide.md", "# Guide\n\n`bash ops/tasks/010-net.sh`\n")
        try repo.commitAll("docs")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        #expect(!plan.findings.contains { $0.file == "CHANGELOG.md" || $0.file.hasPrefix("docs/adr/") }, "\(plan.findings.map(\.message))")
        let touched = Set(plan.operations.flatMap(\.files).map(\.path))
        #expect(!touched.contains("CHANGELOG.md") && !touched.contains("docs/adr/0003-tasks.md") && touched.contains("docs/guide.md"))
    }

    /// An overlay structure of the person's own (`overlays/prod` builds on `base`) already ties
    /// the layer together: no root kustomization that lists base and overlay side by side
    /// (which built the base a second time outside the overlay's namespace). Without an
    /// overlay, separate folders still get one, listing each kustomization once.
    @Test func overlaysAreTheLayersOwnStructure() throws {
        let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: nginx\n"
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/010-apply.sh", Self.task("kubectl apply -k \"$(dirname \"$0\")/../k8s/overlays/prod\""), executable: true)
        try repo.write("ops/k8s/base/deploy.yaml", deploy)
        try repo.write("ops/k8s/base/kustomization.yaml", "resources:\n  - deploy.yaml\n")
        try repo.write("ops/k8s/overlays/prod/kustomization.yaml", "namespace: api-prod\nresources:\n  - ../../base\n")
        try repo.commitAll("overlay")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ops").read(), infraDir: "ops", cache: ScriptCache())
        let layer = ManifestLayer(reality)
        #expect(layer.includedKustomizations == ["ops/k8s/base"] && layer.topKustomizations == ["ops/k8s/overlays/prod"])
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        #expect(!plan.findings.contains { $0.message.contains("ties the layer together") }, "\(plan.findings.map(\.message))")
        #expect(!plan.operations.flatMap(\.files).contains { $0.path.hasSuffix("kustomization.yaml") })

        // Two folders with their own kustomizations and no overlay: one root lists both.
        let flat = try TestRepo(fixture: nil)
        try flat.write("ops/tasks/010-apply.sh", Self.task("kubectl apply -k \"$(dirname \"$0\")/../k8s/api\"\nkubectl apply -k \"$(dirname \"$0\")/../k8s/web\""), executable: true)
        try flat.write("ops/k8s/api/deploy.yaml", deploy)
        try flat.write("ops/k8s/api/kustomization.yaml", "resources:\n  - deploy.yaml\n")
        try flat.write("ops/k8s/web/deploy.yaml", deploy.replacingOccurrences(of: "api", with: "web"))
        try flat.write("ops/k8s/web/kustomization.yaml", "resources:\n  - deploy.yaml\n")
        try flat.commitAll("flat")
        let flatPlan = try Planner.plan(root: flat.root, options: PlanOptions(infraDir: "ops"))
        let root = try #require(flatPlan.operations.first { $0.files.contains { $0.path == "ops/k8s/kustomization.yaml" } }).patch
        #expect(root.contains("+  - api\n+  - web\n"), "\(root)")
    }

    /// Tasks with no numbers (`network.sh`) cannot be found or ordered by an entrypoint that
    /// discovers `[0-9]*.sh`: reported with no patch, and nothing is planned around an
    /// entrypoint (before, its runner was handed over to an init.sh that ran nothing).
    @Test func unnumberedTasksAreReportedNotDriven() throws {
        let repo = try TestRepo(fixture: nil)
        for name in ["network", "cluster"] { try repo.write("ops/tasks/\(name).sh", Self.task("echo \(name)"), executable: true) }
        try repo.write("ops/run-all.sh", "#!/usr/bin/env bash\nset -euo pipefail\nfor t in network cluster; do bash \"$(dirname \"$0\")/tasks/$t.sh\"; done\n", executable: true)
        try repo.write("README.md", "# x\nRun `./ops/run-all.sh`.\n")
        try repo.commitAll("unnumbered")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        #expect(plan.operations.isEmpty, "\(plan.operations.map(\.id))")
        let finding = try #require(plan.findings.first { $0.message.contains("none named like a task") })
        #expect(finding.message.contains("`cluster.sh`, `network.sh`") && finding.message.contains("ops/run-all.sh") && finding.operation == nil)
        // One numbered task is enough for the entrypoint to have something to drive.
        try repo.write("ops/tasks/010-base.sh", Self.task("echo base"), executable: true)
        try repo.commitAll("one numbered")
        let again = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        #expect(!again.findings.contains { $0.message.contains("none named like a task") })
    }

    /// A task that checks `$?` itself gets no `set -e` (its own check would never run):
    /// `-u` and pipefail are still added, and an info finding says why `-e` is not.
    @Test func aTaskThatChecksItsStatusKeepsGoing() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/010-ctx.sh", """
            #!/usr/bin/env bash
            kubectl config get-contexts dev >/dev/null 2>&1
            if [ $? -ne 0 ]; then
              echo "no dev context; run: kind create cluster --name dev" >&2
              exit 2
            fi
            kubectl --context dev apply -f ns.yaml

            """, executable: true)
        try repo.commitAll("status")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        #expect(plan.findings.contains { $0.message.contains("checks `$?` itself") && $0.severity == .info })
        let strict = plan.findings.first { $0.message.contains("runs without `set -euo pipefail`") }
        #expect(strict?.message.contains("missing -u -o pipefail") == true, "\(strict?.message ?? "none")")
        let patch = try #require(plan.operations.first { $0.id == SharedHelpersRule.operationID }).patch
        #expect(patch.contains("+set -uo pipefail\n") && !patch.contains("+set -e"), "\(patch)")
        #expect(StrictModeLine.checksExitStatus(ShellReader.read("cat <<EOF\n$?\nEOF\n")) == false)
    }
}
