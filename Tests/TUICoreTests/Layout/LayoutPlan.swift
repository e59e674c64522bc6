import InfraEngine
@testable import TUICore

/// Plans for the layout tests: long lines, titles that share their beginning, findings with
/// and without a fix.
enum LayoutPlan {
    static let needle = "NEEDLE_AT_THE_END"
    /// A line far wider than any pane, with a word only at its end.
    static let longLine = "+gcloud compute instances create edge-vm --zone \"$ZONE\" --metadata "
        + String(repeating: "startup-script-line=echo-hello;", count: 8) + " --labels " + needle

    static func patch(extra: Int = 0) -> String {
        var out = """
        diff --git a/ai/infra/tasks/030-vm.sh b/ai/infra/tasks/030-vm.sh
        index 1111111..2222222 100755
        --- a/ai/infra/tasks/030-vm.sh
        +++ b/ai/infra/tasks/030-vm.sh
        @@ -1,3 +1,3 @@
         #!/usr/bin/env bash
        -gcloud compute instances create edge-vm --zone "$ZONE"
        \(longLine)

        """
        for i in 0..<extra { out += " # context line \(i)\n" }
        return out
    }

    static func op(_ id: String, _ title: String, patch: String = patch(), commands: [String] = ["./ai/infra/init.sh --list"]) -> InfraEngine.Operation {
        Operation(ops: SamplePlan.ops(id, title, group: .local, risk: .low, commands: commands),
                  rule: "variables", rationale: "why", findings: [], files: [FileTouch(path: "ai/infra/tasks/030-vm.sh", change: .modify)],
                  patch: patch, baseline: [], validation: [.init(check: "applies", status: .passed)])
    }

    static func state(_ ops: [InfraEngine.Operation], findings: [Finding] = [], width: Int = 80, height: Int = 24) -> AppState {
        let plan = Plan(repo: "/srv/demo", infraDir: "ai/infra", operations: ops, findings: findings)
        let s = AppState(plan: plan, root: "/srv/demo", validating: false, defaultExportFolder: "/srv/demo-series")
        return update(s, .resize(width: width, height: height)).0
    }

    static func longLineState(extra: Int = 0, width: Int = 80, height: Int = 24) -> AppState {
        state([op("rerun-guard-030-vm", "Make 030-vm safe to run twice", patch: patch(extra: extra))], width: width, height: height)
    }

    /// Five operations of one rule whose titles differ only after 22 characters, as the
    /// demo's "Check the environment NNN reads" ones.
    static func similarTitles() -> AppState {
        let tasks = ["020-network", "030-gke", "040-artifact-registry", "050-dns", "080-ledger-api"]
        return state(tasks.map { op("variables-env-\($0)", "Check the environment \($0) reads") })
    }

    static let findings = [
        Finding(rule: "variables", key: "ZONE", severity: .error, file: "ai/infra/tasks/030-vm.sh", line: 2,
                message: "reads ZONE under set -u and nothing sets it", operation: "rerun-guard-030-vm"),
        Finding(rule: "secrets", key: "key", severity: .warning, file: "ai/infra/keys/deployer.json", line: 1,
                message: "a service-account key file is committed", operation: nil),
        Finding(rule: "docs", key: "runner", severity: .info, file: "README.md", line: 14,
                message: "names ./deploy-all.sh, which does not exist", operation: nil),
    ]
}
