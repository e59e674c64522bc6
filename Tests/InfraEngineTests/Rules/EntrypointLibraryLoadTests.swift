import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// The brk14 tester's defect 9: the generated init.sh sourced a library whose top level
/// checks the environment (`: "${PROJECT:?...}"`), so `--help`, `--list` and `--dry-run` died
/// with the library's message before the entrypoint's own option parsing. A library that
/// does anything but define helpers and defaults when it loads is not sourced by init.sh.
@Suite struct EntrypointLibraryLoadTests {
    static var hasBash: Bool { Run.which("bash") != nil }

    static let helpers = "log() { printf '[%s] %s\\n' \"$(basename \"${BASH_SOURCE[1]}\")\" \"$*\"; }\n"
        + "die() { echo \"error: $*\" >&2; exit 1; }\n"
    static let task = "#!/usr/bin/env bash\nset -euo pipefail\nsource \"$(dirname \"$0\")/../lib/common.sh\"\nlog \"network in $PROJECT\"\n"

    /// The tester's r01 in a temp repository: init.sh written and run with bash, PROJECT unset.
    @Test(.enabled(if: hasBash, "runs the generated init.sh with bash")) func helpListAndDryRunWorkWithoutTheLibrarysCheck() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/common.sh", "# common helpers, sourced by every task\nset -euo pipefail\n\n"
            + ": \"${PROJECT:?PROJECT must be set (see ai/infra/.env.example)}\"\n: \"${REGION:=europe-west1}\"\n\n" + Self.helpers)
        try repo.write("ai/infra/tasks/010-network.sh", Self.task, executable: true)
        try repo.write("ai/infra/tasks/020-cluster.sh", Self.task.replacingOccurrences(of: "network", with: "cluster"), executable: true)
        let r = try ruleRun(CanonicalEntrypointRule(), on: repo)
        let text = try #require(written(r.drafts, "ai/infra/init.sh"))
        #expect(!text.contains("lib/common.sh\""), "\(text)")
        try repo.write("ai/infra/init.sh", text, executable: true)
        func run(_ args: [String]) throws -> Run.Result {
            try Run.command("/usr/bin/env", ["-u", "PROJECT", "bash", "ai/infra/init.sh"] + args, cwd: repo.root)
        }
        let help = try run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("Usage:"), "\(help.stderr)")
        let list = try run(["--list"])
        #expect(list.status == 0 && list.stdout == "010-network\n020-cluster\n", "\(list.stdout)\(list.stderr)")
        let dry = try run(["--dry-run"])
        #expect(!dry.stderr.contains("PROJECT must be set"), "\(dry.stderr)")
        #expect(dry.stdout.contains("dry run: would run 010-network 020-cluster"), "\(dry.stdout)\(dry.stderr)")
        #expect(dry.status != 0 && dry.stderr.contains("missing required environment: PROJECT"), "\(dry.stderr)")
        let set = try Run.command("/bin/bash", ["ai/infra/init.sh", "--dry-run"], cwd: repo.root, env: ["PROJECT": "shop-dev"])
        #expect(set.status == 0 && set.stdout.contains("nothing was run"), "\(set.stdout)\(set.stderr)")
    }

    /// Another style: what each kind of load-time work does to the entrypoint's inputs, in memory.
    @Test(arguments: [
        (": \"${PROJECT:?set PROJECT}\"\n", false),
        ("PROJECT=\"${PROJECT?}\"\n", false),
        ("exec > >(tee -a \"${LOG_FILE:-/tmp/infra.log}\") 2>&1\n", false),
        ("gcloud config set project \"${PROJECT:-dev}\"\n", false),
        (": \"${REGION:=europe-west1}\"\nNS=${NS:-shop}\n", true),
        ("set -euo pipefail\n", true),
        ("need() { : \"${1:?a tool}\"; command -v \"$1\" >/dev/null; }\n", true),
    ])
    func aLibraryIsSourcedOnlyWhenLoadingItDoesNothingButDefine(top: String, sourced: Bool) throws {
        var tree = RepoSnapshot()
        tree.write("ai/infra/lib/common.sh", RepoFile(text: "# shellcheck shell=bash\n" + top + Self.helpers, mode: .regular))
        tree.write("ai/infra/tasks/010-network.sh", RepoFile(text: Self.task, mode: .executable))
        let reality = try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache())
        let inputs = EntrypointInputs.of(reality, path: "ai/infra/init.sh")
        #expect(inputs.sourcesLibrary == sourced && inputs.libraryLeftOut == !sourced, "\(top)")
        #expect((inputs.log == "log") == sourced)
        let text = EntrypointScript.text(inputs)
        #expect(text.contains("source \"$INFRA_DIR/lib/common.sh\"") == sourced)
        if !sourced { #expect(text.contains("the library is not sourced") && text.contains("_init_die \"unknown argument: $1\"")) }
    }

    /// The same check keeps the helpers rule from adding a `source` of such a library to a
    /// task that does not read the name it checks.
    @Test func aLoadTimeCheckIsAnInterference() throws {
        let lib = ShellFile(path: "ai/infra/lib/common.sh", script: ShellReader.read("# shellcheck shell=bash\n: \"${PROJECT:?set PROJECT}\"\n" + Self.helpers))
        let why = LibraryTopLevel.interference(of: lib, closure: [], with: ShellReader.read("#!/usr/bin/env bash\necho hi\n"))
        #expect(why == "stop when `PROJECT` is unset (common.sh:2)", "\(why ?? "nil")")
    }
}
