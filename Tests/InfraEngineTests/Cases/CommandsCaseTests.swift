import Foundation
import Testing
@testable import InfraEngine

/// The stub run checks need Python 3 (the stub CLIs are one Python script).
let stubsRun = Run.which("python3") != nil

/// twice.sh's summary says both runs passed, run 2 created nothing and no create failed.
func expectTwicePassed(_ r: Run.Result, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.stdout.contains("run1 rc=0 run2 rc=0 creates-in-run2=0 failed-creates=0 errors=none"),
            "\(r.stdout)\(r.stderr)", sourceLocation: sourceLocation)
}

/// The state folder twice.sh reports (`state=/tmp/twice.X`).
func twiceState(_ r: Run.Result) -> String? {
    r.stdout.split(separator: " ").last { $0.hasPrefix("state=") }.map { String($0.dropFirst(6)).trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension Plan {
    func rerun() -> [Finding] { findings.filter { $0.rule == "rerun" } }
}

/// Cases 16-20 of `shared/cases` (tag `semantics`): creates through helpers, guards through
/// wrappers, a wrapper's zone on a regional cluster, local-cluster creates and swallowed
/// errors, operands that are no files.
@Suite struct CommandsCaseTests {
    @Test func case16GuardedThroughHelpersIsLeftAlone() throws {
        let c = try CaseRepo("16-creates-guarded-by-helper")
        let before = try (c.plan().rerun(), c.read("ai/infra/tasks/010-network.sh"))
        #expect(before.0.isEmpty, "\(before.0.map { "\($0.location) \($0.message)" })")
        let plan = try c.applyAll()
        #expect(!plan.operations.contains { $0.rule == "rerun" })
        for task in ["010-network", "015-subnet", "020-cluster", "030-api"] {
            let text = c.read("ai/infra/tasks/\(task).sh") ?? ""
            #expect(!text.contains("if ! gcloud") && !text.contains("upgrade --install") && !text.contains("--dry-run"), "\(task): \(text)")
        }
        #expect(c.read("ai/infra/tasks/010-network.sh") == before.1)
    }

    @Test(.enabled(if: stubsRun, "the stub CLIs need python3"))
    func case16RunsTwice() throws {
        let c = try CaseRepo("16-creates-guarded-by-helper")
        try c.applyAll()
        expectTwicePassed(try c.twice("bash ai/infra/init.sh", ["INV_PROJECT": "demo-project", "INV_REGION": "northamerica-northeast1"]))
    }

    @Test(.enabled(if: stubsRun, "the stub CLIs need python3"))
    func case17GuardsGoThroughTheWrapper() throws {
        let c = try CaseRepo("17-guard-through-wrapper-scope")
        let found = try c.plan().rerun()
        #expect(Set(found.map(\.location)) == ["ai/infra/tasks/010-registry.sh:7", "ai/infra/tasks/020-deployer.sh:7"])
        #expect(found.allSatisfy { $0.message.contains("through `gx`") && $0.message.contains("unguarded") })
        try c.applyAll()
        let registry = c.read("ai/infra/tasks/010-registry.sh") ?? ""
        let deployer = c.read("ai/infra/tasks/020-deployer.sh") ?? ""
        #expect(registry.contains("gx artifacts repositories describe checkout-images --location \"$CHECKOUT_REGION\""))
        #expect(registry.contains("--repository-format docker") && registry.contains("--description \"checkout service images\""))
        #expect(deployer.contains("gx iam service-accounts describe \"checkout-deployer@${CHECKOUT_PROJECT}.iam.gserviceaccount.com\""))
        #expect(!deployer.contains("get-value project") && deployer.contains("--display-name \"checkout CI deployer\""))
        #expect(deployer.contains("gx projects add-iam-policy-binding \"$CHECKOUT_PROJECT\" \\\n"))
        expectTwicePassed(try c.twice("bash ai/infra/init.sh", ["CHECKOUT_PROJECT": "demo-project", "CHECKOUT_REGION": "europe-west3",
                                                                "STUB_GCLOUD_CONFIG_PROJECT": "sandbox-project"]))
    }

    @Test(.enabled(if: stubsRun, "the stub CLIs need python3"))
    func case18ZoneWrapperOnRegionalCluster() throws {
        let c = try CaseRepo("18-wrapper-zone-on-regional")
        let found = try c.plan().rerun()
        let zone = found.filter { $0.message.contains("regional cluster") }
        #expect(Set(zone.map(\.location)) == ["ai/infra/tasks/020-gpu-pool.sh:6", "ai/infra/tasks/030-access.sh:6"])
        #expect(zone.allSatisfy { $0.message.contains("`gz` adds `--zone \"$REC_ZONE\"`") && $0.message.contains("010-cluster.sh:8") })
        #expect(found.contains { $0.location == "ai/infra/tasks/020-gpu-pool.sh:6" && $0.message.contains("unguarded") })
        #expect(!found.contains { $0.file.hasSuffix("040-bastion.sh") })
        let lib = c.read("ai/infra/lib/gcp.sh")
        try c.applyAll()
        let pool = c.read("ai/infra/tasks/020-gpu-pool.sh") ?? ""
        #expect(pool.contains("if ! gcloud container node-pools describe gpu --cluster recs") && pool.contains("--region \"$REC_REGION\""))
        #expect(pool.contains("--machine-type g2-standard-8") && pool.contains("--accelerator type=nvidia-l4,count=1") && pool.contains("--num-nodes 1"))
        #expect(pool.contains(": \"${REC_REGION:?"))
        #expect((c.read("ai/infra/tasks/030-access.sh") ?? "").contains("gcloud container clusters get-credentials recs --project \"$REC_PROJECT\" --region \"$REC_REGION\""))
        #expect((c.read("ai/infra/tasks/040-bastion.sh") ?? "").contains("gz compute instances create recs-bastion"))
        #expect(c.read("ai/infra/lib/gcp.sh")?.contains("gz() { gcloud \"$@\" --project \"$REC_PROJECT\" --zone \"$REC_ZONE\"; }") == lib?.contains("gz() {"))
        expectTwicePassed(try c.twice("bash ai/infra/init.sh", ["REC_PROJECT": "demo-project", "REC_REGION": "us-central1", "REC_ZONE": "us-central1-c"]))
    }

    @Test(.enabled(if: stubsRun, "the stub CLIs need python3"))
    func case19LocalClustersAndSwallowedErrors() throws {
        let c = try CaseRepo("19-creates-rule-too-narrow")
        let found = try c.plan().rerun()
        #expect(Set(found.map(\.location)) == ["ai/infra/tasks/010-registry.sh:5", "ai/infra/tasks/020-dev-cluster.sh:5",
                                              "ai/infra/tasks/030-ci-cluster.sh:5", "ai/infra/tasks/040-app-secrets.sh:6",
                                              "ai/infra/tasks/040-app-secrets.sh:7"])
        for line in ["010-registry.sh:5", "040-app-secrets.sh:6", "040-app-secrets.sh:7"] {
            let f = found.first { $0.location.hasSuffix(line) }
            #expect(f?.message.contains("errors are swallowed") == true && f?.message.contains("unguarded") == false, "\(line): \(f?.message ?? "")")
        }
        #expect(found.first { $0.location.hasSuffix("040-app-secrets.sh:7") }?.message.contains("does not update the Secret") == true)
        try c.applyAll()
        let secrets = c.read("ai/infra/tasks/040-app-secrets.sh") ?? ""
        #expect(!secrets.contains("|| true") && !secrets.contains("2>/dev/null"))
        #expect(secrets.contains("--dry-run=client -o yaml | kubectl --context k3d-chat-dev -n chat apply -f -"))
        #expect((c.read("ai/infra/tasks/020-dev-cluster.sh") ?? "").contains("k3d cluster get chat-dev >/dev/null 2>&1 || k3d cluster create chat-dev --agents 2"))
        #expect((c.read("ai/infra/tasks/030-ci-cluster.sh") ?? "").contains("grep -qx chat-ci || kind create cluster --name chat-ci --wait 90s"))
        #expect((c.read("ai/infra/tasks/010-registry.sh") ?? "").contains("k3d registry get k3d-chat-registry.localhost >/dev/null 2>&1 || k3d registry create chat-registry.localhost --port 5111"))
        expectTwicePassed(try c.twice("bash ai/infra/init.sh", ["PUSH_API_KEY": "first-value"]))
        let failing = try c.twice("bash ai/infra/tasks/040-app-secrets.sh", ["PUSH_API_KEY": "x", "STUB_FAIL": "create secret"], once: true)
        #expect(failing.stdout.contains("run1 rc=1"), "\(failing.stdout)")
        // EXPECTED: every flag stays, and the context is on both sides of the pipe.
        let dev = c.read("ai/infra/tasks/020-dev-cluster.sh") ?? ""
        #expect(dev.contains("--port \"8443:443@loadbalancer\"") && dev.contains("--registry-use k3d-chat-registry.localhost:5111 --wait"), "\(dev)")
        #expect(secrets.contains("kubectl --context k3d-chat-dev -n chat create secret generic chat-push-key"), "\(secrets)")
        // Key rotation: a second run with a new key applies the new value.
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("case19-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        for key in ["first-value", "rotated-value"] {
            _ = try Run.command("/bin/bash", [CaseRepo.stubs.appendingPathComponent("twice.sh").path, "--once", "--state", state.path,
                                              c.root.path, "bash ai/infra/init.sh", "PUSH_API_KEY=\(key)"])
        }
        let calls = (try? String(contentsOf: state.appendingPathComponent("state/calls.log"), encoding: .utf8)) ?? ""
        let rotated = calls.split(separator: "\n").firstIndex { $0.contains("--from-literal=key=rotated-value") && $0.contains("--dry-run=client") }
        #expect(rotated != nil, "\(calls)")
        if let rotated { #expect(calls.split(separator: "\n").dropFirst(rotated + 1).first?.contains("apply -f -") == true, "\(calls)") }
    }

    @Test(.enabled(if: stubsRun, "the stub CLIs need python3"))
    func case20OperandsThatAreNoFiles() throws {
        let c = try CaseRepo("20-non-file-operands")
        let plan = try c.plan()
        #expect(!plan.findings.contains { $0.rule == "missing-files" }, "\(plan.findings.filter { $0.rule == "missing-files" }.map(\.message))")
        try c.applyAll()
        for task in ["010-crds", "020-log-shipper", "030-issuer"] {
            let text = c.read("ai/infra/tasks/\(task).sh") ?? ""
            #expect(!text.contains("[ -f http") && !text.contains("[ -f -") && !text.contains("0640 ]") && !text.contains("rendered/cluster-issuer.yaml ]"))
        }
        let r = try c.twice("bash ai/infra/init.sh", ["REV_PROJECT": "demo-project", "CERT_CONTACT_EMAIL": "platform@example.org"])
        expectTwicePassed(r)
    }
}
