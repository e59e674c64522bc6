import InfraEngine
@testable import TUICore

/// A small, fixed plan for screen tests: three operations (one depending on another, one
/// with a wide-character file name and failed validation) and a diff longer than any screen.
enum SamplePlan {
    static let root = "/srv/demo"

    static func ops(_ id: String, _ title: String, group: OpsBlock.Group, risk: OpsBlock.Risk, depends: [String] = [],
                    commands: [String] = ["./ai/infra/init.sh --list"]) -> OpsBlock {
        OpsBlock(id: id, title: title, group: group, risk: risk, dependsOn: depends,
                 preconditions: ["bash 4+ on PATH"], commands: commands,
                 expectedOutputs: ["the numbered tasks, in order"], rollback: ["git revert the commit that applied this operation"])
    }

    static let helpersPatch = """
    diff --git a/ai/infra/tasks/010-apis.sh b/ai/infra/tasks/010-apis.sh
    index 1111111..2222222 100755
    --- a/ai/infra/tasks/010-apis.sh
    +++ b/ai/infra/tasks/010-apis.sh
    @@ -1,4 +1,5 @@
     #!/usr/bin/env bash
    -set -e
    +set -euo pipefail
    +source "$(dirname "$0")/../lib/common.sh"
     log "enabling APIs"
     gcloud services enable container.googleapis.com
    @@ -9,3 +10,3 @@ enable_apis() {
       local project=$1
    -  echo "project: $project"
    +  log "project: $project"
     }
    diff --git a/ai/infra/tasks/020-network.sh b/ai/infra/tasks/020-network.sh
    index 3333333..4444444 100755
    --- a/ai/infra/tasks/020-network.sh
    +++ b/ai/infra/tasks/020-network.sh
    @@ -1,6 +1,3 @@
     #!/usr/bin/env bash
    -log() { echo "[net] $*"; }
    -die() { echo "$*" >&2; exit 1; }
    -
    +source "$(dirname "$0")/../lib/common.sh"
     gcloud compute networks create edge --subnet-mode=custom

    """

    /// An entrypoint script of `lines` lines: a diff much longer than a screen.
    static func entrypointPatch(lines: Int) -> String {
        var out = """
        diff --git a/ai/infra/init.sh b/ai/infra/init.sh
        new file mode 100755
        index 0000000..5555555
        --- /dev/null
        +++ b/ai/infra/init.sh
        @@ -0,0 +1,\(lines) @@

        """
        for i in 1...lines { out += "+# step \(i): run the numbered task \(i) and log it\n" }
        out += """
        diff --git a/ai/infra/bin/up.sh b/ai/infra/bin/up.sh
        index 6666666..7777777 100755
        --- a/ai/infra/bin/up.sh
        +++ b/ai/infra/bin/up.sh
        @@ -1,2 +1,2 @@
         #!/usr/bin/env bash
        -for t in tasks/*.sh; do bash "$t"; done
        +exec "$(dirname "$0")/../init.sh" "$@"

        """
        return out
    }

    static let wideName = "ai/infra/docs/説明-café.md"

    static let docsPatch = """
    diff --git a/\(wideName) b/\(wideName)
    new file mode 100644
    index 0000000..8888888
    --- /dev/null
    +++ b/\(wideName)
    @@ -0,0 +1,3 @@
    +# 説明: how to run the infra
    +
    +Run ./ai/infra/init.sh; nothing else.

    """

    static func plan(longDiff: Int = 80) -> Plan {
        let helpers = Operation(
            ops: ops("helpers-normalise-lib", "Share helpers through ai/infra/lib/common.sh", group: .local, risk: .low),
            rule: "helpers", rationale: "Two tasks define their own log and die; one library keeps them the same.",
            findings: ["helpers:ai/infra/tasks/020-network.sh:log"],
            files: [FileTouch(path: "ai/infra/tasks/010-apis.sh", change: .modify), FileTouch(path: "ai/infra/tasks/020-network.sh", change: .modify)],
            patch: helpersPatch, baseline: [], validation: [.init(check: "applies", status: .passed), .init(check: "shellcheck", status: .passed)])
        let entry = Operation(
            ops: ops("entrypoint-canonical-init", "Drive every task from ai/infra/init.sh", group: .local, risk: .med, depends: ["helpers-normalise-lib"]),
            rule: "entrypoint", rationale: "Two runners disagree on the task list; one entrypoint discovers the tasks.",
            findings: ["entrypoint:ai/infra/bin/up.sh:runner"],
            files: [FileTouch(path: "ai/infra/init.sh", change: .create), FileTouch(path: "ai/infra/bin/up.sh", change: .modify)],
            patch: entrypointPatch(lines: longDiff), baseline: [], validation: [.init(check: "applies", status: .passed)])
        let docs = Operation(
            ops: ops("docs-runbook", "Write the runbook for the one execution path", group: .external, risk: .high),
            rule: "docs", rationale: "The README names a runner that does not exist.",
            findings: [], files: [FileTouch(path: wideName, change: .create)],
            patch: docsPatch, baseline: [],
            validation: [.init(check: "applies", status: .passed), .init(check: "shellcheck", status: .failed, detail: "SC2086 on line 3")])
        let findings = [
            Finding(rule: "helpers", key: "log", file: "ai/infra/tasks/020-network.sh", line: 5,
                    message: "defines its own `log` (different body from ai/infra/lib/common.sh:6)", operation: "helpers-normalise-lib"),
            Finding(rule: "entrypoint", key: "runner", file: "ai/infra/bin/up.sh", line: 13,
                    message: "runs the tasks itself, a second way beside ai/infra/init.sh", operation: "entrypoint-canonical-init"),
        ]
        return Plan(repo: root, infraDir: "ai/infra", operations: [helpers, entry, docs], findings: findings)
    }

    static func state(longDiff: Int = 80, validating: Bool = false, width: Int = 80, height: Int = 24) -> AppState {
        var s = AppState(plan: plan(longDiff: longDiff), root: root, validating: validating, defaultExportFolder: "/srv/demo-series")
        s = update(s, .resize(width: width, height: height)).0
        return s
    }
}

/// Feeds keys to `update`, collecting the effects, as the shell would.
func press(_ state: AppState, _ keys: Key...) -> (AppState, [Effect]) {
    var s = state
    var effects: [Effect] = []
    for key in keys {
        let (next, out) = update(s, .key(key))
        s = next
        effects += out
    }
    return (s, effects)
}

func typed(_ text: String) -> [Key] { text.map { Key.char($0) } }

func press(_ state: AppState, _ keys: [Key]) -> (AppState, [Effect]) {
    var s = state
    var effects: [Effect] = []
    for key in keys {
        let (next, out) = update(s, .key(key))
        s = next
        effects += out
    }
    return (s, effects)
}
