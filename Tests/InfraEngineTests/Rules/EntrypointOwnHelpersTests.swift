import Foundation
import Testing
@testable import InfraEngine

/// In-memory trees: the entrypoint's need for log/die never adds them to a library nor
/// creates one; tasks that call an undefined standard helper still get it from the library.
@Suite struct EntrypointOwnHelpersTests {
    static func reality(_ files: [String: String]) throws -> RepoReality {
        var tree = RepoSnapshot()
        for (path, text) in files {
            tree.write(path, RepoFile(text: text, mode: path.contains("/tasks/") ? .executable : .regular))
        }
        return try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache())
    }

    static let task = "#!/usr/bin/env bash\nset -euo pipefail\necho \"network\"\n"

    static func libraryEdits(_ reality: RepoReality) -> [String] {
        SharedHelpersRule().operations(in: RuleContext(reality: reality, queued: [:]))
            .flatMap { $0.edits.keys }.filter { $0.hasPrefix("ai/infra/lib/") }
    }

    static func entrypoint(_ reality: RepoReality) throws -> String {
        let drafts = CanonicalEntrypointRule().operations(in: RuleContext(reality: reality, queued: [:]))
        return try #require(written(drafts, "ai/infra/init.sh"))
    }

    static func bashAccepts(_ text: String) throws -> Bool {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("init-\(UUID().uuidString).sh")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Run.command("/bin/bash", ["-n", file.path]).status == 0
    }

    /// D14 (session 9): a library that runs commands when it loads (stops without `.env`) is
    /// not sourced by the entrypoint, whose `--help` and `--list` must work before any setup;
    /// one that only defines helpers is.
    @Test func aLibraryThatRunsCommandsWhenItLoadsIsNotSourced() throws {
        let helpers = "# shellcheck shell=bash\nlog() { echo \"==> $*\"; }\ndie() { echo \"error: $*\" >&2; exit 1; }\n"
        let loading = helpers + "ENV_FILE=\"$(dirname \"${BASH_SOURCE[0]}\")/../.env\"\n"
            + "[ -f \"$ENV_FILE\" ] || { echo \"missing $ENV_FILE\" >&2; exit 1; }\n"
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/common.sh", loading)
        try repo.write("ai/infra/tasks/010-network.sh", Self.task, executable: true)
        let r = try ruleRun(CanonicalEntrypointRule(), on: repo)
        let text = try #require(written(r.drafts, "ai/infra/init.sh"))
        #expect(!text.contains("lib/common.sh\""), "\(text)")
        try repo.write("ai/infra/init.sh", text, executable: true)
        let list = try Run.command("/bin/bash", ["ai/infra/init.sh", "--list"], cwd: repo.root)
        #expect(list.status == 0 && list.stdout.contains("010-network"), "\(list.stderr)")
        // The same helpers without the load-time check are reused.
        let plain = try Self.entrypoint(try Self.reality(["ai/infra/lib/common.sh": helpers, "ai/infra/tasks/010-network.sh": Self.task]))
        #expect(plain.contains("source \"$INFRA_DIR/lib/common.sh\""), "\(plain)")
    }

    @Test func aLibraryWithOnlyItsOwnStopWordGetsNoLog() throws {
        let reality = try Self.reality([
            "ai/infra/lib/common.sh": "# shellcheck shell=bash\nbail() { echo \"stop: $*\" >&2; exit 2; }\n",
            "ai/infra/tasks/010-network.sh": Self.task,
        ])
        #expect(Self.libraryEdits(reality).isEmpty)
        let inputs = EntrypointInputs.of(reality, path: "ai/infra/init.sh")
        #expect(inputs.log == nil && inputs.die == "bail" && inputs.sourcesLibrary)
        let text = try Self.entrypoint(reality)
        #expect(text.contains("source \"$INFRA_DIR/lib/common.sh\""))
        #expect(text.contains("_init_log() {") && !text.contains("_init_die"))
        #expect(text.contains("|| bail \"--only needs a task\"") && text.contains("_init_log \"all ${#selected[@]} tasks done\""))
        #expect(try Self.bashAccepts(text))
    }

    @Test func noLibraryIsCreatedOnlyForTheEntrypoint() throws {
        let reality = try Self.reality(["ai/infra/tasks/010-network.sh": Self.task])
        #expect(Self.libraryEdits(reality).isEmpty)
        let text = try Self.entrypoint(reality)
        #expect(!text.contains("source "))
        #expect(text.contains("_init_log() {") && text.contains("_init_die() {") && !text.contains("\n  die ") && !text.contains("|| die "))
        #expect(try Self.bashAccepts(text))
    }

    /// Case 11's kind: with no library, a task that is only made strict (and keeps a helper of
    /// its own) gets no `source` of a library nothing creates, and no empty library appears.
    @Test func noEmptyLibraryAndNoSourceOfAMissingOne() throws {
        let reality = try Self.reality([
            "ai/infra/tasks/010-network.sh": "#!/usr/bin/env bash\ntidy() { rm -f \"$1\"; }\ntidy /tmp/x\n",
            "ai/infra/tasks/020-cluster.sh": "#!/usr/bin/env bash\nset -e\necho cluster\n",
        ])
        let drafts = SharedHelpersRule().operations(in: RuleContext(reality: reality, queued: [:]))
        #expect(!drafts.flatMap { $0.edits.keys }.contains { $0.hasPrefix("ai/infra/lib/") })
        let network = try #require(written(drafts, "ai/infra/tasks/010-network.sh"))
        #expect(network.contains("set -euo pipefail") && !network.contains("source "))
        #expect(written(drafts, "ai/infra/tasks/020-cluster.sh")?.contains("source ") == false)
    }

    @Test func aTaskCallingAnUndefinedDieStillGetsItFromTheLibrary() throws {
        let reality = try Self.reality([
            "ai/infra/lib/common.sh": "# shellcheck shell=bash\nnote() { echo \"-- $*\"; }\n",
            "ai/infra/tasks/010-network.sh": Self.task + "[ -n \"${X:-}\" ] || die \"X is empty\"\n",
        ])
        let drafts = SharedHelpersRule().operations(in: RuleContext(reality: reality, queued: [:]))
        let lib = try #require(written(drafts, "ai/infra/lib/common.sh"))
        #expect(lib.contains("die() { printf 'error: %s\\n' \"$*\" >&2; exit 1; }"))
        #expect(!lib.contains("log() {"))
    }
}
