import Foundation
import Testing
@testable import InfraEngine

/// Effective commands in styles other than the cases': other helper names, `=` flags,
/// trailing and leading added words, `shift`-based wrappers, nested helpers, `return 0`-free
/// early exits, deletes before creates and dry-run renders.
@Suite struct EffectiveCommandsTests {
    /// A library of helpers (wrappers with added flags, nested wrappers, probes, ensure-helpers).
    static let library = """
        # shellcheck shell=bash
        g() { gcloud "$@" --project="$APP_PROJECT" --quiet; }
        lookup() { g "$@" --format=none 2>/dev/null; }
        kc() { kubectl --context "$APP_CONTEXT" "$@"; }
        in_ns() {
          local ns="$1"
          shift
          kc -n "$ns" "$@"
        }
        router_exists() { gcloud compute routers describe "$1" --region "$2" --project "$APP_PROJECT" >/dev/null 2>&1; }
        ensure_namespace() { kc get namespace "$1" >/dev/null 2>&1 || kc create namespace "$1"; }
        release_there() { helm status "$1" --namespace "$2" >/dev/null 2>&1; }

        """

    func repo(_ tasks: [String: String], library: String = Self.library) throws -> TestRepo {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/common.sh", library)
        for (name, body) in tasks {
            try repo.write("ai/infra/tasks/\(name).sh", "#!/usr/bin/env bash\nset -euo pipefail\n. \"${BASH_SOURCE[0]%/*}/../lib/common.sh\"\n" + body,
                           executable: true)
        }
        return repo
    }

    @Test func everyCreateGuardedThroughHelpersGetsNoFinding() throws {
        let r = try repo([
            "100-router": """
                if ! lookup compute routers describe edge-router --region "$APP_REGION"; then
                  g compute routers create edge-router --network main --region "$APP_REGION"
                fi
                """,
            "110-nat": """
                if router_exists edge-nat "$APP_REGION"; then
                  echo "router there"
                  exit 0
                fi
                g compute routers create edge-nat --network main --region "$APP_REGION"
                """,
            "120-cluster-bits": """
                ensure_namespace shop
                in_ns shop get deployment web >/dev/null 2>&1 || in_ns shop create deployment web --image=nginx
                kc delete secret shop-token -n shop --ignore-not-found
                kc create secret generic shop-token -n shop --from-literal=t="$TOKEN"
                kc create configmap shop-cfg -n shop --from-literal=a=b --dry-run=client -o yaml | kc apply -f -
                release_there shop-api shop || helm install shop-api ./charts/api --namespace shop
                """,
            "130-local": """
                k3d cluster list dev-box >/dev/null 2>&1 || k3d cluster create dev-box --servers 1
                if kind get clusters | grep -qx e2e; then :; else kind create cluster --name=e2e; fi
                """,
        ])
        let (findings, drafts, _) = try ruleRun(RerunSafetyRule(), on: r)
        #expect(findings.isEmpty, "\(findings.map { "\($0.location) \($0.message)" })")
        #expect(drafts.isEmpty)
    }

    @Test func unguardedCreatesThroughHelpersAreFound() throws {
        let r = try repo([
            "200-topic": "g pubsub topics create orders\ng iam service-accounts create order-runner --display-name runner\n",
            "210-ns": "in_ns shop create serviceaccount web\n",
        ])
        let (findings, drafts, _) = try ruleRun(RerunSafetyRule(), on: r)
        #expect(Set(findings.map(\.location)) == ["ai/infra/tasks/200-topic.sh:4", "ai/infra/tasks/200-topic.sh:5", "ai/infra/tasks/210-ns.sh:4"],
                "\(findings.map { "\($0.location) \($0.message)" })")
        let topic = written(drafts, "ai/infra/tasks/200-topic.sh") ?? ""
        // The guard goes through the same wrapper, so it looks in the same project.
        #expect(topic.contains("if ! g pubsub topics describe orders >/dev/null 2>&1; then\n  g pubsub topics create orders\nfi"))
        #expect(topic.contains("g iam service-accounts describe \"order-runner@${APP_PROJECT}.iam.gserviceaccount.com\""))
        #expect(!topic.contains("config get-value"))
        let ns = written(drafts, "ai/infra/tasks/210-ns.sh") ?? ""
        #expect(ns.contains("in_ns shop create serviceaccount web --dry-run=client -o yaml | in_ns shop apply -f -"))
    }

    @Test func zoneAddedByWrapperOnRegionalClusterIsRewrittenToItsRegion() throws {
        let lib = "# shellcheck shell=bash\ngzone() { gcloud --project \"$P\" --zone=\"$Z\" \"$@\"; }\n"
        let r = try repo([
            "300-cluster": "gcloud container clusters create shop --region=\"$R\" --project \"$P\"\n",
            "310-creds": "gzone container clusters get-credentials shop\ngzone compute instances describe vm1 >/dev/null\n",
        ], library: lib)
        let (findings, drafts, _) = try ruleRun(RerunSafetyRule(), on: r)
        let zone = findings.filter { $0.message.contains("regional cluster") }
        #expect(zone.map(\.location) == ["ai/infra/tasks/310-creds.sh:4"], "\(findings.map { "\($0.location) \($0.message)" })")
        let creds = written(drafts, "ai/infra/tasks/310-creds.sh") ?? ""
        #expect(creds.contains("gcloud --project \"$P\" container clusters get-credentials shop --region \"$R\""))
        #expect(creds.contains(": \"${R:?export R}\"") && creds.contains("gzone compute instances describe vm1"))
    }

    @Test func swallowedCreatesAreReportedAndRenderedInstead() throws {
        let r = try repo([
            "400-cfg": "kc create configmap flags -n shop --from-literal=a=\"$A\" >/dev/null 2>&1 || :\n",
            "410-kind": "kind create cluster --name=e2e 2>/dev/null || printf 'exists\\n'\n",
            "420-dies": "kc create namespace shop || die \"no namespace\"\n",
        ], library: Self.library + "die() { echo \"$*\" >&2; exit 1; }\n")
        let (findings, drafts, _) = try ruleRun(RerunSafetyRule(), on: r)
        let byLine: [String: String] = Dictionary(findings.map { ($0.location, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(byLine["ai/infra/tasks/400-cfg.sh:4"]?.contains("errors are swallowed") == true, "\(byLine)")
        #expect(byLine["ai/infra/tasks/410-kind.sh:4"]?.contains("errors are swallowed") == true)
        #expect(byLine["ai/infra/tasks/420-dies.sh:4"]?.contains("unguarded") == true)
        #expect(written(drafts, "ai/infra/tasks/400-cfg.sh")?.contains(
            "kc create configmap flags -n shop --from-literal=a=\"$A\" --dry-run=client -o yaml | kc apply -f -\n") == true)
        #expect(written(drafts, "ai/infra/tasks/410-kind.sh")?.contains(
            "kind get clusters 2>/dev/null | grep -qx e2e || kind create cluster --name=e2e\n") == true)
    }

    @Test func summariesCompose() throws {
        let r = try repo(["500-x": "true\n"])
        let snapshot = try RepoReader(root: r.root, infraDir: "ai/infra").read()
        let reality = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
        let scope = FunctionSummaries.scope(of: reality.tasks[0], in: reality)
        #expect(scope["lookup"]?.wrapper?.tool == "gcloud")
        #expect(scope["lookup"]?.wrapper?.trailingWords == ["--format=none", "--project=\"$APP_PROJECT\"", "--quiet"])
        #expect(scope["in_ns"]?.wrapper?.shifted == 1 && scope["in_ns"]?.wrapper?.leadingWords == ["--context", "\"$APP_CONTEXT\"", "-n", "\"$ns\""])
        #expect(scope["router_exists"]?.isProbe == true && scope["release_there"]?.isProbe == true)
        #expect(scope["ensure_namespace"]?.isEnsure == true && scope["ensure_namespace"]?.isProbe == false)
    }
}
