import Foundation
import Testing
@testable import InfraEngine

/// The strict-mode patch, accepted alone, must not stop a task on a name the documented run
/// leaves unset (the session-9 tester's D7, D8): adding `-u`, it writes every read the
/// variables rule would default (switches, names glued onto a name or only printed) and every
/// read of a name the environment may leave unset (`DEBUG`, `CI`) with its default in the same
/// patch; where no default keeps the behaviour (arithmetic on an outside value, a read before
/// the line that sets the name) it leaves `-u` out and says why. Each task runs with bash,
/// before and after the patch, with none of those names set.
@Suite struct NounsetKeepsOptionalNamesTests {
    static let library = "log() { echo \"==> $*\"; }\n"
    static let head = "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/../lib/common.sh\"\n"

    func patched(_ body: String) throws -> (repo: TestRepo, task: String, text: String, findings: [Finding]) {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/common.sh", "# shellcheck shell=bash\n" + Self.library)
        let task = "ai/infra/tasks/010-task.sh"
        try repo.write(task, Self.head + body, executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        let text = try #require(written(r.drafts, task), "\(r.findings.map(\.message))")
        return (repo, task, text, r.findings)
    }

    func run(_ repo: TestRepo, _ task: String) throws -> Run.Result {
        try Run.command("/bin/bash", [task], cwd: repo.root, env: ["PATH": "/usr/bin:/bin", "PROJECT_ID": "p"])
    }

    @Test func optionalNamesAreDefaultedWhereMinusUIsAdded() throws {
        let body = """
            [[ $DEBUG == 1 ]] && echo "debug on"
            [ "$DRY" = 1 ] && echo "dry run"
            [ "$CI" = true ] && echo "in CI"
            NAME="shop-cache${CACHE_SUFFIX}"
            log "creating $NAME for $PROJECT_ID (context ${KUBE_CONTEXT})"
            echo "done"

            """
        let (repo, task, text, _) = try patched(body)
        let before = try run(repo, task)
        #expect(text.contains("set -euo pipefail"), "\(text)")
        for name in ["DEBUG", "DRY", "CI", "CACHE_SUFFIX", "KUBE_CONTEXT"] {
            #expect(text.contains("${\(name):-"), "\(name): \(text)")
        }
        try repo.write(task, text, executable: true)
        let after = try run(repo, task)
        #expect(after.status == 0 && after.status == before.status && after.stdout == before.stdout,
                "before \(before.status) \(before.stdout); after \(after.status) \(after.stdout) \(after.stderr)")
    }

    struct Blocked: Sendable, CustomStringConvertible {
        let body: String
        let because: String
        var description: String { body.split(separator: "\n").first.map(String.init) ?? body }
    }

    static let blocked: [Blocked] = [
        Blocked(body: "if (( VERBOSE )); then echo verbose; fi\necho done\n", because: "in arithmetic"),
        Blocked(body: "for (( d = 0; d < EXTRA_DISKS; d++ )); do echo \"disk $d\"; done\necho done\n", because: "in arithmetic"),
        Blocked(body: "(( RETRIES > 0 )) || RETRIES=3\necho \"retries $RETRIES\"\n", because: "before setting it"),
        Blocked(body: "echo \"zone $ZONE\"\nZONE=europe-west1-b\necho \"$ZONE\"\n", because: "before line"),
    ]

    /// Where no default keeps what the task did, `-u` stays out: `VERBOSE=true` is read as a
    /// name in arithmetic, and a read before the line that sets the name is unset there.
    @Test(arguments: blocked)
    func minusUStaysOutWhereNoDefaultKeepsTheBehaviour(_ row: Blocked) throws {
        let (repo, task, text, findings) = try patched(row.body)
        let setLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("set -") }, "\(text)")
        #expect(!setLine.contains("u"), "\(setLine)")
        #expect(findings.contains { $0.file == task && $0.message.contains(row.because) && $0.message.contains("`-u` is not added") },
                "\(findings.map(\.message))")
        let before = try run(repo, task)
        try repo.write(task, text, executable: true)
        let after = try run(repo, task)
        #expect(after.status == before.status && after.stdout == before.stdout, "\(after.stderr)")
    }

    /// D2: `bash task.sh` (how the entrypoint runs a task) ignores the shebang, so `#!/bin/bash
    /// -eu` never made the documented run strict: a name only printed stays optional, and the
    /// patch writes the `set` line that makes the options hold however the task is run.
    @Test func aShebangsFlagsAreNotStrictModeForBashTaskSh() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        let task = "ai/infra/tasks/010-sa.sh"
        try repo.write(task, "#!/bin/bash -eu\necho \"requested by $REQUESTER\" >&2\ngcloud config set project \"$PROJECT_ID\"\n", executable: true)
        let helpers = try ruleRun(SharedHelpersRule(), on: repo)
        let patched = try #require(written(helpers.drafts, task))
        #expect(patched.split(separator: "\n").contains("set -euo pipefail") && patched.contains("${REQUESTER:-}"), "\(patched)")
        let variables = try ruleRun(VariablesRule(), on: repo)
        #expect(variables.findings.first { $0.key == "unchecked-REQUESTER" }?.message.contains("only printed") == true)
        #expect(RequiredEnvironment.required(in: variables.reality) == ["PROJECT_ID"])
    }

    /// The second session-9 tester's D3: a library's code runs in the task's shell, so an
    /// optional name it reads bare (a switch at its top level, `[ -n "$LOG_FILE" ] &&` in a
    /// function the task calls) keeps `-u` out of the task, with the reason; the entrypoint,
    /// strict itself, does not source such a library nor call such a log function. Run with
    /// bash, the task is unchanged.
    @Test func optionalNamesALibraryReadsKeepMinusUOut() throws {
        for (library, because) in [
            ("if [ \"$ENV\" = prod ]; then MACHINE=n2; else MACHINE=e2; fi\nlog() { echo \"$*\" >&2; }\n", "whose top level reads `$ENV`"),
            ("log() { [ -n \"$LOG_FILE\" ] && echo \"$*\" >> \"$LOG_FILE\"; echo \"$*\" >&2; }\n", "which reads `$LOG_FILE`"),
        ] {
            let repo = try TestRepo(fixture: nil, git: false)
            try repo.write("ai/infra/lib/config.sh", "# shellcheck shell=bash\n" + library)
            let task = "ai/infra/tasks/010-gke.sh"
            try repo.write(task, "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/../lib/config.sh\"\nlog \"creating\"\necho done\n", executable: true)
            let r = try ruleRun(SharedHelpersRule(), on: repo)
            #expect(r.findings.contains { $0.file == task && $0.message.contains(because) && $0.message.contains("`-u` is not added") },
                    "\(r.findings.map(\.message))")
            let before = try run(repo, task)
            if let text = written(r.drafts, task) {
                let setLine = text.split(separator: "\n").first { $0.hasPrefix("set -") } ?? ""
                #expect(!setLine.contains("u"), "\(text)")
                try repo.write(task, text, executable: true)
            }
            let after = try run(repo, task)
            #expect(after.status == before.status && after.stdout == before.stdout, "\(after.stderr)")
            let entry = try ruleRun(CanonicalEntrypointRule(), on: repo)
            let initText = try #require(written(entry.drafts, "ai/infra/init.sh"))
            #expect(!initText.contains("lib/config.sh\""), "\(initText.prefix(600))")
        }
    }

    /// The session-10 tester's (brk12) D6: `[ "$DEBUG" = "1" ] && set -x` at a library's top level, a
    /// task without strict mode that sources it: `-u` added above the `source` line made the
    /// task die with `DEBUG: unbound variable` (a documented `bash "$t" || break` loop then
    /// silently stopped). DEBUG is a name the environment may leave unset, never a task input,
    /// so it is read apart from the library's switches; every shape of top-level statement
    /// (an and-or list, an `if` condition, a `[[ ]]` test) and a function the task calls keep
    /// `-u` out. Run with bash and DEBUG/CI unset, the task does what it did.
    @Test func aLibraryReadingDebugOrCIKeepsMinusUOutOfTheTasksThatSourceIt() throws {
        for (library, because) in [
            ("[ \"$DEBUG\" = \"1\" ] && set -x\nlog() { echo \"$*\" >&2; }\n", "whose top level reads `$DEBUG`"),
            ("if [[ -n $CI ]]; then export NO_COLOR=1; fi\nlog() { echo \"$*\" >&2; }\n", "whose top level reads `$CI`"),
            ("log() { [[ $DEBUG == 1 ]] && printf 'debug: ' >&2; echo \"$*\" >&2; }\n", "which reads `$DEBUG`"),
        ] {
            let repo = try TestRepo(fixture: nil, git: false)
            try repo.write("ai/infra/lib/common.sh", "# common helpers -- source me\n" + library)
            let task = "ai/infra/tasks/30-ns.sh"
            try repo.write(task, "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/../lib/common.sh\"\nlog \"creating\"\necho done\n", executable: true)
            let r = try ruleRun(SharedHelpersRule(), on: repo)
            #expect(r.findings.contains { $0.file == task && $0.message.contains(because) && $0.message.contains("`-u` is not added") },
                    "\(r.findings.map(\.message))")
            let before = try run(repo, task)
            let text = try #require(written(r.drafts, task), "\(r.findings.map(\.message))")
            let setLine = text.split(separator: "\n").first { $0.hasPrefix("set -") } ?? ""
            #expect(setLine.hasPrefix("set -e") && !setLine.contains("u"), "\(text)")
            try repo.write(task, text, executable: true)
            let after = try run(repo, task)
            #expect(before.status == 0 && after.status == before.status && after.stdout == before.stdout, "\(after.stderr)")
        }
    }

    /// Names bash sets itself keep `-u`: `shift $((OPTIND - 1))` after getopts, and OPTARG in
    /// its branches, need no default.
    @Test func namesBashSetsNeedNoDefault() throws {
        let (_, _, text, _) = try patched("""
            while getopts "n:" opt; do case $opt in n) NS=$OPTARG ;; *) exit 2 ;; esac; done
            shift $((OPTIND - 1))
            echo "ns ${NS:-default}"

            """)
        #expect(text.contains("set -euo pipefail") && text.contains("NS=$OPTARG") && text.contains("$((OPTIND - 1))"), "\(text)")
    }
}
