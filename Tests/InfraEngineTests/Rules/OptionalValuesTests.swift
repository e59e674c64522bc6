import Foundation
import Testing
@testable import InfraEngine

/// Names a task runs without are not made required (the session-8 tester's D6): an arithmetic
/// switch (`(( VERBOSE ))`, unset is 0), a value glued onto a name (`shop-cache${SUFFIX}`) and
/// a value only printed (`log "using $CTX"`) are read as `${X:-0}` / `${X:-}`, which keeps what
/// the task did, and the entrypoint does not ask for them. Reads that are values of their own
/// stay required: the rows below hold both, each in the line that decides it.
@Suite struct OptionalValuesTests {
    struct Row: Sendable, CustomStringConvertible {
        let body: String
        let name: String
        /// The task's line for the name after the patch, when it is optional; nil: validated.
        let optionalLine: String?
        var description: String { body.split(separator: "\n").first.map(String.init) ?? body }
    }

    static let rows: [Row] = [
        // Arithmetic: unset is 0.
        Row(body: "if (( VERBOSE )); then echo on; fi\n", name: "VERBOSE", optionalLine: "if (( ${VERBOSE:-0} )); then echo on; fi"),
        Row(body: "(( LOG_LEVEL > 1 )) && set -x\n", name: "LOG_LEVEL", optionalLine: "(( ${LOG_LEVEL:-0} > 1 )) && set -x"),
        Row(body: "(( TRIES++ ))\necho \"$TRIES\"\n", name: "TRIES", optionalLine: nil),
        Row(body: "(( BUDGET -= 1 ))\n", name: "BUDGET", optionalLine: nil),
        Row(body: "for (( d = 0; d < EXTRA_DISKS; d++ )); do echo \"disk $d\"; done\n", name: "EXTRA_DISKS",
            optionalLine: "for (( d = 0; d < ${EXTRA_DISKS:-0}; d++ )); do echo \"disk $d\"; done"),
        // Glued onto a name.
        Row(body: "NAME=\"shop-cache${CACHE_SUFFIX}\"\ngcloud redis instances create \"$NAME\"\n", name: "CACHE_SUFFIX",
            optionalLine: "NAME=\"shop-cache${CACHE_SUFFIX:-}\""),
        Row(body: "kubectl create namespace \"${NS_PREFIX}payments\"\n", name: "NS_PREFIX",
            optionalLine: "kubectl create namespace \"${NS_PREFIX:-}payments\""),
        Row(body: "DB=\"shopdb-${TIER}${DB_SUFFIX}\"\ngcloud sql instances create \"$DB\"\n", name: "DB_SUFFIX",
            optionalLine: "DB=\"shopdb-${TIER}${DB_SUFFIX:-}\""),
        Row(body: "gcloud secrets list --project \"$PROJECT_ID\"\n", name: "PROJECT_ID", optionalLine: nil),
        Row(body: "gcloud pubsub topics create \"shop-${TOPIC_SUFFIX}\"\n", name: "TOPIC_SUFFIX", optionalLine: nil),
        // A derivation from a name the task sets only later is none (D9): validated instead.
        Row(body: "echo \"region: ${REGION}\" >&2\nZONE=${REGION}-b\ngcloud sql instances create db --zone \"$ZONE\"\n",
            name: "REGION", optionalLine: nil),
        Row(body: "gsutil ls \"gs://${BUCKET}/state\"\n", name: "BUCKET", optionalLine: nil),
        Row(body: "docker pull \"img:v$VERSION\"\n", name: "VERSION", optionalLine: nil),
        Row(body: "gcloud sql instances create \"${ENV_NAME}-db\"\n", name: "ENV_NAME", optionalLine: nil),
        Row(body: "X=\"cache${SUFFIX}\"\nkubectl label ns a \"s=$SUFFIX\"\n", name: "SUFFIX", optionalLine: nil),
        // The session-9 third tester's kinds: data, not optional.
        Row(body: "kubectl scale deployment api --replicas=$((BASE_REPLICAS))\n", name: "BASE_REPLICAS", optionalLine: nil),
        Row(body: "helm uninstall \"shop${CANARY_SUFFIX}\" --namespace shop\n", name: "CANARY_SUFFIX", optionalLine: nil),
        Row(body: "echo \"kubeconfig: $KUBECONFIG\"\nkubectl delete namespace legacy\n", name: "KUBECONFIG", optionalLine: nil),
        // ... and guards of the name itself, optional.
        Row(body: "(( WAIT )) && sleep \"$WAIT\"\n", name: "WAIT", optionalLine: "(( ${WAIT:-} )) && sleep \"${WAIT:-}\""),
        Row(body: "[ \"$COST_CENTER\" ] && kubectl label ns web \"cost-center=$COST_CENTER\"\n", name: "COST_CENTER",
            optionalLine: "[ \"${COST_CENTER:-}\" ] && kubectl label ns web \"cost-center=${COST_CENTER:-}\""),
        Row(body: "if [ \"$TEAM_EMAIL\" != \"\" ]; then kubectl annotate ns web \"owner=$TEAM_EMAIL\"; fi\n", name: "TEAM_EMAIL",
            optionalLine: "if [ \"${TEAM_EMAIL:-}\" != \"\" ]; then kubectl annotate ns web \"owner=${TEAM_EMAIL:-}\"; fi"),
        // Read only where bash has checked it is set (the word of its own `${X:+word}`): no finding at all.
        // Only printed.
        Row(body: "log() { echo \"==> $*\" >&2; }\nlog \"using context ${KUBE_CONTEXT}\"\nkubectl get pods\n", name: "KUBE_CONTEXT",
            optionalLine: "log \"using context ${KUBE_CONTEXT:-}\""),
        Row(body: "printf 'owner: %s\\n' \"$TEAM\" >&2\n", name: "TEAM", optionalLine: "printf 'owner: %s\\n' \"${TEAM:-}\" >&2"),
        Row(body: "echo \"$TOKEN\" | docker login --password-stdin\n", name: "TOKEN", optionalLine: nil),
        Row(body: "echo \"export R=$RELEASE\" >> \"$GITHUB_ENV\"\n", name: "RELEASE", optionalLine: nil),
        Row(body: "printf -v LABEL '%s' \"$OWNER\"\nkubectl label ns a \"o=$LABEL\"\n", name: "OWNER", optionalLine: nil),
        Row(body: "{ echo \"name: $APP\"; } > values.yaml\n", name: "APP", optionalLine: nil),
        Row(body: "for n in a b; do echo \"$n $ZONE\"; done > zones.txt\n", name: "ZONE", optionalLine: nil),
        Row(body: "render() { echo \"image: $IMAGE\"; }\nrender | kubectl apply -f -\n", name: "IMAGE", optionalLine: nil),
    ]

    static func taskText(_ body: String) -> String { "#!/usr/bin/env bash\nset -eo pipefail\n" + body }

    /// The session-9 tester's D4: `"$LABELS"` inside `${LABELS:+...}` is no read bash can make
    /// while LABELS is unset, so the task is not patched for it, and nothing asks for LABELS.
    @Test func aReadInsideItsOwnAlternativeIsNoUncheckedRead() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-vm.sh", "#!/usr/bin/env bash\nset -euo pipefail\n"
            + "gcloud compute instances create vm1 --project \"${PROJECT_ID:?}\" ${LABELS:+--labels \"$LABELS\"}\n", executable: true)
        let r = try ruleRun(VariablesRule(), on: repo)
        #expect(r.findings.isEmpty && r.drafts.isEmpty, "\(r.findings.map(\.message))")
        #expect(RequiredEnvironment.required(in: r.reality) == ["PROJECT_ID"])
    }

    @Test(arguments: rows)
    func aNameTheTaskRunsWithoutIsDefaultedNotRequired(_ row: Row) throws {
        let repo = try TestRepo(fixture: nil, git: false)
        let task = "ai/infra/tasks/010-task.sh"
        try repo.write(task, Self.taskText(row.body), executable: true)
        let r = try ruleRun(VariablesRule(), on: repo)
        let finding = try #require(r.findings.first { $0.key == "unchecked-\(row.name)" }, "\(r.findings.map(\.message))")
        let text = try #require(written(r.drafts, task))
        if let line = row.optionalLine {
            #expect(finding.message.contains("instead of making it required"), "\(finding.message)")
            #expect(text.split(separator: "\n").contains { $0 == line }, "\(text)")
            #expect(!text.contains("${\(row.name):?"), "\(text)")
            #expect(!RequiredEnvironment.required(in: r.reality).contains(row.name))
        } else {
            #expect(finding.message.contains("validate it up front"), "\(finding.message)")
            #expect(text.contains("${\(row.name):?"), "\(text)")
        }
    }

    /// The session-9 third tester's D10: a full run skips teardowns and tasks that need
    /// arguments, so what they alone need is not in REQUIRED_ENV (their own check asks).
    @Test func namesOnlyByNameTasksNeedAreNotRequiredOfAFullRun() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-db.sh", "#!/usr/bin/env bash\ngcloud sql instances create orders --project \"$PROJECT\"\n", executable: true)
        try repo.write("ai/infra/tasks/050-restore.sh", "#!/usr/bin/env bash\nid=${1:?usage: 050-restore.sh BACKUP_ID}\n"
            + "gcloud sql backups restore \"$id\" --restore-instance orders --backup-instance \"$RESTORE_FROM\"\n", executable: true)
        try repo.write("ai/infra/tasks/090-teardown.sh", "#!/usr/bin/env bash\ngcloud projects delete \"$CONFIRM_PROJECT\" --quiet\n", executable: true)
        let r = try ruleRun(VariablesRule(), on: repo)
        #expect(RequiredEnvironment.required(in: r.reality) == ["PROJECT"])
        // Each still gets its own check.
        #expect(written(r.drafts, "ai/infra/tasks/090-teardown.sh")?.contains("${CONFIRM_PROJECT:?") == true)
        #expect(written(r.drafts, "ai/infra/tasks/050-restore.sh")?.contains("${RESTORE_FROM:?") == true)
    }

    /// A name only printed stays required where the committed task ran under `set -u`, read
    /// by the same `set` parser as strict mode (`StrictModeLine.switchedOn`): `-o nounset`
    /// switches it on, `+o nounset` off.
    @Test func printedUnderTheTasksOwnNounsetStaysRequired() throws {
        for (line, required) in [("set -o nounset", true), ("set -euo pipefail", true), ("set +o nounset", false), ("set -eo pipefail", false)] {
            let repo = try TestRepo(fixture: nil, git: false)
            try repo.write("ai/infra/tasks/010-a.sh", "#!/usr/bin/env bash\n\(line)\necho \"context $CTX\"\n", executable: true)
            let r = try ruleRun(VariablesRule(), on: repo)
            #expect(RequiredEnvironment.required(in: r.reality).contains("CTX") == required, "\(line)")
        }
    }

    /// The session-10 tester's (brk12) D5 (s09): `case "${OVERLAY:-dev}"` runs the `dev)` item with
    /// OVERLAY unset, so the bare `$OVERLAY` in the `*)` item (the message for an unknown
    /// overlay) only ever runs with OVERLAY set. Nothing is patched, nothing required, and the
    /// documented loop without OVERLAY still works, under the task's own `set -u`.
    @Test func aReadOnlyInCaseItemsTheDefaultCannotReachIsNotRequired() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        let task = "ai/infra/tasks/1-namespace.sh"
        try repo.write(task, "#!/usr/bin/env bash\nset -euo pipefail\ncase \"${OVERLAY:-dev}\" in\n  dev)  NS=billing-dev ;;\n"
            + "  prod) NS=billing ;;\n  *) echo \"unknown overlay $OVERLAY\" >&2; exit 1 ;;\nesac\necho \"namespace $NS\"\n", executable: true)
        let r = try ruleRun(VariablesRule(), on: repo)
        #expect(r.findings.isEmpty && r.drafts.isEmpty, "\(r.findings.map(\.message))")
        #expect(RequiredEnvironment.required(in: r.reality).isEmpty)
        let entry = try ruleRun(CanonicalEntrypointRule(), on: repo)
        let initText = try #require(written(entry.drafts, "ai/infra/init.sh"))
        #expect(initText.contains("REQUIRED_ENV=()"), "\(initText.prefix(900))")
        for (overlay, status, out) in [(nil, 0, "namespace billing-dev\n"), ("prod", 0, "namespace billing\n"), ("qa", 1, "")] as [(String?, Int32, String)] {
            var env = ["PATH": "/usr/bin:/bin"]
            env["OVERLAY"] = overlay
            let result = try Run.command("/bin/bash", [task], cwd: repo.root, env: env)
            #expect(result.status == status && result.stdout == out, "\(overlay ?? "unset"): \(result.stderr)")
        }
        // The same read in the item the default reaches is one bash makes unset: still required.
        try repo.write(task, "#!/usr/bin/env bash\nset -euo pipefail\ncase \"${OVERLAY:-dev}\" in\n  dev) echo \"overlay $OVERLAY\" ;;\nesac\n", executable: true)
        #expect(try ruleRun(VariablesRule(), on: repo).findings.contains { $0.key == "unchecked-OVERLAY" })
        // A test does the same for its branch: `[ "${TIER:-basic}" = standard ]` holds only with TIER set.
        try repo.write(task, "#!/usr/bin/env bash\nset -euo pipefail\nif [ \"${TIER:-basic}\" = standard ]; then\n  echo \"tier $TIER: 2 replicas\"\nfi\n",
                       executable: true)
        let tiered = try ruleRun(VariablesRule(), on: repo)
        #expect(tiered.findings.isEmpty && RequiredEnvironment.required(in: tiered.reality).isEmpty, "\(tiered.findings.map(\.message))")
        let unset = try Run.command("/bin/bash", [task], cwd: repo.root, env: ["PATH": "/usr/bin:/bin"])
        #expect(unset.status == 0 && unset.stdout.isEmpty, "\(unset.stderr)")
    }

    /// `[[ -v SHARED_VPC ]]` tests whether the name is set, so the read in its branch runs
    /// only when it is (the session-9 second tester's D7): nothing to patch, nothing required.
    @Test func aReadGuardedByMinusVIsOptional() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-vpc.sh", "#!/usr/bin/env bash\nset -euo pipefail\n"
            + "if [[ -v SHARED_VPC ]]; then\n  echo \"shared vpc $SHARED_VPC\"\nfi\ngcloud compute networks create vpc --project \"${PROJECT:?}\"\n",
            executable: true)
        let r = try ruleRun(VariablesRule(), on: repo)
        #expect(!r.findings.contains { $0.key.hasSuffix("SHARED_VPC") }, "\(r.findings.map(\.message))")
        #expect(RequiredEnvironment.required(in: r.reality) == ["PROJECT"])
    }

    /// The whole plan, applied, then run with bash without the optional names: the task does
    /// what it did, now under `set -u` too (the helpers patch adds it), and the entrypoint's
    /// REQUIRED_ENV asks only for the name that is a value of its own.
    @Test func theDocumentedRunStillWorksWithoutThem() throws {
        let repo = try TestRepo(fixture: nil, git: true)
        try repo.write("ai/infra/tasks/010-cache.sh", """
            #!/usr/bin/env bash
            log() { echo "==> $*"; }
            NAME="shop-cache${CACHE_SUFFIX}"
            log "creating $NAME in $REGION (context ${KUBE_CONTEXT})"
            if (( VERBOSE )); then log "verbose"; fi
            gcloud redis instances create "$NAME" --region "$REGION"

            """, executable: true)
        // A gcloud that knows no instance, so the create runs before and after the rerun guard.
        try repo.write(".stubs/gcloud", "#!/usr/bin/env bash\n[[ $* == *describe* ]] && exit 1\necho \"gcloud $*\"\n", executable: true)
        try repo.commitAll("base")
        let env = ["PATH": repo.url(".stubs").path + ":/usr/bin:/bin", "REGION": "europe-west1"]
        let before = try Run.command("/bin/bash", ["ai/infra/tasks/010-cache.sh"], cwd: repo.root, env: env)
        let plan = try repo.plan()
        _ = try PlanWriter.apply(plan.operations, root: repo.root)
        let task = try #require(repo.read("ai/infra/tasks/010-cache.sh"))
        #expect(task.contains("set -") && task.contains("u"), "\(task)")
        let after = try Run.command("/bin/bash", ["ai/infra/tasks/010-cache.sh"], cwd: repo.root, env: env)
        #expect(after.status == 0 && after.status == before.status, "\(after.stderr)")
        #expect(after.stdout == before.stdout, "before \(before.stdout) after \(after.stdout)")
        let entry = try #require(repo.read("ai/infra/init.sh"))
        #expect(entry.contains("REQUIRED_ENV=(REGION)"), "\(entry.split(separator: "\n").filter { $0.contains("REQUIRED_ENV=") })")
    }
}
