import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Guards real scaffoldings write that the first reading missed: `continue`/`break` out of a
/// loop pass once a probe found the thing, and probes that filter a `list` through `grep` or
/// test its output with `[ -n "$(...)" ]`. And a library found through
/// `$(dirname "$(readlink -f "$0")")`, whose env file then counts as loaded.
@Suite struct LoopsAndFilteredProbesTests {
    static let library = EffectiveCommandsTests.library + """
        sa_listed() { gcloud iam service-accounts list --project "$APP_PROJECT" --filter="email:$1@*" --format='value(email)' | grep -q .; }
        sa_missing() { gcloud iam service-accounts list --project "$APP_PROJECT" --filter="email:$1@*" --format='value(email)' | grep -vq .; }
        ns_there() { [ -n "$(kc get namespace "$1" -o name 2>/dev/null)" ]; }
        bucket_seen() { gsutil ls | grep -q "gs://$1/"; }

        """

    /// Each task's one create runs only where the lookup found nothing: no finding.
    static let guarded: [String: String] = [
        "100-continue": """
            for sa in deployer solver; do
              if sa_listed "$sa"; then
                echo "$sa exists"
                continue
              fi
              gcloud iam service-accounts create "$sa" --project "$APP_PROJECT"
            done
            """,
        "110-break": """
            while read -r ns; do
              if ns_there "$ns"; then break; fi
              kc create namespace "$ns"
            done < namespaces.txt
            """,
        "120-continue-nested-if": """
            for r in a b; do
              if [ "${SKIP:-}" != "$r" ]; then
                if router_exists "$r" "$APP_REGION"; then continue 1; fi
                g compute routers create "$r" --network main --region "$APP_REGION"
              fi
            done
            """,
        "130-test-n-probe-or": """
            ns_there web || kc create namespace web
            """,
    ]

    /// Each task's one create can run where the thing exists: a finding each.
    static let unguarded: [String: String] = [
        // `continue` when the thing is missing: the create runs when it exists.
        "200-continue-when-missing": """
            for sa in a b; do
              if ! sa_listed "$sa"; then continue; fi
              gcloud iam service-accounts create "$sa" --project "$APP_PROJECT"
            done
            """,
        // The create comes after the loop: `continue` skipped only the loop's own rest.
        "210-after-the-loop": """
            for sa in a b; do
              if sa_listed "$sa"; then continue; fi
              echo "$sa"
            done
            gcloud iam service-accounts create c --project "$APP_PROJECT"
            """,
        // `continue` inside a subshell leaves the subshell, not the loop's pass.
        "220-continue-in-subshell": """
            for r in a b; do
              ( if router_exists "$r" "$APP_REGION"; then continue; fi )
              g compute routers create "$r" --network main --region "$APP_REGION"
            done
            """,
        // `grep -v` inverts the status: not a probe of existence (were it read as one, `if !` would
        // pass for a guard).
        "230-inverted-grep": """
            if ! sa_missing x; then
              gcloud iam service-accounts create x --project "$APP_PROJECT"
            fi
            """,
    ]

    @Test func loopExitsAndFilteredProbesGuard() throws {
        let r = try EffectiveCommandsTests().repo(Self.guarded, library: Self.library)
        let (findings, drafts, _) = try ruleRun(RerunSafetyRule(), on: r)
        #expect(findings.isEmpty, "\(findings.map { "\($0.location) \($0.message)" })")
        #expect(drafts.isEmpty)
    }

    @Test func theOtherPolarityAndOtherScopesDoNot() throws {
        let r = try EffectiveCommandsTests().repo(Self.unguarded, library: Self.library)
        let (findings, _, _) = try ruleRun(RerunSafetyRule(), on: r)
        let files = Set(findings.map { String($0.location.split(separator: ":")[0]) })
        #expect(files == Set(Self.unguarded.keys.map { "ai/infra/tasks/\($0).sh" }),
                "\(findings.map { "\($0.location) \($0.message)" })")
    }

    @Test func probeSummariesReadFilters() throws {
        let r = try EffectiveCommandsTests().repo(["500-x": "true\n"], library: Self.library)
        let snapshot = try RepoReader(root: r.root, infraDir: "ai/infra").read()
        let reality = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
        let scope = FunctionSummaries.scope(of: reality.tasks[0], in: reality)
        #expect(scope["sa_listed"]?.isProbe == true)
        #expect(scope["ns_there"]?.isProbe == true)
        #expect(scope["sa_missing"]?.isProbe != true)
        // gsutil is not a tool the rules model: its listing is no lookup.
        #expect(scope["bucket_seen"]?.isProbe != true)
    }

    /// `ROOT="$(dirname "$(readlink -f "$0")")/.."`: the substitution inside `dirname`'s
    /// operand is one word, so the path resolves, and `set -a; source "$ROOT/.env"` loads it.
    @Test(arguments: [
        ("R=\"$(dirname \"$(readlink -f \"$0\")\")/..\"\n", "R", "ai/infra"),
        ("R=\"$(dirname -- \"$(realpath -- \"${BASH_SOURCE[0]}\")\")\"\n", "R", "ai/infra/tasks"),
        ("R=\"$(cd \"$(dirname \"$(readlink -f \"$0\")\")/..\" && pwd)\"\n", "R", "ai/infra"),
    ])
    func nestedSubstitutionsResolve(_ text: String, _ name: String, _ expected: String) {
        let path = "ai/infra/tasks/010-a.sh"
        let paths = ScriptFolderPaths(ShellFile(path: path, script: ShellReader.read(text, path: path)))
        #expect(paths.variables[name] == expected, "\(paths.variables)")
    }

    @Test func anEnvFileFoundThroughReadlinkSetsItsNames() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/.env.example", "APP_PROJECT=demo\nDB_PASSWORD=change-me\n")
        try repo.write(".gitignore", "ai/infra/.env\n")
        try repo.write("ai/infra/tasks/010-db.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            ROOT="$(dirname "$(readlink -f "$0")")/.."
            set -a; source "$ROOT/.env"; set +a
            kubectl -n db create secret generic db --from-literal=password="$DB_PASSWORD" --dry-run=client -o yaml | kubectl apply -f -
            gcloud sql instances describe main --project "$APP_PROJECT" >/dev/null

            """, executable: true)
        try repo.commitAll("env")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ai/infra"))
        let reads = plan.findings.filter { $0.message.contains("nothing sets, defaults or validates") }
        #expect(reads.isEmpty, "\(reads.map(\.message))")
        #expect(!plan.operations.contains { $0.id.hasPrefix("variables-env") }, "\(plan.operations.map(\.id))")
    }
}
