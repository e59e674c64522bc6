import Foundation
import Testing
@testable import InfraEngine

/// A scaffolding written unlike edge-messy: scripts directly in ai/infra (no tasks/ folder),
/// underscore numbering, its own helper names (`say`, `bail`), no library at all, a runner
/// called `go.sh` that globs the scripts, and a gcloud wrapper that adds a zone to everything.
@Suite struct DifferentStyleTests {
    static func write(_ repo: TestRepo) throws {
        try repo.write("ai/infra/go.sh", """
            #!/usr/bin/env bash
            # Runs the steps in order.
            for s in "$(dirname "$0")"/[0-9]*_*.sh; do
              bash "$s"
            done

            """, executable: true)
        try repo.write("ai/infra/10_network.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            say() { echo "--- $*"; }
            bail() { echo "!!! $*" >&2; exit 1; }
            [ -n "${GCP_PROJECT:-}" ] || bail "set GCP_PROJECT"
            gc() { gcloud "$@" --project "$GCP_PROJECT" --zone "$ZONE"; }
            say "network"
            gcloud compute networks create core --subnet-mode=auto --project "$GCP_PROJECT"
            gc compute addresses create edge-ip --region "${ZONE%-*}"
            mkdir "$HOME/.core"
            echo "network=core" >> "$HOME/.core/settings.conf"

            """, executable: true)
        try repo.write("ai/infra/20_apps.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            kubectl create namespace apps
            kubectl create configmap app-settings --from-literal=region="$REGION" -n apps
            helm install web oci://registry.example.com/charts/web -n apps
            kubectl apply -f "$(dirname "$0")/k8s/app.yaml"

            """, executable: true)
    }

    @Test func handledSensibly() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try Self.write(repo)
        try repo.git("init", "-q", "-b", "main")
        try repo.commitAll("style")
        let plan = try repo.plan()
        func has(_ rule: String, _ file: String, _ line: Int, _ words: String...) -> Bool {
            plan.findings.contains { $0.rule == rule && $0.file == "ai/infra/\(file)" && $0.line == line && words.allSatisfy($0.message.contains) }
        }
        #expect(has("rerun", "10_network.sh", 8, "gcloud compute networks create core"))
        #expect(has("rerun", "10_network.sh", 9, "gcloud compute addresses create edge-ip"))
        #expect(has("rerun", "10_network.sh", 9, "`gc`", "adds --zone"))
        #expect(has("rerun", "10_network.sh", 10, "mkdir"))
        #expect(has("rerun", "10_network.sh", 11, "settings.conf"))
        #expect(has("rerun", "20_apps.sh", 3, "kubectl create namespace apps"))
        #expect(has("rerun", "20_apps.sh", 4, "kubectl create configmap"))
        #expect(has("rerun", "20_apps.sh", 5, "helm install web"))
        #expect(has("variables", "10_network.sh", 6, "$ZONE"))
        #expect(has("variables", "20_apps.sh", 4, "$REGION", "derive it from ZONE"))
        #expect(has("missing-files", "20_apps.sh", 6, "ai/infra/k8s/app.yaml"))
        #expect(!plan.findings.contains { $0.rule == "missing-files" && $0.file == "ai/infra/go.sh" })
        let ids = Set(plan.operations.map(\.id))
        #expect(ids.isSuperset(of: ["rerun-guard-10-network", "rerun-guard-20-apps", "variables-env-10-network",
                                    "variables-env-20-apps", "missing-files-20-apps"]), "\(ids)")

        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        for path in ["ai/infra/10_network.sh", "ai/infra/20_apps.sh", "ai/infra/init.sh"] {
            let bash = try Run.command("/bin/bash", ["-n", repo.url(path).path])
            #expect(bash.status == 0, "bash -n \(path): \(bash.stderr)")
            if let shellcheck = Run.which("shellcheck") {
                let sc = try Run.command(shellcheck, [repo.url(path).path], cwd: repo.root)
                #expect(sc.status == 0, "shellcheck \(path):\n\(sc.stdout)")
            }
        }
        let apps = repo.read("ai/infra/20_apps.sh") ?? ""
        #expect(apps.contains("REGION=\"${REGION:-${ZONE%-*}}\""))
        #expect(apps.contains("kubectl create namespace apps --dry-run=client -o yaml | kubectl apply -f -"))
        #expect(apps.contains("helm upgrade --install web"))
        #expect(apps.contains("k8s/app.yaml\" ] ||"))

        let again = try repo.plan()
        let mine: Set<String> = ["rerun", "variables", "missing-files"]
        #expect(!again.operations.contains { mine.contains($0.rule) }, "\(again.operations.map(\.id))")

        // The steps run twice against stateful stubs (the k8s manifest is a real gap: add it).
        try repo.write("ai/infra/k8s/app.yaml", "kind: ConfigMap\n")
        let stubs = try StatefulStubTools(in: repo.root.deletingLastPathComponent().appendingPathComponent("stubs-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: stubs.folder) }
        let env = stubs.environment(required: StubTools.requiredEnvironment(of: repo.url("ai/infra/init.sh")).union(["GCP_PROJECT"]))
        for run in 1...2 {
            let r = try Run.command(repo.url("ai/infra/init.sh").path, [], env: env)
            #expect(r.status == 0, "run \(run): \(r.stdout)\n\(r.stderr)")
        }
    }
}
