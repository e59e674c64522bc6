import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// brk13 item 4 and item 10 (s02): a `source` path through a variable given a default is
/// followed like the literal one; a Makefile the docs run without a target (`make -C
/// ai/infra`) is the runner from the first plan; tasks a runner sources into one shell are
/// not told "nothing sets" what the runner or an earlier task sets.
@Suite struct DefaultedPathsAndSharedShellTests {
    func paths(_ text: String, at path: String = "ai/infra/tasks/010-a.sh") -> ScriptFolderPaths {
        ScriptFolderPaths(ShellFile(path: path, script: ShellReader.read(text, path: path)))
    }

    @Test(arguments: [
        ("LIB=${LIB:-$(dirname \"$0\")/../lib}\n", "LIB", "ai/infra/lib"),
        ("LIB=\"${LIB-${BASH_SOURCE[0]%/*}/../lib}\"\n", "LIB", "ai/infra/lib"),
        (": \"${LIB:=$(cd \"$(dirname \"$0\")/..\" && pwd)/lib}\"\n", "LIB", "ai/infra/lib"),
        ("readonly HERE=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\nreadonly L=${L:-$HERE/../lib/c.sh}\n", "L", "ai/infra/lib/c.sh"),
    ])
    func defaultedVariablesResolve(_ text: String, _ name: String, _ expected: String) {
        #expect(paths(text).variables[name] == expected, "\(paths(text).variables)")
    }

    @Test func runtimeDefaultsDoNot() {
        let p = paths("LIB=${LIB:-$HOME/lib}\n: \"${X:=lib}\"\nY=${Z:+$(dirname $0)}\n")
        #expect(p.variables.isEmpty, "\(p.variables)")
    }

    /// What the library sets at its top level is provided, not required.
    @Test func aLibraryLoadedThroughADefaultedVariableProvidesItsNames() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/common.sh", "WORK_DIR=$(mktemp -d)\nsay() { echo \"$*\"; }\n")
        for spelling in ["LIB=${LIB:-$(dirname \"$0\")/../lib}", ": \"${LIB:=${BASH_SOURCE[0]%/*}/../lib}\""] {
            try repo.write("ai/infra/tasks/010-a.sh", "#!/bin/bash\n\(spelling)\n. \"$LIB/common.sh\"\nsay hi\necho x > \"$WORK_DIR/a\"\necho \"$PROJECT\"\n",
                           executable: true)
            let (findings, _, _) = try ruleRun(VariablesRule(), on: repo)
            #expect(findings.map(\.key) == ["unchecked-PROJECT"], "\(spelling): \(findings.map(\.message))")
        }
    }

    @Test func aDocumentedMakeWithoutATargetRunsTheFirstTarget() {
        #expect(MakeTarget.invocation(["-C", "ai/infra"]) == ("ai/infra", nil))
        #expect(MakeTarget.invocation(["--directory=./ai/infra/", "-j2"]) == ("ai/infra", nil))
        #expect(MakeTarget.invocation(["-f", "Makefile", "up"]) == ("", "up"))
        #expect(MakeTarget.firstTarget(in: "X := 1\n.PHONY: all\nall: deps\n\tbash x\ndeps:\n") == "all")
    }

    /// The plan before any entrypoint exists already hands the Makefile's default target over,
    /// so applying it leaves nothing for a second plan.
    @Test func theInfraFoldersMakefileIsFoundInTheFirstPlan() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/tasks/010-a.sh", "#!/usr/bin/env bash\nset -euo pipefail\necho a\n", executable: true)
        try repo.write("ai/infra/tasks/020-b.sh", "#!/usr/bin/env bash\nset -euo pipefail\necho b\n", executable: true)
        try repo.write("ai/infra/Makefile", "up:\n\tfor t in tasks/0*.sh; do bash $$t || exit 1; done\n")
        try repo.write("README.md", "# x\n\n```\nmake -C ai/infra\n```\n")
        try repo.commitAll("init")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ai/infra"))
        #expect(plan.findings.contains { $0.location.hasPrefix("ai/infra/Makefile") && $0.message.contains("target `up`") && $0.message.contains("`make -C ai/infra up`") },
                "\(plan.findings.map(\.message))")
        _ = try PlanWriter.apply(plan.operations, root: repo.root)
        try repo.commitAll("applied")
        #expect(try #require(repo.read("ai/infra/Makefile")).contains("init.sh"))
        let again = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ai/infra"))
        #expect(!again.operations.contains { $0.id == "entrypoint-canonical-init" }, "\(again.operations.map(\.id))")
    }

    static let sharingRunner = """
        #!/bin/bash
        STAGE=$1
        . "$(dirname "$0")/config/${STAGE}.env"
        for t in "$(dirname "$0")"/tasks/*.sh; do
          source "$t"
        done

        """

    /// s02's kind: the runner sets STAGE, its env files set PROJECT, an earlier task sets NS.
    @Test func namesTheSharedShellSetsAreNotCalledUnset() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/deploy.sh", Self.sharingRunner, executable: true)
        try repo.write("ai/infra/config/prod.env", "PROJECT=p\n")
        try repo.write("ai/infra/tasks/01_ns.sh", "NS=app-$STAGE\nkubectl create ns \"$NS\"\n")
        try repo.write("ai/infra/tasks/02_app.sh", "kubectl -n \"$NS\" apply -f app.yaml --context \"$PROJECT\" --token \"$TOKEN\"\n")
        let (findings, drafts, _) = try ruleRun(VariablesRule(), on: repo)
        let byName = Dictionary(findings.map { ($0.key, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["unchecked-TOKEN"]?.contains("nothing sets") == true, "\(byName)")
        for name in ["STAGE", "NS", "PROJECT"] {
            let message = try #require(byName["unchecked-\(name)"], "\(byName)")
            #expect(!message.contains("nothing sets") && message.contains("ai/infra/deploy.sh"), "\(message)")
        }
        #expect(byName["unchecked-NS"]?.contains("01_ns") == true)
        let texts = drafts.flatMap { $0.edits.values }.compactMap { edit -> String? in
            if case .write(let text, _) = edit { return text }
            return nil
        }
        #expect(!texts.isEmpty && texts.allSatisfy { !$0.contains("required environment") }, "\(texts)")
        #expect(drafts.allSatisfy { $0.commands.allSatisfy { !$0.contains("init.sh") } && !$0.rationale.contains("REQUIRED_ENV") })
    }

    /// The same tasks sourced into one shell, run by bash: the added checks pass in the
    /// runner's shell, and a task run alone stops naming the name.
    @Test(.enabled(if: Run.which("bash") != nil, "needs bash"))
    func theChecksKeepTheSharedRunWorking() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/deploy.sh", Self.sharingRunner, executable: true)
        try repo.write("ai/infra/config/prod.env", "PROJECT=p\n")
        try repo.write("ai/infra/tasks/01_ns.sh", "NS=app-$STAGE\necho \"ns $NS\"\n")
        try repo.write("ai/infra/tasks/02_app.sh", "mkdir -p \"$NS\"\necho \"app $NS $PROJECT\"\n")
        let (_, drafts, _) = try ruleRun(VariablesRule(), on: repo)
        for draft in drafts {
            for (path, edit) in draft.edits { if case .write(let text, _) = edit { try repo.write(path, text) } }
        }
        let bash = try #require(Run.which("bash"))
        let run = try Run.command(bash, ["ai/infra/deploy.sh", "prod"], cwd: repo.root, env: [:])
        #expect(run.status == 0 && run.stdout == "ns app-prod\napp app-prod p\n", "\(run.stdout)\(run.stderr)")
        let alone = try Run.command(bash, ["ai/infra/tasks/02_app.sh"], cwd: repo.root, env: [:])
        #expect(alone.status != 0 && alone.stderr.contains("NS must be set"), "\(alone.stdout)\(alone.stderr)\(drafts.map(\.edits))")
    }
}
