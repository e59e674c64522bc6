import Foundation
import Testing
@testable import InfraEngine

/// CRLF scripts (`LineEndingsRule`): reported, converted to LF in an operation of their own
/// that every other operation on the file builds on, unless `.gitattributes` asks for CRLF.
@Suite struct LineEndingsTests {
    static func reality(_ files: [String: String]) throws -> RepoReality {
        let snapshot = RepoSnapshot(files: files.mapValues {
            RepoFile(text: $0, mode: $0.hasPrefix("#!") ? .executable : .regular)
        })
        return try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
    }

    @Test func onlyCRLFPairsChangeAndTheFinalNewlineStaysAsItWas() {
        #expect(LineEndingsRule.converted("a\r\nb\r\n") == "a\nb\n")
        #expect(LineEndingsRule.converted("a\r\nb") == "a\nb", "no final newline stays none")
        #expect(LineEndingsRule.converted("a\r\nb\n\r\n") == "a\nb\n\n")
        #expect(LineEndingsRule.converted("x='\r'\r\ny\rz\r\n") == "x='\r'\ny\rz\n", "a lone CR is kept")
        #expect(LineEndingsRule.converted("é\r\n✓\r") == "é\n✓\r")
        #expect(LineEndingsRule.endings("a\nb\n") == nil)
        #expect(LineEndingsRule.endings("a\nb\r\nc\r\n") == .init(crlf: 2, lf: 1, firstCRLF: 2))
        #expect(LineEndingsRule.endings("a\nb\r\nc\r\n")?.isMixed == true)
    }

    static let crlfTask = "#!/usr/bin/env bash\r\nset -euo pipefail\r\nmkdir out\r\nkubectl create namespace shop\r\n"

    @Test func aCRLFTaskIsReportedAndConvertedAlone() throws {
        let r = try Self.reality(["ai/infra/tasks/010-a.sh": Self.crlfTask,
                                  "ai/infra/lib/common.sh": "# shellcheck shell=bash\nlog() { echo \"$*\"; }\r\n"])
        let findings = LineEndingsRule().findings(in: r)
        #expect(findings.map(\.location) == ["ai/infra/lib/common.sh:2", "ai/infra/tasks/010-a.sh:1"])
        #expect(findings[0].message.hasPrefix("has mixed line endings (1 of 2 lines end with CRLF"))
        #expect(findings[0].message.contains("every line is converted to LF"))
        #expect(findings[1].message.hasPrefix("has CRLF line endings"))
        let drafts = LineEndingsRule().operations(in: RuleContext(reality: r, queued: [:]))
        #expect(drafts.map(\.id) == ["line-endings-lf-ai-infra-lib-common-sh", "line-endings-lf-ai-infra-tasks-010-a-sh"])
        #expect(drafts.allSatisfy { $0.edits.count == 1 })
        #expect(written(drafts, "ai/infra/tasks/010-a.sh") == "#!/usr/bin/env bash\nset -euo pipefail\nmkdir out\nkubectl create namespace shop\n")
    }

    @Test func gitattributesAskingForCRLFIsReportedWithoutAPatch() throws {
        let asked = try Self.reality([".gitattributes": "* text=auto\n*.sh text eol=crlf\n", "ai/infra/tasks/010-a.sh": Self.crlfTask])
        let f = LineEndingsRule().findings(in: asked)
        #expect(f.count == 1)
        #expect(f.first?.message.contains(".gitattributes:2 (`*.sh text eol=crlf`) asks git for CRLF") == true)
        #expect(LineEndingsRule().operations(in: RuleContext(reality: asked, queued: [:])).isEmpty)
        // A deeper attributes file, a later line, or `-text` undoes it: converted.
        for files in [
            [".gitattributes": "*.sh eol=crlf\n", "ai/infra/.gitattributes": "*.sh eol=lf\n"],
            [".gitattributes": "*.sh eol=crlf\nai/infra/tasks/*.sh eol=lf\n"],
            [".gitattributes": "*.sh eol=crlf\n/ai/infra/tasks/010-a.sh -text\n"],
            [".gitattributes": "docs/*.sh eol=crlf\n*.bat eol=crlf\n"],
        ] {
            let r = try Self.reality(files.merging(["ai/infra/tasks/010-a.sh": Self.crlfTask]) { a, _ in a })
            #expect(LineEndingsRule().operations(in: RuleContext(reality: r, queued: [:])).count == 1, "\(files)")
        }
        #expect(GitAttributes.matches("**/tasks/*.sh", "ai/infra/tasks/010-a.sh"))
        #expect(GitAttributes.matches("ai/**", "ai/infra/tasks/010-a.sh"))
        #expect(!GitAttributes.matches("tasks/*.sh", "ai/infra/tasks/010-a.sh"))
    }

    /// Planned whole: the conversion comes first, and the other rules' patches to the file
    /// are made on the LF text and depend on it.
    @Test func otherOperationsOnTheFileBuildOnTheConversion() throws {
        let snapshot = RepoSnapshot(files: ["ai/infra/tasks/010-a.sh": RepoFile(text: Self.crlfTask, mode: .executable)])
        let plan = try Planner.plan(snapshot: snapshot, repo: "/nonexistent")
        let convert = "line-endings-lf-ai-infra-tasks-010-a-sh"
        let ids = plan.operations.map(\.id)
        let first = try #require(ids.firstIndex(of: convert))
        let others = plan.operations.filter { $0.id != convert && $0.files.contains { $0.path == "ai/infra/tasks/010-a.sh" } }
        #expect(!others.isEmpty)
        for op in others {
            #expect(ids.firstIndex(of: op.id)! > first)
            #expect(op.dependsOn.contains(convert), "\(op.id)")
            #expect(!op.patch.contains("\r"), "\(op.id) is made on the LF text")
        }
        #expect(plan.findings.first { $0.id == "line-endings:ai/infra/tasks/010-a.sh:crlf" }?.operation == convert)
    }
}

/// End to end on a folder like the cases: validated plan (no SC1017 on the other patches),
/// apply everything, plan again (nothing left), and the entrypoint runs under bash, twice.
@Suite(.enabled(if: Run.which("bash") != nil && Run.which("shellcheck") != nil, "needs bash and shellcheck"))
struct LineEndingsEndToEndTests {
    @Test func aCRLFScaffoldingConvergesAndRuns() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("README.md", "# shop\n\nRun `./ai/infra/init.sh` from the repository root.\n")
        try repo.write("ai/infra/lib/common.sh", "# shellcheck shell=bash\r\nlog() { echo \"[shop] $*\" >&2; }\r\ndie() { log \"$*\"; exit 1; }\n")
        try repo.write("ai/infra/tasks/010-out.sh",
                       "#!/usr/bin/env bash\r\nset -euo pipefail\r\nsource \"$(dirname \"${BASH_SOURCE[0]}\")/../lib/common.sh\"\r\n"
                       + "log \"making out\"\r\nmkdir \"$(dirname \"${BASH_SOURCE[0]}\")/../out\"\r\n", executable: true)
        try repo.write("ai/infra/tasks/020-done.sh", "#!/usr/bin/env bash\nset -euo pipefail\necho finished", executable: true)
        try repo.git("init", "-q", "-b", "main")
        try repo.commitAll("base")
        let plan = try Run.tui(["plan", "--repo", repo.root.path])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("line-endings-lf-ai-infra-tasks-010-out-sh"))
        let validations = plan.stdout.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("validation") }
        #expect(!validations.isEmpty && validations.allSatisfy { $0.contains("validation: passed") }, "\(plan.stdout)")
        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        try repo.commitAll("applied")
        let again = try Run.tui(["plan", "--repo", repo.root.path, "--no-validate"])
        #expect(again.stdout.contains("0 operations, 0 findings"), "\(again.stdout)")
        #expect(repo.read("ai/infra/tasks/010-out.sh")?.contains("\r") == false)
        for run in 1...2 {
            let r = try Run.command("/usr/bin/env", ["bash", "ai/infra/init.sh"], cwd: repo.root)
            #expect(r.status == 0, "run \(run): \(r.stderr)")
        }
    }
}
