import Foundation
import Testing
@testable import InfraEngine

/// The strict-mode patch must not change what a working task does (brk7 D1, D2, D4, D6-D9):
/// each scaffolding below is run with bash before and after the helpers rule's patch, with
/// stand-ins for kubectl/gcloud on PATH, and must end with the same status and output. The
/// patch still adds what is safe (`-u` at least), so the check is not vacuous.
@Suite struct StrictModeKeepsBehaviourTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        /// Files of the tree (tasks under ai/infra/tasks, the library under ai/infra/lib).
        let files: [String: String]
        /// Bodies of the stand-in commands (`$STATE` is a writable folder).
        let stubs: [String: String]
        /// The option the patch must leave out.
        let leftOut: String
        var description: String { name }
    }

    static let head = "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/../lib/common.sh\"\n"
    static let kubectlDiffApply = """
        case "$1" in
          diff) echo "+ mode: live"; exit 1;;
          apply) if [ ! -f "$STATE/applied" ]; then touch "$STATE/applied"; echo "timeout" >&2; exit 1; fi; echo applied;;
          get) for i in $(seq 1 20000); do echo "namespace/team-$i"; done;;
          logs) echo starting; echo listening; while :; do echo "GET /healthz"; done;;
          label) echo "$2 labeled";;
        esac
        """

    static let cases: [Case] = [
        Case(name: "retry wrapper reads $? (D2)", files: [
            "ai/infra/lib/common.sh": "retry() { local n=0; while :; do \"$@\"; rc=$?; [ \"$rc\" -eq 0 ] && return 0; n=$((n+1)); [ $n -ge 3 ] && return $rc; done; }\n",
            "ai/infra/tasks/010-crds.sh": head + "retry kubectl apply -f crds.yaml\necho done\n",
        ], stubs: ["kubectl": kubectlDiffApply], leftOut: "-e"),
        Case(name: "arithmetic counters (D9)", files: [
            "ai/infra/lib/common.sh": "log() { echo \"$*\"; }\n",
            "ai/infra/tasks/010-label.sh": head + "count=0\nwhile read -r ns; do kubectl label \"$ns\" a=b; ((count++)); done < <(printf 'x\\ny\\n')\nlet tries=0\nlog \"labeled $count\"\n",
        ], stubs: ["kubectl": kubectlDiffApply], leftOut: "-e"),
        Case(name: "bare kubectl diff through a wrapper (D8)", files: [
            "ai/infra/lib/common.sh": "k() { kubectl \"$@\"; }\n",
            "ai/infra/tasks/010-apply.sh": head + "touch \"$STATE/applied\"\nk diff -f m/\nk apply -f m/\n",
        ], stubs: ["kubectl": kubectlDiffApply], leftOut: "-e"),
        Case(name: "PIPESTATUS rollback (D8)", files: [
            "ai/infra/lib/common.sh": "log() { echo \"$*\"; }\n",
            "ai/infra/tasks/010-rollout.sh": head + "kubectl apply -f m/ 2>&1 | tee \"$STATE/log\"\nif [ \"${PIPESTATUS[0]}\" -ne 0 ]; then log undo; exit 2; fi\n",
        ], stubs: ["kubectl": kubectlDiffApply], leftOut: "-e"),
        Case(name: "library function ending in && (D4)", files: [
            "ai/infra/lib/common.sh": "load_env() { local f=\"$STATE/.env\"; [ -f \"$f\" ] && source \"$f\"; }\n",
            "ai/infra/tasks/010-env.sh": head + "load_env\npick() { R=3; [ \"${ENVIRONMENT:-production}\" != production ] && R=1; }\npick\necho \"replicas $R\"\n",
        ], stubs: [:], leftOut: "-e"),
        Case(name: "library whose last line is an && list (sourced)", files: [
            "ai/infra/lib/common.sh": "log() { echo \"$*\"; }\n[ -n \"${DEBUG:-}\" ] && set -x\n",
            "ai/infra/tasks/010-hello.sh": head + "log hello\n",
        ], stubs: [:], leftOut: "-e"),
        Case(name: "a prompt read without a terminal, and read -d '' (session 8)", files: [
            "ai/infra/lib/common.sh": "log() { echo \"$*\"; }\n",
            "ai/infra/tasks/010-pool.sh": head + "read -r -t 1 -p \"Delete the pool? [y/N] \" answer\nanswer=${answer:-n}\n"
                + "read -r -d '' BODY <<'JSON'\n{\"a\": 1}\nJSON\nlog \"answer $answer body $BODY\"\n",
        ], stubs: [:], leftOut: "-e"),
        Case(name: "cleanups that may find nothing (session 8)", files: [
            "ai/infra/lib/common.sh": "log() { echo \"$*\"; }\n",
            "ai/infra/tasks/010-clean.sh": head + "helm uninstall legacy -n shop\nrm \"$STATE/deploy.lock\" 2>/dev/null\n"
                + "source \"$STATE/missing.env\" 2>/dev/null\nlog cleaned\n",
        ], stubs: ["helm": "echo 'Error: uninstall: Release not loaded: legacy: release: not found' >&2; exit 1"], leftOut: "-e"),
        Case(name: "shift in a function that defaults its arguments (session 8)", files: [
            "ai/infra/lib/common.sh": "log() { echo \"$*\"; }\n",
            "ai/infra/tasks/010-args.sh": head + "parse_args() { CLUSTER=${1:-shop}; shift; EXTRA=\"$*\"; }\nparse_args \"$@\"\n"
                + "ENV=${1:-staging}\nshift\nlog \"cluster $CLUSTER env $ENV extra [$EXTRA]\"\n",
        ], stubs: [:], leftOut: "-e"),
        Case(name: "library probe with grep -qx on a long listing (D1)", files: [
            "ai/infra/lib/common.sh": "ns_exists() { kubectl get ns -o name | grep -qx \"namespace/$1\"; }\n",
            "ai/infra/tasks/010-ns.sh": head + "if ns_exists team-1; then echo there; else echo creating; exit 5; fi\n",
        ], stubs: ["kubectl": kubectlDiffApply], leftOut: "-o pipefail"),
        Case(name: "endless writer and a loop that breaks (D7)", files: [
            "ai/infra/lib/common.sh": "log() { echo \"$*\"; }\n",
            "ai/infra/tasks/010-api.sh": head + "yes | kubectl label ns/x a=b\nkubectl logs -f api | while IFS= read -r line; do [[ $line == listening ]] && break; done\nkubectl get ns -o name | command grep -qx namespace/team-1\nlog up\n",
        ], stubs: ["kubectl": kubectlDiffApply], leftOut: "-o pipefail"),
    ]

    static func run(_ repo: TestRepo, _ task: String, stubs: URL, state: URL) throws -> Run.Result {
        try? FileManager.default.removeItem(at: state)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        return try Run.command("/bin/bash", [task], cwd: repo.root,
                               env: ["PATH": stubs.path + ":/usr/bin:/bin", "STATE": state.path])
    }

    @Test(arguments: cases)
    func thePatchedTaskDoesWhatTheOriginalDid(_ c: Case) throws {
        let repo = try TestRepo(fixture: nil, git: false)
        for (path, text) in c.files { try repo.write(path, text, executable: path.contains("/tasks/")) }
        let stubs = repo.root.appendingPathComponent(".stubs"), state = repo.root.appendingPathComponent(".state")
        for (name, body) in c.stubs { try repo.write(".stubs/\(name)", "#!/usr/bin/env bash\n\(body)\n", executable: true) }
        let task = try #require(c.files.keys.first { $0.contains("/tasks/") })
        let before = try Self.run(repo, task, stubs: stubs, state: state)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        let patched = try #require(written(r.drafts, task), "the patch still makes the task stricter")
        let setLine = try #require(patched.split(separator: "\n").first { $0.hasPrefix("set -") }, "\(patched)")
        #expect(setLine.contains("u"), "\(setLine)")
        #expect(!(" " + setLine).contains(" " + c.leftOut + (c.leftOut == "-e" ? "" : " ")) && !(c.leftOut == "-e" && setLine.contains("-e")),
                "\(setLine)")
        #expect(r.findings.contains { $0.file == task && $0.severity == .info && ["keeps-going", "pipes-stop-early"].contains($0.key) })
        try repo.write(task, patched, executable: true)
        let after = try Self.run(repo, task, stubs: stubs, state: state)
        #expect(after.status == before.status && after.stdout == before.stdout,
                "before \(before.status) \(before.stdout.suffix(200)) \(before.stderr.suffix(200)); after \(after.status) \(after.stdout.suffix(200)) \(after.stderr.suffix(200))")
    }

    /// The session-9 second tester's D6: a runner that sources every task it loops over
    /// (`for t in tasks/*.sh; do source "$t"; done`) resolves no path, but each task is sourced
    /// all the same: none gets a strict-mode line, whose `-e` would stay on in the runner.
    @Test func tasksARunnerSourcesInALoopGetNoStrictModeLine() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/run-all.sh", "#!/bin/bash\ncd \"$(dirname \"$0\")\"\nfor t in tasks/*.sh; do\n  source \"$t\"\ndone\necho \"all done\"\n", executable: true)
        try repo.write("ai/infra/tasks/010-a.sh", "#!/bin/bash\necho a\n", executable: true)
        try repo.write("ai/infra/tasks/020-b.sh", "#!/bin/bash\nenabled=$(printf 'x\\n' | grep container)\necho \"b $enabled\"\n", executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        for task in ["ai/infra/tasks/010-a.sh", "ai/infra/tasks/020-b.sh"] {
            #expect(written(r.drafts, task).map { !$0.contains("set -") } ?? true)
            #expect(r.findings.contains { $0.file == task && $0.key == "sourced-task" && $0.message.contains("run-all.sh") }, "\(r.findings.map(\.message))")
        }
    }

    /// D6, another style: the whole plan, applied. The sourced task keeps its text, the
    /// sourcing one (which reads `$?` and exits 3 with advice) still exits 3.
    @Test func aSourcedTaskGetsNoStrictModeLine() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        let env = "#!/usr/bin/env bash\nexport REGION=\"${REGION:-europe-west4}\"\nlog() { echo \"$*\"; }\n"
        try repo.write("ai/infra/tasks/000-env.sh", env, executable: true)
        try repo.write("ai/infra/tasks/010-cluster.sh", """
            #!/usr/bin/env bash
            source "$(dirname "$0")/000-env.sh"
            false
            if [ $? -ne 0 ]; then log "cluster missing: create it first"; exit 3; fi

            """, executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        #expect(written(r.drafts, "ai/infra/tasks/000-env.sh").map { !$0.contains("set -") } ?? true)
        let info = try #require(r.findings.first { $0.key == "sourced-task" })
        #expect(info.file == "ai/infra/tasks/000-env.sh" && info.severity == .info && info.message.contains("010-cluster.sh"))
        #expect(!r.findings.contains { $0.key == "strict-mode" && $0.file == "ai/infra/tasks/000-env.sh" })
        for draft in r.drafts { for (path, edit) in draft.edits { if case .write(let text, _) = edit { try repo.write(path, text, executable: true) } } }
        let run = try Run.command("/bin/bash", ["ai/infra/tasks/010-cluster.sh"], cwd: repo.root)
        #expect(run.status == 3 && (run.stdout + run.stderr).contains("create it first"), "\(run.status) \(run.stdout) \(run.stderr)")
    }
}
