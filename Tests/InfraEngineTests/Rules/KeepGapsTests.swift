import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Issue 13's remaining kinds, on temporary repositories in an `infra/` folder with
/// underscore task names (another spelling than the handed cases): a runner that keeps its
/// options and hands over only its task lines, a documented make target, a shebang fixed in
/// its own operation, and the strict-mode flags people chose.
@Suite struct KeepGapsTests {
    static var hasBash: Bool { Run.which("bash") != nil }

    /// Three steps and stand-in `kubectl`/`helm` that log each call to `calls.log`.
    static func steps() throws -> (repo: TestRepo, bin: TestRepo, env: [String: String], calls: URL) {
        let repo = try KeepKindTests.steps()
        let bin = try TestRepo(fixture: nil, git: false)
        let log = bin.root.appendingPathComponent("calls.log")
        for tool in ["kubectl", "helm"] {
            try bin.write(tool, "#!/bin/sh\necho \"\(tool) $*\" >> \(log.path)\n", executable: true)
        }
        return (repo, bin, ["PATH": bin.root.path + ":/usr/bin:/bin", "HOME": bin.root.path], log)
    }

    static func calls(_ log: URL) -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    // MARK: a runner with options of its own

    static let setup = """
        #!/usr/bin/env bash
        # Brings the platform up. --skip-access leaves user access alone; --who NAME grants it.
        set -euo pipefail
        here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
        skip_access=0 who="${USER:-ops}"
        while [ $# -gt 0 ]; do
          case "$1" in
            --skip-access) skip_access=1 ;;
            --who) who="$2"; shift ;;
            *) echo "unknown argument: $1" >&2; exit 2 ;;
          esac
          shift
        done
        bash "$here/tasks/10_net.sh"
        if [ "$skip_access" = 0 ]; then
          bash "$here/tasks/20_grant.sh" "$who" || { echo "access for $who failed" >&2; exit 1; }
        fi
        echo "platform up"

        """

    @Test func aRunnerWithOptionsKeepsThemAndHandsOverOnlyItsTaskLines() throws {
        let (repo, _, _, _) = try Self.steps()
        try repo.write("infra/up.sh", Self.setup, executable: true)
        try repo.commitAll("setup")
        let plan = try KeepKindTests.plan(repo)
        let finding = try #require(plan.findings.first { $0.file == "infra/up.sh" && $0.id.hasSuffix(":runner") })
        #expect(finding.severity == .warning && finding.operation == "entrypoint-canonical-init", "\(finding.message)")
        try KeepKindTests.apply(repo)
        let after = try #require(repo.read("infra/up.sh"))
        // Every line but the two that ran a task is byte for byte the same.
        let old = Self.setup.split(separator: "\n", omittingEmptySubsequences: false)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(old.count == new.count)
        let changed = zip(old, new).filter { $0 != $1 }.map(\.1)
        #expect(changed == ["bash \"$here/init.sh\" --only 10_net",
                            "  bash \"$here/init.sh\" --only 20_grant -- \"$who\" || { echo \"access for $who failed\" >&2; exit 1; }"],
                "\(changed)")
        #expect(try KeepKindTests.plan(repo).operations.isEmpty, "converges")
    }

    @Test(.enabled(if: hasBash, "needs bash"))
    func theKeptOptionsStillWorkThroughTheEntrypoint() throws {
        let (repo, bin, env, log) = try Self.steps()
        defer { withExtendedLifetime(bin) {} }
        try repo.write("infra/up.sh", Self.setup, executable: true)
        try repo.commitAll("setup")
        try KeepKindTests.apply(repo)
        let up = repo.url("infra/up.sh").path
        let skip = try Run.command("/bin/bash", [up, "--skip-access"], cwd: repo.root, env: env)
        #expect(skip.status == 0 && skip.stdout.contains("platform up"), "\(skip.stdout)\(skip.stderr)")
        #expect(!Self.calls(log).contains("user-") && Self.calls(log).contains("kubectl create namespace net"))
        let who = try Run.command("/bin/bash", [up, "--who", "ada"], cwd: repo.root, env: env)
        #expect(who.status == 0 && Self.calls(log).contains("user-ada=yes"), "\(who.stdout)\(who.stderr)")
        #expect(FileManager.default.fileExists(atPath: repo.url("infra/logs/20_grant.log").path), "the entrypoint logged the task")
        let bad = try Run.command("/bin/bash", [up, "--nope"], cwd: repo.root, env: env)
        #expect(bad.status == 2 && bad.stderr.contains("unknown argument: --nope"))
    }

    /// Places that cannot be handed over as `--only NAME` leave the whole runner alone.
    @Test func aRunnerThatCannotHandOverEveryTaskLineIsLeftAlone() throws {
        let (repo, _, _, _) = try Self.steps()
        let captured = "#!/bin/bash\nset -e\n[ \"${1:-}\" = -q ] && quiet=1\nout=$(bash infra/tasks/10_net.sh)\necho \"${quiet:+}$out\"\n"
        let sourced = "#!/bin/bash\n[ \"${1:-}\" = --x ] && x=1\nsource infra/tasks/10_net.sh\nbash infra/tasks/20_grant.sh \"$x\"\n"
        let looped = "#!/bin/bash\n[ \"${1:-}\" = --x ] && x=1\nfor t in infra/tasks/*.sh; do bash \"$t\"; done\nbash infra/tasks/20_grant.sh me\n"
        for (name, text) in [("captured", captured), ("sourced", sourced), ("looped", looped)] {
            try repo.write("infra/tools/\(name).sh", text, executable: true)
        }
        try repo.commitAll("tools")
        let plan = try KeepKindTests.plan(repo)
        let touched = Set(plan.operations.flatMap(\.files).map(\.path))
        for name in ["captured", "sourced", "looped"] {
            #expect(!touched.contains("infra/tools/\(name).sh"), "\(name)")
            #expect(plan.findings.contains { $0.file == "infra/tools/\(name).sh" && $0.severity == .info }, "\(name)")
        }
    }

    @Test func entrypointPathsKeepTheirBase() {
        func path(_ raw: String, tasks: String = "infra/tasks") -> String? {
            TaskLineDelegation.entrypointPath(raw: raw, taskFile: "10_net.sh", tasksDir: tasks, entrypoint: "infra/init.sh")
        }
        #expect(path("\"$here/tasks/10_net.sh\"") == "\"$here/init.sh\"")
        #expect(path("\"$here/../tasks/10_net.sh\"") == "\"$here/../init.sh\"")
        #expect(path("infra/tasks/10_net.sh") == "infra/init.sh")
        #expect(path("tasks/10_net.sh") == "./init.sh")
        #expect(path("./10_net.sh") == "../init.sh")
        #expect(path("\"$TASKS\"/10_net.sh") == "\"$TASKS\"/../init.sh")
        #expect(path("10_net.sh", tasks: "infra") == "./init.sh")
        #expect(path("\"$here/tasks/$name.sh\"") == nil)
    }

    // MARK: a runner whose options are the entrypoint's under other names

    static let allSteps = """
        #!/usr/bin/env bash
        # Runs every step. -n shows what would run.
        set -euo pipefail
        usage() {
          echo "usage: all.sh [-n] [--from STEP]"
        }
        dry=0 from=""
        while [ $# -gt 0 ]; do
          case "$1" in
            -n|--dry-run) dry=1 ;;
            --from) from="$2"; shift ;;
            -h|--help) usage; exit 0 ;;
            *) usage >&2; exit 2 ;;
          esac
          shift
        done
        started=0
        for t in "$(dirname "$0")"/../tasks/[0-9]*.sh; do
          name=$(basename "$t" .sh)
          if [ -z "$from" ] || [ "$name" = "$from" ]; then started=1; fi
          if [ "$started" = 0 ]; then echo "skipping $name"
          elif [ "$dry" = 1 ]; then echo "would run $name"
          else bash "$t"; fi
        done

        """

    @Test(.enabled(if: hasBash, "needs bash"))
    func runnerOptionsMapToEntrypointFlags() throws {
        let (repo, bin, env, log) = try Self.steps()
        defer { withExtendedLifetime(bin) {} }
        try repo.write("infra/bin/all.sh", Self.allSteps, executable: true)
        try repo.write("README.md", "# x\n\n    ./infra/bin/all.sh -n\n    ./infra/bin/all.sh --from 90_wipe   # tear down\n")
        try repo.commitAll("all")
        let plan = try KeepKindTests.plan(repo)
        let runner = try #require(plan.findings.first { $0.file == "infra/bin/all.sh" && $0.id.hasSuffix(":runner") })
        #expect(runner.message.contains("`-n` -> `--dry-run`") && runner.operation != nil, "\(runner.message)")
        try KeepKindTests.apply(repo)
        let wrapper = try #require(repo.read("infra/bin/all.sh"))
        #expect(wrapper.contains("--dry-run|-n) args+=(--dry-run) ;;") && wrapper.contains("exec \"$(dirname \"${BASH_SOURCE[0]}\")/../init.sh\""))
        #expect(repo.read("README.md")?.contains("    ./infra/init.sh --dry-run\n    ./infra/init.sh --from 90_wipe   # tear down\n") == true)
        let dry = try Run.command("/bin/bash", [repo.url("infra/bin/all.sh").path, "-n"], cwd: repo.root, env: env)
        #expect(dry.status == 0 && dry.stdout.contains("dry run: would run 10_net") && Self.calls(log).isEmpty, "\(dry.stdout)\(dry.stderr)")
        let help = try Run.command("/bin/bash", [repo.url("infra/bin/all.sh").path, "-h"], cwd: repo.root, env: env)
        #expect(help.status == 0 && help.stdout.contains("--only TASK"))
        #expect(try KeepKindTests.plan(repo).operations.isEmpty, "converges")
    }

    /// A loop that skips tasks with `continue` chooses which run: no wrapper, even with options that map.
    @Test func aRunnerThatSkipsTasksIsNoWrapper() throws {
        let (repo, _, _, _) = try Self.steps()
        let skipping = Self.allSteps.replacingOccurrences(of: "  if [ -z \"$from\" ]", with: "  [ \"$name\" = 20_grant ] && continue\n  if [ -z \"$from\" ]")
        try repo.write("infra/bin/all.sh", skipping, executable: true)
        try repo.commitAll("all")
        #expect(RunnerOptions.of(ShellReader.read(skipping)) != nil, "its options alone would map")
        let plan = try KeepKindTests.plan(repo)
        #expect(!plan.operations.flatMap(\.files).contains { $0.path == "infra/bin/all.sh" })
    }

    /// An option the entrypoint has no name for, an argument outside the option arms, or
    /// `getopts`: no mapping.
    @Test func optionsWithoutACounterpartAreNotMapped() {
        func options(_ body: String) -> RunnerOptions? { RunnerOptions.of(ShellReader.read(body)) }
        let arms = "while [ $# -gt 0 ]; do\n  case \"$1\" in\n    -n) dry=1 ;;\n    %@\n  esac\n  shift\ndone\n"
        #expect(options(arms.replacingOccurrences(of: "%@", with: "--from) f=\"$2\"; shift ;;"))?.map.count == 2)
        #expect(options(arms.replacingOccurrences(of: "%@", with: "--skip-workers) skip=1 ;;")) == nil)
        #expect(options(arms.replacingOccurrences(of: "%@", with: "prod|staging) env=$1 ;;")) == nil)
        #expect(options(arms.replacingOccurrences(of: "%@", with: "--from) f=1 ;;")) == nil, "--from takes a task")
        #expect(options(arms.replacingOccurrences(of: "%@", with: "*) ;;") + "target=${2:-}\n") == nil)
        #expect(options("while getopts n o; do case $o in n) d=1 ;; esac; done\n") == nil)
        #expect(RunnerOptions(map: ["-n": .init(name: "--dry-run", takesValue: false), "--from": .init(name: "--from", takesValue: true)])
            .translated(["--from", "020", "-n"]) == ["--from", "020", "--dry-run"])
    }

    // MARK: a documented make target

    static let makefile = """
        .PHONY: up images

        images:
        \tdocker build -t shop .

        # Brings the whole platform up.
        up: images
        \t@echo "bringing it up"
        \t@for t in infra/tasks/[0-9]*.sh; do \\
        \t  bash "$$t" || exit 1; \\
        \tdone
        \tkubectl get pods

        """

    @Test func aDocumentedMakeTargetKeepsItsNameAndRunsTheEntrypoint() throws {
        let (repo, _, _, _) = try Self.steps()
        try repo.write("Makefile", Self.makefile)
        try repo.write("README.md", "# shop\n\nBring everything up with `make up` (needs docker).\n")
        try repo.commitAll("make")
        let plan = try KeepKindTests.plan(repo)
        #expect(plan.findings.contains { $0.location == "Makefile:7" && $0.message.contains("make up") })
        try KeepKindTests.apply(repo)
        let after = try #require(repo.read("Makefile"))
        #expect(after == Self.makefile.replacingOccurrences(
            of: "\t@for t in infra/tasks/[0-9]*.sh; do \\\n\t  bash \"$$t\" || exit 1; \\\n\tdone\n",
            with: "\t@./infra/init.sh $(INFRA_FLAGS)\n"), "\(after)")
        #expect(repo.read("README.md")?.contains("`make up`") == true)
        let runbook = try #require(repo.read("docs/plans/infra/runbook.md"))
        #expect(runbook.contains("Bring up this infrastructure with `make up`") && runbook.contains("make up INFRA_FLAGS=--dry-run"))
        #expect(!runbook.contains("There is one way"))
        #expect(try KeepKindTests.plan(repo).operations.isEmpty, "converges")
    }

    @Test(.enabled(if: hasBash && Run.which("make") != nil, "needs bash and make"))
    func theMakeTargetRunsTheTasksAndPassesFlags() throws {
        let (repo, bin, env, log) = try Self.steps()
        try bin.write("docker", "#!/bin/sh\necho \"docker $*\" >> \(log.path)\n", executable: true)
        try repo.write("Makefile", Self.makefile)
        try repo.write("README.md", "# shop\n\n```sh\nmake up\n```\n")
        try repo.commitAll("make")
        try KeepKindTests.apply(repo)
        let make = try #require(Run.which("make"))
        let list = try Run.command(make, ["-s", "up", "INFRA_FLAGS=--list"], cwd: repo.root, env: env)
        #expect(list.status == 0 && list.stdout.contains("10_net\n") && list.stdout.contains("90_wipe  (teardown"), "\(list.stdout)\(list.stderr)")
        let run = try Run.command(make, ["-s", "up"], cwd: repo.root, env: env)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let calls = Self.calls(log)
        #expect(calls.contains("docker build") && calls.contains("kubectl create namespace net") && calls.contains("kubectl get pods"))
        #expect(!calls.contains("delete") && !calls.contains("user-"), "no teardown, no bare argument task: \(calls)")
    }

    /// One line per task, beside other work: each task line hands over with `--only`; an
    /// undocumented target is nobody's way in and stays.
    @Test func makeRecipesKeepTheirOtherLines() throws {
        let (repo, _, _, _) = try Self.steps()
        let make = "deploy:\n\tdocker build -t shop .\n\tbash infra/tasks/10_net.sh\n\tbash infra/tasks/20_grant.sh ops\n"
            + "\nwipe:\n\tbash infra/tasks/10_net.sh\n\tbash infra/tasks/90_wipe.sh\n"
        try repo.write("Makefile", make)
        try repo.write("README.md", "# shop\n\n    make deploy\n")
        try repo.commitAll("make")
        try KeepKindTests.apply(repo)
        let after = try #require(repo.read("Makefile"))
        #expect(after == "deploy:\n\tdocker build -t shop .\n\t./infra/init.sh --only 10_net\n\t./infra/init.sh --only 20_grant -- ops\n"
                + "\nwipe:\n\tbash infra/tasks/10_net.sh\n\tbash infra/tasks/90_wipe.sh\n", "\(after)")
    }

    // MARK: one problem blocks only its own fix

    @Test func aMissingShebangIsItsOwnOperation() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("infra/tasks/10_net.sh", "# the network\nkubectl create namespace net\n")
        try repo.write("infra/tasks/20_app.sh", "#!/usr/bin/env bash\nset -euo pipefail\nkubectl apply -f app.yaml\n", executable: true)
        try repo.commitAll("tasks")
        let plan = try KeepKindTests.plan(repo)
        let shebang = try #require(plan.operation(ShebangFix.operationID))
        #expect(shebang.dependsOn.isEmpty && shebang.files.map(\.path) == ["infra/tasks/10_net.sh"])
        #expect(shebang.patch.contains("+#!/usr/bin/env bash\n # the network\n"))
        #expect(plan.findings.filter { $0.id.hasSuffix(":no-shebang") }.allSatisfy { $0.operation == ShebangFix.operationID })
        #expect(plan.operation(SharedHelpersRule.operationID)?.dependsOn.contains(ShebangFix.operationID) == true)
        // Accepted alone, it applies and adds only the line.
        _ = try PlanWriter.apply([shebang], root: repo.root)
        #expect(repo.read("infra/tasks/10_net.sh") == "#!/usr/bin/env bash\n# the network\nkubectl create namespace net\n")
    }

    // MARK: strict mode keeps what people chose

    @Test func strictModeKeepsFlagsAndLaterChoices() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("infra/tasks/10_a.sh", "#!/usr/bin/env bash\nset -Ex\necho a\n", executable: true)
        try repo.write("infra/tasks/20_b.sh", "#!/usr/bin/env bash\nset -eo pipefail\nset +e\nkubectl get ns || true\nset -e\necho b\n", executable: true)
        try repo.write("infra/tasks/30_c.sh", "#!/usr/bin/env bash\nset -euo pipefail\nset +u\necho \"${OPTIONAL_PIN}\"\nset -u\n", executable: true)
        try repo.write("infra/tasks/40_d.sh", "#!/usr/bin/env bash\nset -o errexit -o nounset -o pipefail -o xtrace\necho d\n", executable: true)
        try repo.commitAll("tasks")
        let plan = try KeepKindTests.plan(repo)
        let strict = plan.findings.filter { $0.id.hasSuffix(":strict-mode") }.map(\.file)
        #expect(Set(strict) == ["infra/tasks/10_a.sh", "infra/tasks/20_b.sh"], "\(strict)")
        try KeepKindTests.apply(repo)
        #expect(repo.read("infra/tasks/10_a.sh")?.contains("\nset -Ex -euo pipefail\n") == true)
        let b = try #require(repo.read("infra/tasks/20_b.sh"))
        #expect(b.contains("\nset -eo pipefail -u\n") && b.contains("\nset +e\nkubectl get ns || true\nset -e\n"), "\(b)")
        #expect(repo.read("infra/tasks/30_c.sh")?.contains("set +u\necho \"${OPTIONAL_PIN}\"\nset -u") == true, "no guard makes the pin required")
        #expect(repo.read("infra/tasks/40_d.sh")?.contains("-o xtrace") == true)
        #expect(repo.read("infra/init.sh")?.contains("REQUIRED_ENV=()") == true, "the pin read under set +u stays optional")
    }
}
