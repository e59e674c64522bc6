import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// The brk13 tester's defects 2, 3 and 7: what the entrypoint and the wrappers keep of a
/// runner. The folder it runs the tasks from (`cd "$(dirname "$0")"`), the shell it is run
/// with (`#!/bin/sh`, `sh run.sh`), and the defaults it gives the tasks.
@Suite struct EntrypointKeepsRunnerTests {
    static var hasBash: Bool { Run.which("bash") != nil }
    static var hasSh: Bool { Run.which("sh") != nil }

    static func task(_ body: String) -> String { "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n" }

    static func plan(_ repo: TestRepo) throws -> Plan { try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops")) }

    static func apply(_ repo: TestRepo) throws {
        _ = try PlanWriter.apply(try plan(repo).operations, root: repo.root)
        try repo.commitAll("applied")
    }

    static func reality(_ repo: TestRepo) throws -> RepoReality {
        try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ops").read(), infraDir: "ops", cache: ScriptCache())
    }

    // MARK: the working folder

    /// A runner that moves into its own folder and runs `bash tasks/NAME.sh`, tasks that read
    /// `conf/...` relative to it: the entrypoint runs them from that folder, so they still find it.
    static func movingRunner() throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/conf/app.txt", "hello\n")
        try repo.write("ops/tasks/01-read.sh", Self.task("# reads its config\ncat conf/app.txt"), executable: true)
        try repo.write("ops/tasks/02-again.sh", Self.task("# reads it again\ntest -s conf/app.txt"), executable: true)
        try repo.write("ops/all.sh", "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"${BASH_SOURCE[0]}\")\"\nfor s in tasks/*.sh; do bash \"$s\"; done\n",
                       executable: true)
        try repo.write("README.md", "Run `./ops/all.sh`.\n")
        try repo.commitAll("moving runner")
        return repo
    }

    @Test func theFolderARunnerMovesIntoIsFound() throws {
        let repo = try Self.movingRunner()
        #expect(EntrypointInputs.workingFolder(try Self.reality(repo)) == "ops")
        #expect(EntrypointInputs.ownFolderSuffix("$(dirname \"$0\")") == "")
        #expect(EntrypointInputs.ownFolderSuffix("$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)/..") == "..")
        #expect(EntrypointInputs.ownFolderSuffix("/srv/ops") == nil)
        // A runner that stays where it was started gives no folder.
        let still = try TestRepo(fixture: nil)
        try still.write("ops/tasks/01-a.sh", Self.task("echo a"), executable: true)
        try still.write("ops/all.sh", "#!/usr/bin/env bash\nset -euo pipefail\nfor s in ops/tasks/*.sh; do bash \"$s\"; done\n", executable: true)
        try still.commitAll("still")
        #expect(EntrypointInputs.workingFolder(try Self.reality(still)) == nil)
    }

    @Test(.enabled(if: hasBash)) func tasksWithRelativePathsStillRunFromTheEntrypoint() throws {
        let repo = try Self.movingRunner()
        try Self.apply(repo)
        let entry = try #require(repo.read("ops/init.sh"))
        #expect(entry.contains("WORK_DIR=\"$INFRA_DIR\""))
        let r = try Run.command("/bin/bash", ["-c", "./ops/init.sh"], cwd: repo.root, env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("hello"))
        // And through the old runner, now a wrapper, from anywhere.
        let w = try Run.command("/bin/bash", ["-c", "cd /tmp && \(repo.root.path)/ops/all.sh --only 01"], cwd: repo.root,
                                env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(w.status == 0, "\(w.stderr)")
    }

    @Test func theRehearsalRunsATaskFromTheRunnersFolder() {
        let step = RehearsalJobs.step("ops/tasks/01-read.sh", taskFolder: "ops")
        #expect(step.argv == ["bash", "tasks/01-read.sh"])
        #expect(step.folder == "ops")
        #expect(RehearsalJobs.step("ops/tasks/01-read.sh", taskFolder: nil) == .script("ops/tasks/01-read.sh"))
        #expect(RehearsalJobs.step("other/x.sh", taskFolder: "ops") == .script("other/x.sh"))
    }

    // MARK: a POSIX sh runner

    static func shRunner(shebang: String = "#!/bin/sh", strict: String = "set -e") throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/01-a.sh", Self.task("echo a"), executable: true)
        try repo.write("ops/tasks/02-b.sh", Self.task("echo b"), executable: true)
        try repo.write("ops/go.sh", "\(shebang)\n\(strict)\nfor s in \"$(dirname \"$0\")\"/tasks/*.sh; do bash \"$s\"; done\n", executable: true)
        try repo.write("README.md", "Bring it up with `sh ops/go.sh`.\n")
        try repo.commitAll("sh runner")
        return repo
    }

    @Test func aShRunnerGetsAPosixWrapperAndATrueFinding() throws {
        let repo = try Self.shRunner()
        let plan = try Self.plan(repo)
        let strict = plan.findings.filter { $0.file == "ops/go.sh" && ($0.message.contains("strict") || $0.message.contains("pipefail")) }
        #expect(strict.isEmpty, "\(strict.map(\.message))")
        try Self.apply(repo)
        let text = try #require(repo.read("ops/go.sh"))
        #expect(text.hasPrefix("#!/bin/sh\n"))
        #expect(!text.contains("pipefail") && !text.contains("BASH_SOURCE"))
    }

    /// The interpreter is read from the `#!` line, or from the docs when they run it with `sh`.
    @Test func theShellARunnerIsRunWithIsRead() {
        let cache = ScriptCache()
        let plain = ShellFile(path: "ops/go.sh", script: ShellReader.read("set -e\nfor s in ops/tasks/*.sh; do bash \"$s\"; done\n"))
        let dash = ShellFile(path: "ops/go.sh", script: ShellReader.read("#!/usr/bin/env dash\nset -e\n"))
        let bash = ShellFile(path: "ops/go.sh", script: ShellReader.read("#!/bin/bash\nset -e\n"))
        let told = DocFile(path: "docs/run.md", text: "Run it:\n\n```\nsh ops/go.sh\n```\n", cache: cache)
        let other = DocFile(path: "docs/run.md", text: "Run it:\n\n```\n./ops/go.sh\n```\n", cache: cache)
        #expect(CanonicalEntrypointRule.runsUnderSh(plain, docs: [told]))
        #expect(!CanonicalEntrypointRule.runsUnderSh(plain, docs: [other]))
        #expect(CanonicalEntrypointRule.runsUnderSh(dash, docs: []))
        #expect(!CanonicalEntrypointRule.runsUnderSh(bash, docs: [other]))
    }

    @Test func aBashRunnerWithoutPipefailIsToldSo() throws {
        let repo = try Self.shRunner(shebang: "#!/usr/bin/env bash")
        try repo.write("README.md", "Bring it up with `./ops/go.sh`.\n")
        try repo.commitAll("bash")
        let plan = try Self.plan(repo)
        let messages = plan.findings.filter { $0.file == "ops/go.sh" }.map(\.message)
        #expect(messages.contains { $0.contains("`set -e` but no pipefail") }, "\(messages)")
        #expect(!messages.contains { $0.contains("has no strict mode") })
    }

    @Test(.enabled(if: hasBash && hasSh)) func theWrapperRunsUnderSh() throws {
        let repo = try Self.shRunner()
        try Self.apply(repo)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let r = try Run.command("/bin/sh", ["ops/go.sh"], cwd: repo.root, env: ["PATH": path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("a") && r.stdout.contains("b"))
        // The option-mapping form stays POSIX too: its arguments are rebuilt in place.
        let options = RunnerOptions(map: ["-l": .init(name: "--list", takesValue: false), "-o": .init(name: "--only", takesValue: true)])
        let mapped = EntrypointScript.wrapper(runner: "ops/go.sh", entrypoint: "ops/init.sh", options: options, posix: true)
        try repo.write("ops/go2.sh", mapped, executable: true)
        let only = try Run.command("/bin/sh", ["ops/go2.sh", "-o", "02"], cwd: repo.root, env: ["PATH": path])
        #expect(only.status == 0, "\(only.stderr)")
        #expect(only.stdout.contains("b") && !only.stdout.contains("\na\n"))
    }

    // MARK: runner defaults

    @Test func aRunnersDefaultsAreTheEntrypointsDefaults() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/01-pool.sh", Self.task("# the pool\ngcloud container node-pools create gpu --cluster \"$CLUSTER\" --zone \"$ZONE\""), executable: true)
        try repo.write("ops/tasks/02-log.sh", Self.task("# log\necho start >> \"$RUN_LOG\""), executable: true)
        try repo.write("ops/run.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            : "${CLUSTER:=gpu-cluster}" "${ZONE:=us-central1-a}"
            export CLUSTER ZONE
            export RUN_LOG=${RUN_LOG:-/tmp/run.log}
            UNEXPORTED=${UNEXPORTED:-x}
            for s in "$(dirname "$0")"/tasks/*.sh; do bash "$s"; done

            """, executable: true)
        try repo.commitAll("defaults")
        let inputs = EntrypointInputs.of(try Self.reality(repo), path: "ops/init.sh")
        #expect(inputs.defaults == [.init(name: "CLUSTER", value: "gpu-cluster"), .init(name: "RUN_LOG", value: "/tmp/run.log"),
                                    .init(name: "ZONE", value: "us-central1-a")])
        #expect(!inputs.requiredEnv.contains("CLUSTER") && !inputs.requiredEnv.contains("RUN_LOG"))
        let text = EntrypointScript.text(inputs)
        #expect(text.contains("CLUSTER=\"${CLUSTER:-gpu-cluster}\""))
        #expect(text.contains("export CLUSTER RUN_LOG ZONE"))
        #expect(text.contains("REQUIRED_ENV=()"))
    }

    @Test(.enabled(if: hasBash)) func theDefaultsHoldAfterApplyAndTheListConverges() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/01-log.sh", Self.task("# log\necho \"to $RUN_LOG\""), executable: true)
        try repo.write("ops/run.sh", "#!/usr/bin/env bash\nset -euo pipefail\nexport RUN_LOG=${RUN_LOG:-/tmp/run.log}\nfor s in \"$(dirname \"$0\")\"/tasks/*.sh; do bash \"$s\"; done\n",
                       executable: true)
        try repo.write("README.md", "Run `./ops/run.sh`.\n")
        try repo.commitAll("export default")
        try Self.apply(repo)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let r = try Run.command("/bin/bash", ["-c", "./ops/init.sh --only 01"], cwd: repo.root, env: ["PATH": path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("to /tmp/run.log"))
        let again = try Self.plan(repo)
        #expect(!again.operations.contains { $0.id == CanonicalEntrypointRule.operationID }, "\(again.operations.map(\.id))")
    }

    // MARK: --only and the library

    /// A task that reads a name only through a library function it calls (`note` appends to
    /// $AUDIT_FILE): `--only` checks it up front instead of the task dying half-way.
    @Test(.enabled(if: hasBash)) func oneTaskIsCheckedForWhatItsLibraryCallsRead() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/lib/common.sh", "note() { echo \"$*\" >> \"$AUDIT_FILE\"; }\nstamp() { date; }\n")
        try repo.write("ops/tasks/01-a.sh", Self.task(". \"$(dirname \"$0\")/../lib/common.sh\"\nnote a"), executable: true)
        try repo.write("ops/tasks/02-b.sh", Self.task(". \"$(dirname \"$0\")/../lib/common.sh\"\nstamp"), executable: true)
        try repo.commitAll("library reads")
        let inputs = EntrypointInputs.of(try Self.reality(repo), path: "ops/init.sh")
        #expect(inputs.libraryReads == ["note:AUDIT_FILE"])
        try Self.apply(repo)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let a = try Run.command("/bin/bash", ["-c", "./ops/init.sh --only 01"], cwd: repo.root, env: ["PATH": path])
        #expect(a.status != 0)
        #expect(a.stderr.contains("missing required environment: AUDIT_FILE"), "\(a.stderr)")
        #expect(!a.stdout.contains("==> 01-a"))
        // A task that does not call it runs without it.
        let b = try Run.command("/bin/bash", ["-c", "./ops/init.sh --only 02"], cwd: repo.root, env: ["PATH": path])
        #expect(b.status == 0, "\(b.stderr)")
    }
}
