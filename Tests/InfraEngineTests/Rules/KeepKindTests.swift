import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Issue 13's kinds again, in another spelling than the cases: an `infra/` folder, other
/// names, other shapes, mostly on in-memory input.
@Suite struct KeepKindTests {
    static var hasBash: Bool { Run.which("bash") != nil }

    static func plan(_ repo: TestRepo, infra: String = "infra") throws -> Plan {
        try Planner.plan(root: repo.root, options: PlanOptions(infraDir: infra))
    }

    static func apply(_ repo: TestRepo, infra: String = "infra") throws {
        _ = try PlanWriter.apply(try plan(repo, infra: infra).operations, root: repo.root)
        try repo.commitAll("applied")
    }

    static func task(_ body: String) -> String { "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n" }

    /// A repo with three steps: a build step, one that takes an argument, one that only deletes.
    static func steps() throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write("infra/tasks/10_net.sh", Self.task("# the network\nkubectl create namespace net --dry-run=client -o yaml | kubectl apply -f -"), executable: true)
        try repo.write("infra/tasks/20_grant.sh", Self.task("# access for one user\nwho=$1\nkubectl label namespace net \"user-$who=yes\" --overwrite"), executable: true)
        try repo.write("infra/tasks/90_wipe.sh", Self.task("# gone\nkubectl delete namespace net\nhelm uninstall edge -n net"), executable: true)
        try repo.commitAll("steps")
        return repo
    }

    // MARK: runners

    @Test func namingATaskInTextIsNotRunningIt() throws {
        let repo = try Self.steps()
        let notice = """
            #!/usr/bin/env bash
            # After a restore, run tasks/10_net.sh again.
            printf 'next: %s\\n' "infra/tasks/10_net.sh"
            cat <<EOF
            see tasks/20_grant.sh for access
            EOF

            """
        try repo.write("infra/tools/notice.sh", notice, executable: true)
        try repo.write("infra/tools/all-steps.sh", "#!/bin/bash\nSTEPS=(\n  10_net\n  20_grant\n)\nfor s in \"${STEPS[@]}\"; do bash \"$(dirname \"$0\")/../tasks/$s.sh\"; done\n", executable: true)
        try repo.write("infra/tools/flags.sh", "#!/bin/bash\nskip=\"${1:-}\"\nfor s in infra/tasks/*.sh; do [ \"$s\" = \"$skip\" ] || bash \"$s\"; done\n", executable: true)
        try repo.commitAll("tools")
        let plan = try Self.plan(repo)
        #expect(!plan.findings.contains { $0.file == "infra/tools/notice.sh" })
        #expect(plan.findings.contains { $0.file == "infra/tools/all-steps.sh" && $0.message.contains("hand-written task list") })
        let flags = plan.findings.filter { $0.file == "infra/tools/flags.sh" }
        #expect(flags.count == 1 && flags[0].severity == .info && flags[0].operation == nil, "\(flags.map(\.message))")
        let touched = Set(plan.operations.flatMap(\.files).map(\.path))
        #expect(touched.contains("infra/tools/all-steps.sh") && !touched.contains("infra/tools/flags.sh") && !touched.contains("infra/tools/notice.sh"))
    }

    /// A setup script with an option of its own that runs named tasks is not a one-task
    /// runner: `--only "$1"` would turn `--skip-db` into a task name. It keeps its option and
    /// logic; only its task lines hand over. Runners that loop over the tasks with work of
    /// their own (an env file, a variable set per run) are left alone.
    @Test func aRunnerWithItsOwnOptionIsLeftAlone() throws {
        let repo = try Self.steps()
        let setup = """
            #!/usr/bin/env bash
            set -euo pipefail
            skip_db=0
            [ "${1:-}" = "--skip-db" ] && skip_db=1
            bash infra/tasks/10_net.sh
            [ "$skip_db" = 1 ] || bash infra/tasks/20_grant.sh "$USER"

            """
        try repo.write("infra/setup-all.sh", setup, executable: true)
        try repo.write("site.env", "export REGION=eu\n")
        try repo.write("infra/tools/with-env.sh", "#!/bin/bash\nsource site.env\nfor t in infra/tasks/*.sh; do bash \"$t\"; done\n", executable: true)
        try repo.write("infra/tools/with-prefix.sh", "#!/bin/bash\nfor t in infra/tasks/*.sh; do REGION=eu bash \"$t\"; done\n", executable: true)
        try repo.commitAll("setup")
        let plan = try Self.plan(repo)
        let touched = Set(plan.operations.flatMap(\.files).map(\.path))
        #expect(touched.isDisjoint(with: ["infra/tools/with-env.sh", "infra/tools/with-prefix.sh"]), "\(touched)")
        #expect(plan.findings.contains { $0.file == "infra/tools/with-env.sh" && $0.severity == .info })
        try Self.apply(repo)
        #expect(repo.read("infra/setup-all.sh") == setup
            .replacingOccurrences(of: "bash infra/tasks/10_net.sh", with: "bash infra/init.sh --only 10_net")
            .replacingOccurrences(of: "bash infra/tasks/20_grant.sh \"$USER\"", with: "bash infra/init.sh --only 20_grant -- \"$USER\""))
    }

    // MARK: teardown and argument-taking tasks

    @Test func rolesComeFromNamesAndEffects() {
        func file(_ name: String, _ text: String) -> ShellFile { ShellFile(path: "t/\(name).sh", script: ShellReader.read(text)) }
        #expect(TaskRoles.teardown(file("70-clean-up", "echo hi\n")) != nil)
        #expect(TaskRoles.teardown(file("70-uninstall_mesh", "echo hi\n")) != nil)
        #expect(TaskRoles.teardown(file("70-mesh", "helm uninstall mesh\nkubectl get ns\n"))?.line == 1)
        #expect(TaskRoles.teardown(file("70-mesh", "helm upgrade --install mesh x\nkubectl delete pod old\n")) == nil)
        #expect(TaskRoles.arguments(file("30-x", "set -u\nname=$1\n"))?.line == 2)
        #expect(TaskRoles.arguments(file("30-x", "n=${1:?usage: 30-x.sh NAME}\n"))?.usage == "usage: 30-x.sh NAME")
        #expect(TaskRoles.arguments(file("30-x", "n=${1:-default}\n")) == nil)
        #expect(TaskRoles.arguments(file("30-x", "set -u\nf() { echo \"$1\"; }\n")) == nil)
    }

    /// The generated entrypoint's full run, with stand-in tools that log their calls: no
    /// delete, no bare argument-taking task; `--only NAME -- ARGS` passes the arguments.
    @Test(.enabled(if: hasBash, "needs bash"))
    func fullRunSkipsTeardownAndArgumentTasks() throws {
        let repo = try Self.steps()
        try Self.apply(repo)
        let entry = try #require(repo.read("infra/init.sh"))
        #expect(entry.contains("TEARDOWN_TASKS=(90_wipe)") && entry.contains("ARGUMENT_TASKS=(20_grant)"))
        let bin = try TestRepo(fixture: nil, git: false)
        let log = bin.root.appendingPathComponent("calls.log").path
        for tool in ["kubectl", "helm"] {
            try bin.write(tool, "#!/bin/sh\necho \"\(tool) $*\" >> \(log)\n", executable: true)
        }
        let env = ["PATH": bin.root.path + ":/usr/bin:/bin", "HOME": bin.root.path]
        let run = try Run.command("/bin/bash", [repo.url("infra/init.sh").path], env: env)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let calls = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(!calls.contains("delete") && !calls.contains("uninstall") && !calls.contains("user-"), "\(calls)")
        let one = try Run.command("/bin/bash", [repo.url("infra/init.sh").path, "--only", "20_grant", "--", "ada"], env: env)
        #expect(one.status == 0 && ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("user-ada=yes"))
        let bare = try Run.command("/bin/bash", [repo.url("infra/init.sh").path, "--only", "20_grant"], env: env)
        #expect(bare.status != 0)
        let list = try Run.command("/bin/bash", [repo.url("infra/init.sh").path, "--list"], env: env)
        #expect(list.stdout.hasPrefix("10_net\n") && list.stdout.contains("90_wipe  (teardown"))
    }

    /// A run of one task asks only for what that task reads; a full run asks for everything.
    @Test(.enabled(if: hasBash, "needs bash"))
    func oneTaskNeedsOnlyItsOwnEnvironment() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("infra/tasks/10_a.sh", Self.task(": \"${NET_NAME:?}\"\necho \"net $NET_NAME\""), executable: true)
        try repo.write("infra/tasks/20_b.sh", Self.task(": \"${DB_NAME:?}\"\necho \"db $DB_NAME\""), executable: true)
        try repo.commitAll("two")
        try Self.apply(repo)
        let entry = repo.url("infra/init.sh").path
        let env = ["PATH": "/usr/bin:/bin", "DB_NAME": "orders"]
        let one = try Run.command("/bin/bash", [entry, "--only", "20_b"], env: env)
        #expect(one.status == 0 && one.stdout.contains("db orders"), "\(one.stdout)\(one.stderr)")
        let all = try Run.command("/bin/bash", [entry], env: env)
        #expect(all.status != 0 && all.stderr.contains("NET_NAME"), "\(all.stdout)\(all.stderr)")
    }

    // MARK: an existing entrypoint, logging once

    @Test func aDocumentedBootstrapTakesTheRole() throws {
        let repo = try Self.steps()
        try repo.write("infra/bootstrap.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            # bootstrap.sh [--list | --from N | --dry-run]
            here="$(dirname "$0")"
            for t in "$here"/tasks/[0-9]*.sh; do
              case "${1:-}" in --list) basename "$t" ;; --from|--dry-run) : ;; *) bash "$t" | tee -a "$here/logs/run.log" ;; esac
            done

            """, executable: true)
        try repo.write("docs/setup.md", "Run `infra/bootstrap.sh`.\n")
        try repo.commitAll("bootstrap")
        let plan = try Self.plan(repo)
        #expect(!plan.operations.flatMap(\.files).contains { $0.path == "infra/init.sh" || $0.path == "infra/bootstrap.sh" })
        #expect(!plan.findings.contains { $0.message.contains("no canonical entrypoint") })
    }

    @Test func aTaskThatTeesItselfIsNotTeedAgain() throws {
        let repo = try Self.steps()
        try repo.write("infra/tasks/15_dns.sh", Self.task("exec > >(tee -a \"$(dirname \"$0\")/../logs/15_dns.log\") 2>&1\necho dns"), executable: true)
        try repo.commitAll("dns")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "infra").read(), infraDir: "infra", cache: ScriptCache())
        #expect(EntrypointInputs.of(reality, path: "infra/init.sh").selfLogging == ["15_dns"])
    }

    // MARK: helpers, shell options, guards

    @Test func theLibrarysOwnWordsAreFound() {
        let lib = ShellFile(path: "lib/x.sh", script: ShellReader.read("""
            tell() { echo ">> $*"; }
            oops() { tell "FAILED: $*" >&2; exit 3; }
            capture() { exec > >(tee -a log) 2>&1; }

            """))
        #expect(LibraryVocabulary(libraries: [lib]) == LibraryVocabulary(log: "tell", die: "oops"))
        #expect(LibraryVocabulary(libraries: []) == LibraryVocabulary(log: nil, die: nil))
    }

    /// A function that exits only when a check fails (`need TOOL`) is a check, not a stop
    /// helper: the entrypoint would print `missing missing required environment: ...`.
    @Test func aCheckThatExitsOnlyOnFailureIsNoStopHelper() {
        let lib = ShellFile(path: "lib/x.sh", script: ShellReader.read("""
            need() { command -v "$1" >/dev/null || { echo "missing $1" >&2; exit 1; }; }
            have() { if ! type "$1" >/dev/null 2>&1; then echo "no $*"; exit 1; fi; }
            say() { echo "[x] $*"; }

            """))
        #expect(LibraryVocabulary(libraries: [lib]) == LibraryVocabulary(log: "say", die: nil))
        let stops = ShellFile(path: "lib/y.sh", script: ShellReader.read("need() { command -v \"$1\" >/dev/null || exit 1; }\nbail() { { echo \"stop: $*\"; } >&2; exit 2; }\n"))
        #expect(LibraryVocabulary(libraries: [stops]).die == "bail")
    }

    @Test func setLinesKeepTheirFlags() {
        let have = StrictModeLine.intended(ShellReader.read("set -Ex\n"))
        #expect(StrictModeLine.merged(arguments: ["-Ex"], have: have) == "set -Ex -euo pipefail")
        let relaxed = ShellReader.read("set -o errexit -o nounset -o pipefail\nset +u\nx=$MAYBE\nset +e\n")
        #expect(StrictModeLine.intended(relaxed).isStrict)
        #expect(!relaxed.strictMode.isStrict)
    }

    @Test func variablesReadOnlyUnderSetPlusUAreOptional() {
        let relaxed = ShellFile(path: "t/01-a.sh", script: ShellReader.read(
            "set -eu\nset +o nounset\nhelm install x ${PIN:+--version $PIN} $EXTRA_FLAGS\nset -o nounset\necho \"$NAME\"\n"))
        let plain = ShellFile(path: "t/02-b.sh", script: ShellReader.read("set -eu\necho \"$EXTRA_FLAGS\"\n"))
        #expect(RelaxedNounset.ranges(relaxed.script) == [2...4])
        #expect(RelaxedNounset.optionalVariables(in: [relaxed]) == ["PIN", "EXTRA_FLAGS"])
        #expect(RelaxedNounset.optionalVariables(in: [relaxed, plain]) == ["PIN"])
    }

    @Test func aShebangIsAddedAboveTheFirstLine() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("infra/tasks/01-a.sh", "set -e\nkubectl get ns\n")
        try repo.commitAll("a")
        let plan = try Self.plan(repo)
        #expect(plan.findings.contains { $0.id.hasSuffix(":no-shebang") && $0.line == 1 })
        try Self.apply(repo)
        #expect(repo.read("infra/tasks/01-a.sh")?.hasPrefix("#!/usr/bin/env bash\nset -e -uo pipefail\n") == true)
    }

    @Test func guardsUseWhatTheScriptHas() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("infra/lib/common.sh", "say() { echo \"$*\"; }\nabort() { say \"$*\" >&2; exit 1; }\n")
        try repo.write("infra/tasks/01-a.sh", Self.task("source \"$(dirname \"$0\")/../lib/common.sh\"\nkubectl apply -f \"$(dirname \"$0\")/../k8s/app.yaml\""))
        try repo.write("infra/jobs/backup.sh", "#!/bin/sh\n. conf/backup.conf\necho \"$TARGET\"\n")
        try repo.write("conf/backup.conf.sample", "TARGET=x\n")
        try repo.commitAll("guards")
        try Self.apply(repo)
        #expect(repo.read("infra/tasks/01-a.sh")?.contains("|| abort \"") == true)
        let job = try #require(repo.read("infra/jobs/backup.sh"))
        #expect(job.contains("{ echo \"conf/backup.conf is missing: copy conf/backup.conf.sample and edit it\" >&2; exit 1; }"), "\(job)")
    }

    // MARK: --infra-dir

    @Test func infraFoldersAreRepositoryPaths() throws {
        #expect(InfraLayout.normalisedFolder(".") == "" && InfraLayout.normalisedFolder("./") == "")
        #expect(InfraLayout.normalisedFolder("./ops/deploy/") == "ops/deploy")
        #expect(repoPath("", "init.sh") == "init.sh" && repoPath("a/b", "c") == "a/b/c")
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/deploy/tasks/01_ns.sh", Self.task("kubectl create namespace web"), executable: true)
        try repo.commitAll("nested")
        let plan = try Self.plan(repo, infra: "./ops/deploy/")
        let paths = plan.operations.flatMap(\.files).map(\.path) + plan.findings.map(\.file)
        #expect(!paths.isEmpty && paths.allSatisfy { !$0.hasPrefix("/") && !$0.hasPrefix("./") && !$0.contains("//") }, "\(paths)")
        #expect(paths.contains("ops/deploy/init.sh"))
    }

    // MARK: docs

    @Test func docsTellMentionsFromCommands() {
        let doc = """
            # Ops

            Steps live in `ops/steps/`. The version is pinned in `ops/steps/020-db.sh`; edit it there.
            Then run `ops/steps/020-db.sh`.

            ```bash
            cd site
            ./serve.sh --port 9  # local only
            ```

            """
        let commands = DocFile.extractCommands(doc)
        let pinned = commands.first { $0.line == 3 && $0.script != nil }
        #expect(pinned?.isMention == true && pinned?.folders == ["ops/steps"])
        #expect(commands.first { $0.line == 4 }?.isMention == false)
        let serve = commands.first { $0.line == 8 }
        #expect(serve?.cdFolder == "site" && serve?.command == "./serve.sh --port 9" && serve?.text.hasSuffix("# local only") == true)
    }

    @Test func docPathsResolveFromTheFolderTheTextNames() throws {
        let repo = try Self.steps()
        try repo.write("tools/site/serve.sh", "#!/bin/sh\necho serve\n", executable: true)
        try repo.write("docs/guide.md", """
            # Guide

            The helpers sit in `tools/site/`:

            - `serve.sh`: serves the site
            - `10_net.sh`: a step

            ```sh
            cd tools/site
            ./serve.sh   # port 9000
            ```

            """)
        try repo.commitAll("guide")
        let plan = try Self.plan(repo)
        #expect(!plan.findings.contains { $0.file == "docs/guide.md" && $0.message.contains("does not exist") },
                "\(plan.findings.filter { $0.file == "docs/guide.md" }.map(\.message))")
        #expect(!plan.operations.flatMap(\.files).contains { $0.path == "docs/guide.md" })
    }

    @Test func taskSummariesAreWholeSentences() {
        let header = ShellFile(path: "t/010-a.sh", script: ShellReader.read("#!/bin/bash\n# ====\n# Builds the cache, sized for:\n#   two replicas.\n# ====\nset -e\n"))
        #expect(TaskSummary.header(header) == "Builds the cache, sized for: two replicas.")
        let logged = ShellFile(path: "t/020-b.sh", script: ShellReader.read("#!/bin/bash\nset -e\nsay \"warming the cache\"\n"))
        #expect(TaskSummary.firstLogLine(logged, log: "say") == "warming the cache")
    }
}
