import Foundation
import Testing
@testable import InfraEngine

/// Docs in context (issue 13, item 5): indented code blocks read as CommonMark reads them,
/// and the order a relative path a doc names is looked up in.
@Suite struct DocsInContextTests {
    static func scripts(_ doc: String) -> [Int: String] {
        Dictionary(DocFile.extractCommands(doc).compactMap { c in c.script.map { (c.line, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    @Test func indentedBlocksAreCodeOnlyWhereCommonMarkSaysSo() {
        let doc = """
            # Title

            Run this:

                ./infra/init.sh --list
                cd web
                ./serve.sh   # local

            A paragraph line
                ./not/code.sh

            - item one
                continuation of item one
                ./also/not-code.sh

            - item two

                  ./in/item/code.sh

            1. step
               ```sh
               ./fenced/in/list.sh
               ```

            """
        let found = Self.scripts(doc)
        #expect(found == [5: "./infra/init.sh", 7: "./serve.sh", 18: "./in/item/code.sh", 22: "./fenced/in/list.sh"], "\(found)")
        let serve = DocFile.extractCommands(doc).first { $0.line == 7 }
        #expect(serve?.cdFolder == "web" && serve?.command == "./serve.sh" && serve?.text.hasSuffix("# local") == true)
    }

    /// A block that lists files (a folder on a line of its own, or tree drawing) names them;
    /// only a line that runs something (`./x.sh`, `bash x.sh`) is a command.
    @Test func aListingBlockNamesFiles() {
        let doc = "Layout:\n\n    infra/\n      init.sh\n      tasks/\n        10_net.sh\n\nRun:\n\n    10_net.sh\n    bash tasks/10_net.sh\n"
        let commands = DocFile.extractCommands(doc).filter { $0.script != nil }
        #expect(commands.filter(\.isMention).map(\.line) == [4, 6], "\(commands.map { ($0.line, $0.isMention) })")
        #expect(commands.filter { !$0.isMention }.map(\.line) == [10, 11])
        let tree = DocFile.extractCommands("```\n10_net.sh\n├── 20_grant.sh\n```\n").filter { $0.script != nil }
        #expect(tree.allSatisfy(\.isMention) && tree.count == 1)
    }

    /// One "run" before a list of spans covers them all: an earlier span's file name
    /// (`010-a.sh`) does not end the sentence with its dot. A sentence that only names files
    /// after a full stop still names them.
    @Test func aListAfterOneRunIsAllCommands() {
        let doc = "Set `P`, then run `tasks/010-a.sh`,\n`tasks/020-b.sh`, `tasks/030-c.sh` and `tasks/040-d.sh` once.\nSee `tasks/050-e.sh`.\n"
        let commands = DocFile.extractCommands(doc).filter { $0.script != nil }
        #expect(commands.filter { !$0.isMention }.map(\.script) == ["tasks/010-a.sh", "tasks/020-b.sh", "tasks/030-c.sh", "tasks/040-d.sh"],
                "\(commands.map { ($0.script ?? "", $0.isMention) })")
        #expect(commands.filter(\.isMention).map(\.script) == ["tasks/050-e.sh"])
        #expect(DocFile.withoutCodeSpans("run `a.sh`, then `b.sh`.") == "run code, then code.")
    }

    @Test func tabsHeadingsAndBlankLinesInsideABlock() {
        #expect(Self.scripts("Intro.\n\n\t./tabbed.sh\n") == [3: "./tabbed.sh"])
        #expect(Self.scripts("## Run\n    ./after-heading.sh\n") == [2: "./after-heading.sh"])
        #expect(Self.scripts("Text.\n\n    ./a.sh\n\n    ./b.sh\nback to text `x`\n") == [3: "./a.sh", 5: "./b.sh"])
        // Five columns after a tab-width block start: the extra column is part of the line.
        #expect(IndentedCode.strip("     ./x.sh", columns: 4) == " ./x.sh")
        #expect(IndentedCode.strip("\t\t./x.sh", columns: 4) == "\t./x.sh")
        #expect(IndentedCode.listMarkerWidth("- a") == 2 && IndentedCode.listMarkerWidth("10) a") == 4
                && IndentedCode.listMarkerWidth("-x") == nil && IndentedCode.listMarkerWidth("2024 was") == nil)
    }

    /// A relative path is looked up where the reader would run it: the folder of a `cd`
    /// earlier in the block (the shell is there), then the doc's folder, the root, the infra
    /// and tasks folders, then a folder the sentence or heading names. The `cd` comes first,
    /// ahead of the order the issue lists, because after `cd web` a `./x.sh` can only mean
    /// `web/x.sh`, whatever the root holds.
    @Test func pathsResolveInTheReadersOrder() {
        var command = DocCommand(line: 3, text: "./x.sh", words: ["./x.sh"])
        command.cdFolder = "web"
        command.folders = ["tools/site"]
        let layout = InfraLayout(infraDir: "ai/infra", tasksDir: "ai/infra/tasks", libDir: "ai/infra/lib",
                                 entrypoint: "ai/infra/init.sh", logsDir: "ai/infra/logs")
        let order = DocReference.candidatePaths("./x.sh", command: command, doc: "docs/guide.md", layout: layout)
        #expect(order == ["web/x.sh", "docs/x.sh", "x.sh", "ai/infra/x.sh", "ai/infra/tasks/x.sh", "tools/site/x.sh"])
    }

    /// The runbook shows an argument-taking task with the arguments the docs pass it, the
    /// same before and after the docs are pointed at the entrypoint.
    @Test func theRunbookShowsTheDocumentedArguments() throws {
        let repo = try KeepKindTests.steps()
        try repo.write("README.md", "# shop\n\n```sh\nbash infra/tasks/20_grant.sh ada   # access for Ada\n```\n")
        try repo.commitAll("readme")
        try KeepKindTests.apply(repo)
        #expect(repo.read("README.md")?.contains("./infra/init.sh --only 20_grant -- ada   # access for Ada") == true)
        let runbook = try #require(repo.read("docs/plans/infra/runbook.md"))
        #expect(runbook.contains("./infra/init.sh --only 20_grant -- ada ") && runbook.contains("(as the docs show)"), "\(runbook)")
        #expect(try KeepKindTests.plan(repo).operations.isEmpty, "converges")
    }

    /// A README whose commands sit in an indented block gets the same rewrite a fenced one
    /// does: the task line points at the entrypoint, its comment kept; the text around stays.
    @Test func indentedCommandsAreRewrittenLikeFencedOnes() throws {
        let repo = try KeepKindTests.steps()
        let readme = "# shop\n\nFrom the root:\n\n    bash infra/tasks/10_net.sh   # the network\n\nNot code:\n    bash infra/tasks/10_net.sh\n"
        try repo.write("README.md", readme)
        try repo.commitAll("readme")
        let plan = try KeepKindTests.plan(repo)
        #expect(plan.findings.filter { $0.file == "README.md" && $0.rule == "docs" && $0.line > 1 }.map(\.line) == [5])
        try KeepKindTests.apply(repo)
        let after = try #require(repo.read("README.md"))
        #expect(after.hasPrefix("# shop\n\nFrom the root:\n\n    ./infra/init.sh --only 10_net   # the network\n\nNot code:\n    bash infra/tasks/10_net.sh\n"),
                "\(after)")
    }
}
