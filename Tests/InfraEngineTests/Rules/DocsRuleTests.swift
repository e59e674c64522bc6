import Foundation
import Testing
@testable import InfraEngine

@Suite(.serialized) struct DocsRuleTests {
    @Test func reportsEveryDocDefect() throws {
        let repo = try TestRepo()
        let docs = try repo.plan().findings.filter { $0.rule == "docs" }
        let where_ = Set(docs.map(\.location))
        #expect(where_.isSuperset(of: ["README.md:7", "ai/infra/README.md:5", "ai/infra/README.md:7", "ai/infra/README.md:9"]))
        #expect(docs.contains { $0.message.contains("no runbook under docs/plans/infra/") })
    }

    @Test func afterApplyEveryDocNamesOnlyTheEntrypoint() throws {
        let repo = try TestRepo()
        #expect(try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"]).status == 0)
        let runbook = try #require(repo.read("docs/plans/infra/runbook.md"))
        #expect(runbook.contains("`./ai/infra/init.sh`"))
        for task in ["010-enable-apis", "045-dns-zone", "070-hello"] { #expect(runbook.contains("`\(task)`")) }
        for doc in ["README.md", "ai/infra/README.md", "docs/plans/infra/runbook.md"] {
            let text = try #require(repo.read(doc))
            for stale in ["bootstrap.sh", "run-all.sh", "bash tasks/"] { #expect(!text.contains(stale), "\(doc) still names \(stale)") }
        }
        #expect(repo.read("ai/infra/README.md")?.contains("`./init.sh --only 050-cert-manager`") == true)
        // The tools check a README promised now exists and runs.
        let check = try Run.command(repo.url("ai/infra/bin/check-tools.sh").path, [], env: ["PATH": "/usr/bin:/bin"])
        #expect(check.stdout.contains("gcloud") && check.stdout.contains("kubectl"))
        let again = try repo.plan()
        #expect(!again.findings.contains { $0.rule == "docs" }, "\(again.findings.filter { $0.rule == "docs" })")
        #expect(again.operations.isEmpty, "still proposes \(again.operations.map(\.id))")
    }

    /// A doc line that runs a task with arguments (case 03): the finding names the command the
    /// patch writes, arguments kept, not a bare `--only NAME` (which would run without them).
    @Test func taskFindingNamesTheReplacementWithItsArguments() throws {
        let c = try CaseRepo("03-task-positional-args")
        let plan = try c.plan()
        let tasks = plan.findings.filter { $0.rule == "docs" && $0.file == "README.md" && $0.key.hasPrefix("task-") }
        let patch = try #require(plan.operation("docs-runbook")?.patch)
        let expected = ["./ai/infra/init.sh --only 030-add-tenant -- acme", "./ai/infra/init.sh --only 030-add-tenant -- globex large",
                        "./ai/infra/init.sh --only 010-namespaces"]
        for replacement in expected {
            #expect(tasks.contains { $0.message.hasSuffix("instead of `\(replacement)`") }, "\(tasks.map(\.message))")
            #expect(patch.contains("\n+\(replacement)"), "the patch does not write \(replacement)")
        }
        // Every such finding names a line the patch writes.
        for f in tasks {
            let named = try #require(f.message.components(separatedBy: "instead of `").last?.dropLast())
            #expect(patch.contains("\n+\(named)"), "\(f.message)")
        }
    }

    @Test func runbookIsDeterministic() throws {
        let a = try TestRepo(), b = try TestRepo()
        let pa = try a.plan(), pb = try b.plan()
        #expect(pa.operation("docs-runbook")?.patch == pb.operation("docs-runbook")?.patch)
    }
}
