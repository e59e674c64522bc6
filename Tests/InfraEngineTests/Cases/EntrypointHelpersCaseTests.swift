import Foundation
import Testing
@testable import InfraEngine

/// The entrypoint infra-tui writes uses the library's own log/die helpers when it has them and
/// keeps small private ones otherwise: no library is appended to, or created, only so the
/// entrypoint has them (cases 07, 14, 16; case 08's "no second vocabulary in the library").
@Suite struct EntrypointHelpersCaseTests {
    /// Applies every operation; expects `untouched` unchanged (or still absent) and the
    /// entrypoint at `entry` to define and call its private helpers, pass `bash -n`, and the
    /// plan afterwards to be empty.
    func expectEntrypointKeepsItsOwnHelpers(_ name: String, untouched: [String], entry: String, absent: [String] = [],
                                            env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let c = try CaseRepo(name)
        let before = untouched.map { c.read($0) }
        try c.applyAll()
        for (path, text) in zip(untouched, before) {
            #expect(c.read(path) == text, "\(path) changed:\n\(c.read(path) ?? "")", sourceLocation: sourceLocation)
        }
        for path in absent { #expect(c.read(path) == nil, "\(path) was created", sourceLocation: sourceLocation) }
        let init_ = try #require(c.read(entry), sourceLocation: sourceLocation)
        #expect(init_.contains("_init_die() { printf 'error: %s\\n' \"$*\" >&2; exit 1; }"), sourceLocation: sourceLocation)
        #expect(init_.contains("|| _init_die \"--only needs a task\""), sourceLocation: sourceLocation)
        let syntax = try Run.command("/bin/bash", ["-n", c.root.appendingPathComponent(entry).path])
        #expect(syntax.status == 0, "\(syntax.stderr)", sourceLocation: sourceLocation)
        let bogus = try Run.command("/bin/bash", [entry, "--bogus"], cwd: c.root, env: env)
        #expect(bogus.status == 1 && bogus.stderr.contains("error: unknown argument: --bogus"), "\(bogus.stderr)", sourceLocation: sourceLocation)
        #expect(try c.plan().operations.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func case16LibraryGetsNoDie() throws {
        try expectEntrypointKeepsItsOwnHelpers("16-creates-guarded-by-helper",
                                               untouched: ["ai/infra/lib/gcp.sh", "ai/infra/tasks/010-network.sh", "ai/infra/tasks/015-subnet.sh",
                                                           "ai/infra/tasks/020-cluster.sh", "ai/infra/tasks/030-api.sh"],
                                               entry: "ai/infra/init.sh", env: ["INV_PROJECT": "demo-project", "INV_REGION": "northamerica-northeast1"])
        let c = try CaseRepo("16-creates-guarded-by-helper")
        let plan = try c.plan()
        #expect(!plan.operations.flatMap(\.files).contains { $0.path == "ai/infra/lib/gcp.sh" })
        // The library checks INV_PROJECT when it loads (`: "${INV_PROJECT:?...}"`): the entrypoint
        // does not source it and keeps its own log and die, so `--help`, `--list` and
        // `--dry-run` work before the environment is set (the brk14 tester's defect 9).
        try c.applyAll()
        let init_ = c.read("ai/infra/init.sh") ?? ""
        #expect(!init_.contains("source \"$INFRA_DIR/lib/gcp.sh\"") && init_.contains("  _init_log \"dry run: would run"))
        for args in [["--help"], ["--list"]] {
            let r = try Run.command("/usr/bin/env", ["-u", "INV_PROJECT", "bash", "ai/infra/init.sh"] + args, cwd: c.root)
            #expect(r.status == 0 && !r.stderr.contains("export INV_PROJECT"), "\(args): \(r.stderr)")
        }
    }

    @Test func case14LibraryGetsNoLogOrDie() throws {
        try expectEntrypointKeepsItsOwnHelpers("14-validation-and-default-helpers", untouched: ["ai/infra/lib/env.sh"], entry: "ai/infra/init.sh")
    }

    @Test func case07NoLibraryIsCreatedForTheEntrypoint() throws {
        try expectEntrypointKeepsItsOwnHelpers("07-sibling-helper-file", untouched: ["deploy/env.sh"], entry: "deploy/init.sh",
                                               absent: ["deploy/lib/helpers.sh"])
        let c = try CaseRepo("07-sibling-helper-file")
        let plan = try c.plan()
        #expect(!plan.operations.flatMap(\.files).contains { $0.path.hasPrefix("deploy/lib/") })
        try c.applyAll()
        let init_ = c.read("deploy/init.sh") ?? ""
        #expect(!init_.contains("source \"$INFRA_DIR/lib/") && init_.contains("_init_log \"all ${#selected[@]} tasks done\""))
    }
}
