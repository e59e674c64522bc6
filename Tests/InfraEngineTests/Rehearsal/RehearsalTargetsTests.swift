import Foundation
import Testing
@testable import InfraEngine

/// What `rehearse` runs and with which environment, on trees written in memory.
@Suite struct RehearsalTargetsTests {
    func reality(_ files: [String: String], infraDir: String = "ai/infra") throws -> RepoReality {
        var tree = RepoSnapshot()
        for (path, text) in files { tree.write(path, RepoFile(text: text)) }
        return try RepoReality(snapshot: tree, infraDir: infraDir, cache: ScriptCache())
    }

    @Test(arguments: [
        ("GCP_PROJECT_ID", "demo-project"), ("billing_project", "demo-project"), ("NODE_ZONE", "europe-west1-b"),
        ("CLUSTER_REGION", "europe-west1"), ("POD_CIDR", "10.10.0.0/20"), ("STATIC_IP", "203.0.113.10"),
        ("ACME_EMAIL", "ops@example.org"), ("APP_DOMAIN", "app.example.org"), ("INGRESS_HOST", "app.example.org"),
        ("REPLICAS", "placeholder"),
    ])
    func placeholdersByName(name: String, value: String) {
        #expect(RehearsalTargets.placeholder(for: name) == value)
    }

    @Test func teardownByNameOrByOnlyDeleting() throws {
        let r = try reality([
            "deploy/10_network.sh": "gcloud compute networks create n\n",
            "deploy/20_cluster.sh": "kind create cluster --name c\nkubectl delete pod stale --ignore-not-found\n",
            "deploy/90_retire.sh": "helm uninstall web -n web\nkind delete cluster --name c\n",
            "deploy/95_nuke-everything.sh": "echo bye\n",
        ], infraDir: "deploy")
        let selection = try RehearsalTargets.select(in: r)
        #expect(selection.teardown == ["90_retire", "95_nuke-everything"])
        #expect(selection.steps.map(\.name) == ["10_network", "20_cluster"])
        #expect(!selection.deletesAllowed)
        let only = try RehearsalTargets.select(in: r, only: "90_retire")
        #expect(only.deletesAllowed && only.steps.map(\.name) == ["90_retire"])
        #expect(throws: EngineError.self) { try RehearsalTargets.select(in: r, only: "42-nothing") }
    }

    @Test func anEntrypointIsRunWhole() throws {
        let r = try reality([
            "ai/infra/init.sh": "for t in \"$(dirname \"$0\")\"/tasks/[0-9]*.sh; do bash \"$t\"; done\n",
            "ai/infra/tasks/010-a.sh": "kubectl apply -f x.yaml\n",
        ])
        let selection = try RehearsalTargets.select(in: r)
        #expect(selection.steps == [.script("ai/infra/init.sh")])
    }

    @Test func aRunnersHandOrderWins() throws {
        let r = try reality([
            "ai/infra/run-all.sh": "for t in 030-apps 010-net; do bash \"tasks/$t.sh\"; done\n",
            "ai/infra/tasks/010-net.sh": "echo net\n",
            "ai/infra/tasks/020-dns.sh": "echo dns\n",
            "ai/infra/tasks/030-apps.sh": "echo apps\n",
        ])
        #expect(try RehearsalTargets.select(in: r).steps.map(\.name) == ["030-apps", "010-net", "020-dns"])
    }

    @Test func environmentKeepsReadNamesAndLeavesSelfDefaultedOnesUnset() throws {
        let r = try reality([
            "ai/infra/tasks/010-a.sh": """
                set -u
                : "${TIER:=small}"
                echo "$TIER $SHOP_PROJECT $SHOP_ZONE"

                """,
        ])
        let env = RehearsalTargets.environment(for: r, base: ["SHOP_ZONE": "us-east1-c", "AWS_SECRET": "x", "PATH": "/bin"])
        #expect(env.values == ["SHOP_ZONE": "us-east1-c", "SHOP_PROJECT": "demo-project"])
        #expect(env.placeholders == ["SHOP_PROJECT": "demo-project"])
    }

    @Test func envFiles() {
        let text = """
            # comment
            export A_PROJECT=p1
            B_ZONE="us-east1-b"
            C='x y'
            not a line
            """
        #expect(Rehearsal.readEnvFile(text) == ["A_PROJECT": "p1", "B_ZONE": "us-east1-b", "C": "x y"])
    }
}
