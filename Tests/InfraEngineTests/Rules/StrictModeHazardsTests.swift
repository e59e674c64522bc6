import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// `-e` and `-o pipefail` are left out where bash would make them break a working task
/// (`StrictModeHazards`, bash manual "The Set Builtin"): one table per option, each line a
/// task (and the library it sources) with whether the option must stay out.
@Suite struct StrictModeHazardsTests {
    static let task = "ai/infra/tasks/010-app.sh"
    static let lib = "ai/infra/lib/common.sh"
    static let header = "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/../lib/common.sh\"\n"

    static func hazards(_ body: String, library: String) throws -> StrictModeHazards {
        var tree = RepoSnapshot()
        tree.write(task, RepoFile(text: header + body + "\n", mode: .executable))
        tree.write(lib, RepoFile(text: "log() { echo \"$*\" >&2; }\nk() { kubectl --context \"$CTX\" \"$@\"; }\n" + library, mode: .regular))
        let reality = try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache())
        let file = try #require(reality.tasks.first { $0.path == task })
        return StrictModeHazards.of(file, library: lib, in: reality)
    }

    static let retry = "retry() { local n=0; while :; do \"$@\"; rc=$?; [ \"$rc\" -eq 0 ] && return 0; n=$((n+1)); [ $n -ge 5 ] && return $rc; sleep 2; done; }\n"
    static let loadEnv = "load_env() { local f=\"$(dirname \"$0\")/../.env\"; [ -f \"$f\" ] && source \"$f\"; }\n"

    @Test(arguments: [
        // $? and PIPESTATUS: in the task, or in a library function it calls bare.
        ("kubectl apply -f x.yaml\nif [ $? -ne 0 ]; then exit 2; fi", "", true),
        ("kubectl apply -f x.yaml 2>&1 | tee log\nif [ \"${PIPESTATUS[0]}\" -ne 0 ]; then kubectl rollout undo deploy/api; exit 2; fi", "", true),
        ("retry kubectl apply -f crds.yaml", retry, true),
        ("if retry kubectl apply -f crds.yaml; then log ok; fi", retry, false),
        ("retry kubectl apply -f crds.yaml || exit 3", retry, false),
        // Arithmetic.
        ("count=0\nwhile read -r ns; do kubectl label ns \"$ns\" a=b; ((count++)); done < <(kubectl get ns -o name)", "", true),
        ("tries=0\nlet tries=tries+1", "", true),
        ("n=0\nif (( n > 0 )); then echo more; fi", "", false),
        ("n=0\n(( n++ )) || true", "", false),
        ("n=$((n + 1))", "", false),
        // Commands whose status 1 is an answer.
        ("k diff -f manifests/\nk apply -f manifests/", "", true),
        ("kubectl diff -f m.yaml || echo changes", "", false),
        ("diff -u a.conf b.conf", "", true),
        ("if ! cmp -s a b; then cp a b; fi", "", false),
        ("kubectl get pods | grep web", "", true),
        ("grep -q web pods.txt && echo yes", "", false),
        ("! grep -q web pods.txt", "", false),
        ("out=$(diff a b)", "", true),
        ("echo \"$(grep web pods.txt)\"", "", false),
        ("{ diff a b; echo done; } || true", "", false),
        ("git -C \"$REPO\" diff --quiet -- deploy/\nkubectl apply -k deploy/", "", true),
        ("git diff --exit-code HEAD -- values.yaml", "", true),
        ("if ! git diff --quiet; then git commit -am sync; fi", "", false),
        ("git diff --stat", "", false),
        ("git diff-index --quiet HEAD || echo dirty", "", false),
        ("terraform -chdir=infra plan -detailed-exitcode -out=tf.plan\nterraform apply tf.plan", "", true),
        ("helm diff upgrade web chart/ --detailed-exitcode", "", true),
        ("terraform plan -out=tf.plan", "", false),
        // `shift` with nothing to shift returns 1: optional arguments, or a required one fewer than shifted.
        ("ENV=${1:-staging}\nshift\nlog \"env $ENV, extra: $*\"", "", true),
        ("NAME=${1:?usage: task NAME}\nshift\nkubectl create ns \"$NAME\" \"$@\"", "", false),
        ("NAME=${1:?usage: task NAME}\nshift 2\nlog \"$*\"", "", true),
        ("[ $# -gt 0 ] && shift\nlog ok", "", false),
        ("shift || true\nlog ok", "", false),
        ("while getopts n: o; do case $o in n) NS=$OPTARG ;; esac; done\nshift $((OPTIND - 1))\nlog \"$NS\"", "", false),
        ("chart() { local ns=$1; shift; helm \"$@\" --namespace \"$ns\"; }\nchart web upgrade --install web repo/web", "", false),
        ("parse_args() { CLUSTER=${1:-shop}; shift; EXTRA=(\"$@\"); }\nparse_args \"$@\"\ngcloud container node-pools create p --cluster \"$CLUSTER\"", "", true),
        ("parse_args() { CLUSTER=${1:?usage}; shift; }\nparse_args \"$@\"", "", false),
        ("while [ $# -gt 0 ]; do\n  case $1 in\n    --prefix) PREFIX=$2; shift ;;\n  esac\n  shift\ndone", "", false),
        ("while true; do\n  shift\ndone", "", true),
        ("BUDGET=$(expr \"$MAX\" - \"$USED\")\necho \"$BUDGET\"", "", true),
        // Tools asked about changes behind their global options.
        ("helm --kube-context gke_shop diff upgrade shop ./chart -n shop --detailed-exitcode\nhelm upgrade --install shop ./chart", "", true),
        ("terraform -chdir=\"$TF_DIR\" plan -input=false -detailed-exitcode -out=tfplan", "", true),
        ("git --no-pager log --oneline -5", "", false),
        // Failures the task lives with: a prompt at the end of input, silenced errors, deletes of what may be gone.
        ("read -r -t 20 -p \"Delete the pool? [y/N] \" answer\nanswer=${answer:-n}", "", true),
        ("read -r -d '' BODY <<'JSON'\n{}\nJSON\necho \"$BODY\"", "", true),
        ("while read -r ns; do echo \"$ns\"; done < list.txt", "", false),
        ("read -r answer || answer=n", "", false),
        ("rm /tmp/deploy.lock 2>/dev/null\nkubectl apply -f x.yaml", "", true),
        ("source \"$HOME/.infra.env\" 2>/dev/null\nkubectl apply -f x.yaml", "", true),
        ("kubectl get ns shop >/dev/null 2>&1 || kubectl create ns shop", "", false),
        ("kubectl apply -f x.yaml >/dev/null", "", false),
        ("helm uninstall shop-legacy -n shop\nhelm upgrade --install shop ./chart", "", true),
        ("kubectl delete secret old -n shop\nkubectl apply -f x.yaml", "", true),
        ("kubectl delete secret old -n shop --ignore-not-found\nkubectl apply -f x.yaml", "", false),
        ("gcloud compute addresses delete ip-old --region europe-west1 --quiet", "", true),
        // A function's status is its last command's.
        ("load_env\nkubectl apply -f x.yaml", loadEnv, true),
        ("load_env || true", loadEnv, false),
        ("pick() { REPLICAS=3; [ \"$ENVIRONMENT\" != production ] && REPLICAS=1; }\npick\necho $REPLICAS", "", true),
        ("is_prod() { [ \"$ENVIRONMENT\" = production ]; }\nis_prod", "", true),
        ("is_prod() { [ \"$ENVIRONMENT\" = production ]; }\nif is_prod; then echo prod; fi", "", false),
        // A `return 1` the bare call ignored: the task went on after it.
        ("check() { kubectl get ns x || return 1; }\ncheck", "", true),
        ("need() { [ -n \"$X\" ] || { echo missing; return 1; }; }\nneed", "", true),
        ("need() { [ -n \"$X\" ] || { echo missing; exit 1; }; }\nneed", "", false),
        ("check() { kubectl get ns x || return 1; }\ncheck || exit 4", "", false),
        ("setup() { kubectl apply -f x.yaml; log done; }\nsetup", "", false),
        ("probe() { kubectl get ns x >/dev/null 2>&1 && return 0; return 1; }\nprobe", "", true),
        // The sourced library's own top-level code runs in the task; `source` returns its last status.
        ("kubectl apply -f x.yaml", "[ -n \"$DEBUG\" ] && set -x\n", true),
        ("kubectl apply -f x.yaml", "[ -n \"$DEBUG\" ] && set -x\nwarn() { echo \"$*\" >&2; }\n", false),
        ("kubectl apply -f x.yaml", "count=0\nlet count++\n", true),
        // Nothing relies on a non-zero status.
        ("kubectl apply -f x.yaml\nlog applied", "", false),
        ("[ -n \"$NS\" ] || NS=default\nkubectl create ns \"$NS\"", "", false),
    ])
    func errexit(_ body: String, _ library: String, _ keepsOut: Bool) throws {
        let h = try Self.hazards(body, library: library)
        #expect((h.errexit != nil) == keepsOut, "\(body): \(h.errexit?.message ?? "no hazard")")
    }

    static let saExists = "sa_exists() { gcloud iam service-accounts list --format='value(email)' | grep -qx \"$1\"; }\n"
    static let hasLine = "has_line() { grep -qx \"$1\"; }\n"

    @Test(arguments: [
        ("if sa_exists deployer; then log there; else gcloud iam service-accounts create deployer; fi", saExists, true),
        ("ensure() { sa_exists \"$1\" || gcloud iam service-accounts create \"$1\"; }\nensure deployer", saExists, true),
        ("if kubectl get ns -o name | has_line namespace/x; then log there; fi", hasLine, true),
        ("kubectl get ns -o name | command grep -qx namespace/x", "", true),
        ("kubectl get pods | timeout 5 head -1", "", true),
        ("kubectl get pods | env LC_ALL=C grep -q web", "", true),
        ("yes | gcloud components install kubectl", "", true),
        ("kubectl logs -f deploy/api | while IFS= read -r line; do [[ $line == *listening* ]] && break; done", "", true),
        ("kubectl get ns -o name | while read -r ns; do [ \"$ns\" = namespace/x ] && exit 0; done", "", true),
        // Readers that read to the end.
        ("kubectl get pods | while read -r l; do echo \"$l\"; done", "", false),
        ("list_pods | sort", "list_pods() { kubectl get pods -o name; }\n", false),
        ("kubectl get pods | command grep web", "", false),
        ("if has_line x < names.txt; then log there; fi", hasLine, false),
    ])
    func pipefail(_ body: String, _ library: String, _ keepsOut: Bool) throws {
        let h = try Self.hazards(body, library: library)
        #expect((h.pipefail != nil) == keepsOut, "\(body): \(h.pipefail?.message ?? "no hazard")")
    }

    /// A task another task sources gets no strict-mode line; the one sourcing it does.
    @Test func aSourcedTaskIsLeftAsItIs() throws {
        var tree = RepoSnapshot()
        tree.write("ai/infra/tasks/000-env.sh", RepoFile(text: "#!/usr/bin/env bash\nexport REGION=europe-west4\n", mode: .executable))
        tree.write("ai/infra/tasks/010-cluster.sh", RepoFile(text: "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/000-env.sh\"\ngcloud container clusters describe c --region \"$REGION\"\n", mode: .executable))
        let reality = try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache())
        let env = try #require(reality.tasks.first { $0.path.hasSuffix("000-env.sh") })
        let cluster = try #require(reality.tasks.first { $0.path.hasSuffix("010-cluster.sh") })
        let sourced = StrictModeHazards.of(env, library: Self.lib, in: reality)
        #expect(sourced.sourcedBy?.path == cluster.path && sourced.sourcedBy?.line == 2)
        #expect(StrictModeLine.target(env.script, hazards: sourced).isStrict, "nothing is added")
        #expect(StrictModeHazards.of(cluster, library: Self.lib, in: reality).sourcedBy == nil)
    }

    /// A runner that sources tasks through a variable path (`. "$(dirname "$0")/tasks/$t.sh"`,
    /// `. "ai/infra/tasks/$t.sh"` from the root) sources every task the path can name: none gets
    /// a strict-mode line, which would stay on in the runner's shell.
    @Test func tasksSourcedThroughAVariablePathAreLeftAsTheyAre() throws {
        for line in [". \"$(dirname \"$0\")/tasks/$t.sh\"", ". \"ai/infra/tasks/$t.sh\""] {
            var tree = RepoSnapshot()
            tree.write("ai/infra/tasks/01-vars.sh", RepoFile(text: "#!/usr/bin/env bash\nNETWORK=${NETWORK:-main}\n", mode: .executable))
            tree.write("ai/infra/tasks/02-network.sh", RepoFile(text: "#!/usr/bin/env bash\ngcloud compute networks create \"$NETWORK\"\n", mode: .executable))
            tree.write("ai/infra/run-all.sh", RepoFile(text: "#!/usr/bin/env bash\nfor t in 01-vars 02-network; do\n  \(line)\ndone\n", mode: .executable))
            let reality = try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache())
            for task in reality.tasks {
                let h = StrictModeHazards.of(task, library: Self.lib, in: reality)
                #expect(h.sourcedBy?.path == "ai/infra/run-all.sh", "\(line): \(task.path)")
                #expect(StrictModeLine.target(task.script, hazards: h).isStrict, "nothing is added")
            }
        }
    }
}
