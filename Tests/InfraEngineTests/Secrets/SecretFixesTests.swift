import Foundation
import Testing
@testable import InfraEngine

/// Each fix of issue 15 on repositories written here, in other spellings than the cases:
/// other names, folders, flags and shapes of the same kinds.
@Suite(.serialized) struct SecretFixesTests {
    static let head = "#!/usr/bin/env bash\nset -euo pipefail\n"

    func repo(_ files: [String: String]) throws -> TestRepo {
        let r = try TestRepo(fixture: nil)
        for (path, text) in files { try r.write(path, text, executable: path.hasSuffix(".sh")) }
        try r.commitAll("base")
        return r
    }

    func op(_ plan: Plan, touching path: String) throws -> InfraEngine.Operation {
        try #require(plan.operations.first { $0.rule == "secrets" && $0.files.contains { $0.path == path } }, "no secrets operation for \(path)")
    }

    @Test func kubeconfigWithClientKeyIsUntrackedTemplatedAndGuarded() throws {
        let keyData = String(repeating: "TUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD", count: 2)
        let r = try repo([
            "deploy/access/admin.kubeconfig": "apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: ops\n  user:\n    client-key-data: \(keyData)\n",
            "deploy/tasks/10-check.sh": Self.head + "here=\"$(dirname \"$0\")\"\nkubectl --kubeconfig=\"$here/../access/admin.kubeconfig\" get ns\n",
        ])
        let plan = try Planner.plan(root: r.root, options: PlanOptions(infraDir: "deploy"))
        let op = try op(plan, touching: "deploy/access/admin.kubeconfig")
        #expect(op.files.contains(FileTouch(path: "deploy/access/admin.kubeconfig", change: .delete)))
        #expect(op.files.contains(FileTouch(path: "deploy/access/admin.example.kubeconfig", change: .create)))
        #expect(op.patch.contains("client-key-data: REPLACE_ME") && !op.patch.contains(keyData))
        let guardLine = "+[ -f \"$here/../access/admin.kubeconfig\" ] || {"
        #expect(op.patch.contains(guardLine), "\(op.patch)")
        #expect(op.ops.group == "cluster" && op.ops.risk == "HIGH")
        #expect(!plan.findings.contains { $0.rule == "manifests" && $0.file.hasSuffix("admin.kubeconfig") })
    }

    @Test func envFileVariantsAreFoundAndTemplatesAreNot() throws {
        let token = "tk" + String(repeating: "Q7wX2", count: 5)
        let r = try repo([
            "ai/infra/config.env": "REGION=eu\nVENDOR_API_TOKEN=\(token)\n",
            "ai/infra/.env.production": "export DB_PASSWD='\(token)9'\n",
            "ai/infra/.env.sample": "VENDOR_API_TOKEN=\(token)\n",
        ])
        let plan = try r.plan()
        let files = Set(plan.findings.filter { $0.rule == "secrets" }.map(\.file))
        #expect(files == ["ai/infra/config.env", "ai/infra/.env.production"])
        let op = try op(plan, touching: "ai/infra/config.env")
        #expect(op.files.contains(FileTouch(path: "ai/infra/config.env.example", change: .create)))
        #expect(op.patch.contains("+VENDOR_API_TOKEN=REPLACE_ME") && !op.patch.contains(token))
        #expect(op.patch.contains("+# Credential kept out of git by infra-tui; template: ai/infra/config.env.example"))
    }

    @Test func literalsMoveToTheEnvironmentWithoutPreimage() throws {
        let value = "Lp" + "9vRt2Kq8Zw"
        let r = try repo([
            "ai/infra/tasks/030-cache.sh": Self.head
                + "kubectl create secret generic cache-auth -n cache --from-literal=redis-password=\(value) --dry-run=client -o yaml | kubectl apply -f -\n"
                + "helm upgrade --install cache oci://charts.invalid/redis -n cache --set \"auth.password=\(value)\" --wait\n",
            "ai/infra/tasks/040-hook.sh": Self.head + "export DEPLOY_HOOK_TOKEN=\(value)x\ncurl -fsS -H \"X-Token: $DEPLOY_HOOK_TOKEN\" https://hooks.invalid\n"
                + "smtp_password='\(value)y'\necho \"$smtp_password\" | mail-setup --stdin\n",
        ])
        let plan = try r.plan()
        let cache = try #require(plan.operations.first { $0.id == "secrets-env-030-cache-sh" })
        #expect(!cache.patch.contains(value) && cache.patch.contains("Binary files a/ai/infra/tasks/030-cache.sh and /dev/null differ"))
        #expect(cache.patch.contains("--from-literal=redis-password=\"$CACHE_AUTH_REDIS_PASSWORD\""))
        #expect(cache.patch.contains("--set \"auth.password=${CACHE_PASSWORD}\" --wait"))
        #expect(cache.patch.contains(": \"${CACHE_AUTH_REDIS_PASSWORD:?") && cache.ops.risk == "HIGH")
        let hook = try #require(plan.operations.first { $0.id == "secrets-env-040-hook-sh" })
        #expect(hook.patch.contains("+: \"${DEPLOY_HOOK_TOKEN:?") && !hook.patch.contains(value))
        #expect(hook.patch.contains("+smtp_password=\"${SMTP_PASSWORD:?export SMTP_PASSWORD}\""), "a lowercase name keeps its use")
        // Applied, the scripts run as before with the values from the environment, and the plan converges.
        let before = try #require(r.read("ai/infra/tasks/030-cache.sh"))
        let report = try PlanWriter.apply(plan.operations, root: r.root)
        // The journal keeps the old script by blob id, not by bytes; undo reads it back from git.
        let journal = try String(contentsOf: URL(fileURLWithPath: try #require(report.journal)), encoding: .utf8)
        #expect(!journal.contains(Data(value.utf8).base64EncodedString().prefix(12)) && journal.contains("beforeGitBlob"))
        #expect(try PlanWriter.undo(root: r.root).contains("ai/infra/tasks/030-cache.sh"))
        #expect(r.read("ai/infra/tasks/030-cache.sh") == before)
        _ = try PlanWriter.apply(plan.operations, root: r.root)
        try r.commitAll("applied")
        #expect(try r.plan().operations.filter { $0.rule == "secrets" }.isEmpty)
        #expect(try Run.command("/bin/bash", ["-n", r.url("ai/infra/tasks/030-cache.sh").path]).status == 0)
        #expect(r.read("ai/infra/init.sh")?.contains("CACHE_AUTH_REDIS_PASSWORD") == true, "on the entrypoint's required list")
    }

    /// The literal leaves first: the rerun fix of the same line (`helm install` ->
    /// `helm upgrade --install`) then carries no credential and passes validation.
    @Test func literalOnALineAnotherRuleRewritesLeavesFirst() throws {
        let r = try repo(["ai/infra/tasks/010-graf.sh": Self.head + "helm install grafana grafana/grafana -n mon --set adminPassword=Kq8" + "vN2xLp4Zt\n"])
        let out = try Run.tui(["plan", "--repo", r.root.path, "--format", "json", "--no-validate"])
        let plan = try PlanJSON.decode(Data(out.stdout.utf8))
        #expect(plan.operations.first?.id == "secrets-env-010-graf-sh")
        #expect(plan.operations.contains { $0.rule == "rerun" })
        for op in plan.operations { #expect(!op.validation.contains { $0.status == .failed }, "\(op.id): \(op.validation)") }
        #expect(try Run.tui(["apply", "--repo", r.root.path, "--accept", "all"]).status == 0)
        try r.commitAll("applied")
        #expect(try r.plan().operations.isEmpty)
        #expect(r.read("ai/infra/tasks/010-graf.sh")?.contains("helm upgrade --install grafana grafana/grafana -n mon --set adminPassword=\"$MON_ADMIN_PASSWORD\"") == true)
    }

    @Test func secretManifestWithStringDataLeavesItsKustomizationElsewhere() throws {
        let r = try repo([
            "ops/k8s/base/kustomization.yaml": "resources:\n- app.yaml\n- \"./api-keys.yaml\"  # keys\n",
            "ops/k8s/base/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n",
            "ops/k8s/base/api-keys.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-api\nstringData:\n  api-key: Zx8" + "pQ2vL7mN4\n  region: eu\n",
            "ops/tasks/20-apply.sh": Self.head + "cd \"$(dirname \"$0\")/..\"\nkubectl apply -k k8s/base\n",
        ])
        let plan = try Planner.plan(root: r.root, options: PlanOptions(infraDir: "ops"))
        let op = try op(plan, touching: "ops/k8s/base/api-keys.yaml")
        #expect(op.patch.contains("-- \"./api-keys.yaml\"  # keys") || op.patch.contains("-- \"./api-keys.yaml\""), "\(op.patch)")
        #expect(op.patch.contains("+kubectl create secret generic billing-api --from-literal=api-key=\"$BILLING_API_KEY\""))
        #expect(op.patch.contains("--from-literal=region=eu --dry-run=client -o yaml | kubectl apply -f -\n kubectl apply -k k8s/base"))
        #expect(!op.patch.contains("Zx8pQ2"))
    }

    @Test func secretInAKustomizationNoTaskAppliesStillLeavesItsResources() throws {
        let r = try repo([
            "ai/infra/manifests/kustomization.yaml": "resources:\n  - creds.yaml\n",
            "ai/infra/manifests/creds.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  token: Hn3" + "xV8qL2wZ7\n",
            "ai/infra/tasks/010-a.sh": Self.head + "kustomize build \"$(dirname \"$0\")/../manifests\" | kubectl apply -f -\n",
        ])
        let plan = try r.plan()
        let op = try op(plan, touching: "ai/infra/manifests/creds.yaml")
        #expect(op.patch.contains("-  - creds.yaml") && op.patch.contains("+  token: REPLACE_ME"), "\(op.patch)")
        #expect(op.ops.commands.contains { $0.hasPrefix("kubectl apply -f ai/infra/manifests/creds.yaml") })
        #expect(!op.patch.contains("Hn3xV8qL2wZ7"))
    }

    @Test func keyFoldersFromScriptsAndDocsAreIgnored() throws {
        let r = try repo([
            "ai/infra/tasks/010-tls.sh": Self.head + "root=\"$(cd \"$(dirname \"$0\")/../../..\" && pwd)\"\nmkdir -p \"$root/keys\"\nopenssl genrsa -out \"$root/keys/tls.pem\" 2048\n",
            "docs/ops.md": "Make a deploy key:\n\n```sh\nssh-keygen -t ed25519 -f deploy-keys/ci -N ''\n```\n",
        ])
        let plan = try r.plan()
        let op = try #require(plan.operations.first { $0.id == "secrets-ignore-key-folders" })
        let patch = op.patch
        #expect(patch.contains("+/keys/") && patch.contains("+/deploy-keys/"), "\(patch)")
        _ = try PlanWriter.apply(plan.operations, root: r.root)
        try r.write("keys/tls.pem", "x")
        #expect(try r.git("check-ignore", "keys/tls.pem").status == 0)
    }

    @Test func printedCredentialsAreReportedWithoutPatch() throws {
        let r = try repo([
            "ai/infra/tasks/050-admin.sh": Self.head + "pw=\"$(kubectl -n x get secret admin -o jsonpath='{.data.password}' | base64 -d)\"\n"
                + "echo \"admin login: admin / ${ADMIN_PASSWORD}\"\nkubectl -n y get secret s -o jsonpath='{.data.token}' | base64 --decode\n"
                + "echo \"$REGISTRY_TOKEN\" | docker login registry.invalid --password-stdin\n",
        ])
        let printed = try r.plan().findings.filter { $0.rule == "secrets" && $0.id.contains(":printed-") }
        #expect(Set(printed.map(\.line)) == [4, 5], "\(printed)")
        #expect(printed.allSatisfy { $0.operation == nil })
    }

    @Test func dockerConfigAndCloudTokensInConfigFilesAreUntracked() throws {
        let auth = Data(("bot:" + "w7Y" + "kP2nQ9xL").utf8).base64EncodedString()
        let r = try repo(["ai/infra/registry/config.json": "{\"auths\": {\"registry.invalid\": {\"auth\": \"\(auth)\"}}}\n"])
        let plan = try r.plan()
        let op = try op(plan, touching: "ai/infra/registry/config.json")
        #expect(!op.patch.contains(auth) && op.patch.contains("REPLACE_ME_BASE64_USER_COLON_PASSWORD"))
    }

    @Test func ignoreCommentNamingAMissingTemplateGetsIt() throws {
        let r = try repo([".gitignore": "# local settings, kept out of git (copy deploy/settings.example.env)\n/deploy/settings.env\n",
                          "deploy/tasks/10-mail.sh": Self.head + "echo mail\n"])
        try r.write("deploy/settings.env", "REGION=eu\nMAIL_PASSWORD=" + "Vq4" + "nB8zR2k\n")
        let plan = try Planner.plan(root: r.root, options: PlanOptions(infraDir: "deploy"))
        let op = try #require(plan.operations.first { $0.id == "secrets-template-settings-example-env" })
        #expect(op.files == [FileTouch(path: "deploy/settings.example.env", change: .create)])
        #expect(op.patch.contains("+MAIL_PASSWORD=REPLACE_ME") && !op.patch.contains("Vq4nB8zR2k"))
        _ = try PlanWriter.apply(plan.operations, root: r.root)
        try r.commitAll("applied")
        #expect(!(try Planner.plan(root: r.root, options: PlanOptions(infraDir: "deploy"))).operations.contains { $0.rule == "secrets" })
    }
}

/// A person may edit a rewrite (deletion by blob id + new file) like any other patch.
@Suite struct RewriteEditTests {
    @Test func anEditedRewriteIsCheckedAsOneModification() async throws {
        let r = try TestRepo(fixture: nil)
        try r.write("ai/infra/tasks/010-a.sh", SecretFixesTests.head + "helm upgrade --install a b/c -n apps --set rootPassword=Wq7" + "zN4kP9x\n", executable: true)
        try r.commitAll("base")
        let plan = try r.plan()
        let op = try #require(plan.operations.first { $0.id == "secrets-env-010-a-sh" })
        let edited = op.patch.replacingOccurrences(of: "--set rootPassword=\"$APPS_ROOT_PASSWORD\"", with: "--set rootPassword=\"$APPS_ROOT_PASSWORD\" --atomic")
        #expect(edited != op.patch)
        let result = await EditCheck.patch(edited, id: op.id, operations: plan.operations, root: r.root, infraDir: "ai/infra", externalTools: false)
        guard case .success(let checked) = result else { Issue.record("refused: \(result)"); return }
        #expect(checked.files.filter { $0.path == "ai/infra/tasks/010-a.sh" } == [FileTouch(path: "ai/infra/tasks/010-a.sh", change: .modify)])
    }
}

/// A config or manifest that holds a token among other settings is reported, not taken out
/// of git: what reads it (a kustomization, `helm -f`) would break.
@Suite struct CredentialInsideConfigTests {
    @Test func aSecretBesideOtherObjectsIsReportedOnly() throws {
        let r = try TestRepo(fixture: nil)
        try r.write("ai/infra/tasks/010-a.sh", SecretFixesTests.head + "echo a\n", executable: true)
        try r.write("ai/infra/manifests/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: Wz4" + "kL9pQ2vN\n---\n"
                    + "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  ports:\n  - port: 5432\n")
        try r.commitAll("base")
        let plan = try r.plan()
        #expect(plan.findings.contains { $0.rule == "secrets" && $0.file == "ai/infra/manifests/db.yaml" && $0.operation == nil })
        #expect(!plan.operations.contains { $0.rule == "secrets" && $0.files.contains { $0.path == "ai/infra/manifests/db.yaml" } })
    }

    @Test(arguments: ["ai/infra/manifests/app-config.yaml", "ai/infra/helm/app.json", "ai/infra/settings.yaml"])
    func reportedWithoutPatch(_ path: String) throws {
        let r = try TestRepo(fixture: nil)
        try r.write("ai/infra/tasks/010-a.sh", SecretFixesTests.head + "echo a\n", executable: true)
        try r.write(path, "apiVersion: v1\nkind: ConfigMap\ndata:\n  hook: " + "gh" + "p_" + String(repeating: "a1B2c3D4e5", count: 4) + "\n")
        try r.commitAll("base")
        let plan = try r.plan()
        let finding = try #require(plan.findings.first { $0.rule == "secrets" && $0.file == path })
        #expect(finding.operation == nil && finding.message.contains("move it to the environment by hand"))
        #expect(!plan.operations.contains { $0.rule == "secrets" && $0.files.contains { $0.path == path } })
    }
}
