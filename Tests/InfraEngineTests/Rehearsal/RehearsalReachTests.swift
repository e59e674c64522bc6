import Foundation
import Testing
@testable import InfraEngine

/// A check job runs a script with only the variables it can read, so a placeholder another
/// task's operation adds leaves its key (and its cached runs) alone.
@Suite struct RehearsalReachTests {
    let tree = RepoSnapshot(files: [
        "ai/infra/lib/common.sh": RepoFile(text: "need() { : \"${!1:?}\"; }\nlog() { echo \"$LOG_PREFIX $*\"; }\n"),
        "ai/infra/tasks/010-net.sh": RepoFile(text: "source \"$(dirname \"$0\")/../lib/common.sh\"\nneed NET_PROJECT\ngcloud compute networks create n --project \"$NET_PROJECT\"\n"),
        "ai/infra/tasks/020-gw.sh": RepoFile(text: "envsubst < \"$(dirname \"$0\")/../manifests/gw.yaml\" | kubectl apply -f -\n"),
        "ai/infra/manifests/gw.yaml": RepoFile(text: "spec:\n  addresses: [{value: ${STATIC_IP}}]\n"),
        "ai/infra/init.sh": RepoFile(text: "for t in tasks/*.sh; do bash \"$t\"; done\n"),
    ])
    let env = ["NET_PROJECT": "demo-project", "LOG_PREFIX": "x", "STATIC_IP": "203.0.113.10", "OTHER_TOKEN": "placeholder",
               "CLOUDSDK_CORE_PROJECT": "demo-project"]

    @Test func aTaskKeepsWhatItAndItsLibraryAndManifestsSpell() {
        let reach = RehearsalReach(infraDir: "ai/infra")
        #expect(Set(reach.relevant(env, to: "ai/infra/tasks/010-net.sh", in: tree).keys)
                == ["NET_PROJECT", "LOG_PREFIX", "STATIC_IP", "CLOUDSDK_CORE_PROJECT"])
        // OTHER_TOKEN is spelled nowhere: dropped. STATIC_IP is in a manifest of the folder,
        // which every task may read (envsubst).
        #expect(reach.relevant(env, to: "ai/infra/tasks/020-gw.sh", in: tree)["STATIC_IP"] == "203.0.113.10")
        #expect(reach.relevant(env, to: "ai/infra/tasks/020-gw.sh", in: tree)["OTHER_TOKEN"] == nil)
    }

    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func aGivenPlaceholderNoScriptSpellsLeavesTheKeyAsItWas() throws {
        let rehearser = try Rehearser.ready().get()
        let cache = ValidationCache(file: nil)
        let jobs = RehearsalJobs(rehearser: rehearser, cache: cache, base: [:], known: [], infraDir: "ai/infra", original: tree, scripts: ScriptCache(), cores: 1)
        var wider = env
        wider["NEW_TASK_VAR"] = "placeholder"
        #expect(jobs.submit("ai/infra/tasks/010-net.sh", on: tree, environment: env)
                == jobs.submit("ai/infra/tasks/010-net.sh", on: tree, environment: wider))
        wider["NET_PROJECT"] = "another-project"
        #expect(jobs.submit("ai/infra/tasks/010-net.sh", on: tree, environment: env)
                != jobs.submit("ai/infra/tasks/010-net.sh", on: tree, environment: wider))
        _ = jobs.finish()
    }
}
