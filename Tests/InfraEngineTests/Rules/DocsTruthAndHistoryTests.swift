import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// The docs rule leaves records of the past as written, rewrites a doc line whole or not at
/// all, and the runbook says only true things (the session-10 tester's (brk12) defects 7, 10, 11).
@Suite(.serialized) struct DocsTruthAndHistoryTests {
    static func task(_ body: String) -> String { "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n" }

    static func planAndApply(_ repo: TestRepo, infraDir: String = "ai/infra") throws -> (first: Plan, again: Plan) {
        let first = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: infraDir))
        _ = try PlanWriter.apply(first.operations, root: repo.root)
        try repo.commitAll("applied")
        return (first, try Planner.plan(root: repo.root, options: PlanOptions(infraDir: infraDir)))
    }

    /// A file whose own name says it records the past is one, wherever it lives; a playbook
    /// for future incidents is not.
    @Test func fileNamesThatSayRecord() {
        for path in ["docs/postmortem-2024-02.md", "docs/2024-03-db-post-mortem.md", "incident-2024-05-17.md", "notes/q3-retro.md",
                     "docs/adr-0007-queues.md", "RFC-12-tasks.md", "docs/Postmortem_cache.md", "docs/sprint-retrospective.md"] {
            #expect(PathRoles.isHistoricalRecord(path), "\(path)")
        }
        for path in ["docs/incident-response.md", "docs/incident-playbook.md", "docs/retrofit.md", "docs/adrian.md", "README.md",
                     "docs/runbook.md", "docs/rfcompat.md"] {
            #expect(!PathRoles.isHistoricalRecord(path), "\(path)")
        }
    }

    /// Past-tense sentences tell what was run; the same command in an instruction is one.
    @Test func pastTenseSpansAreNarrative() {
        let text = """
            # Notes

            At 09:12 someone ran `bash ai/infra/tasks/10-redis.sh` against prod.
            Last year we used to run `bash ai/infra/tasks/10-redis.sh` by hand.
            `bash ai/infra/tasks/10-redis.sh` was run twice that day.
            We ran `bash ai/infra/tasks/10-redis.sh` once; now run `bash ai/infra/tasks/20-dns.sh`.
            Run `bash ai/infra/tasks/10-redis.sh` to create the cache.
            If it fails, run `bash ai/infra/tasks/20-dns.sh` again.
            """
        let commands = DocFile.extractCommands(text)
        #expect(commands.map(\.isNarrative) == [true, true, true, true, false, false, false], "\(commands.map { ($0.line, $0.command, $0.isNarrative) })")
    }

    /// s14: a postmortem (by its file name) and a past-tense sentence in a README stay as
    /// written; the README's instructions are rewritten; nothing gets a runbook link that was
    /// not edited.
    @Test func historyIsNotRewritten() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/tasks/10-redis.sh", Self.task("gcloud redis instances describe cache >/dev/null 2>&1 || gcloud redis instances create cache"), executable: true)
        let postmortem = "# Postmortem: cache outage 2024-02-11\n\nAt 09:12 someone ran `STAGE=prod bash ai/infra/tasks/10-redis.sh` with the dev config.\n"
        try repo.write("docs/postmortem-2024-02.md", postmortem)
        try repo.write("README.md", "# cache\n\nLast week someone ran `bash ai/infra/tasks/10-redis.sh` by mistake.\n\nTo create the cache, run `bash ai/infra/tasks/10-redis.sh`.\n")
        try repo.commitAll("docs")
        let (first, again) = try Self.planAndApply(repo)
        #expect(!first.findings.contains { $0.file == "docs/postmortem-2024-02.md" }, "\(first.findings.map(\.message))")
        #expect(repo.read("docs/postmortem-2024-02.md") == postmortem)
        let readme = try #require(repo.read("README.md"))
        #expect(readme.contains("Last week someone ran `bash ai/infra/tasks/10-redis.sh` by mistake."), "\(readme)")
        #expect(readme.contains("run `./ai/infra/init.sh --only 10-redis`"), "\(readme)")
        #expect(!again.operations.contains { $0.id == DocsRule.operationID }, "\(again.operations.map(\.id))")
    }

    /// s15: a doc line with several commands is rewritten whole, so the plan converges; and a
    /// line where one command cannot be rewritten (arguments to a task that reads none) keeps
    /// every command as it was.
    @Test func aLineIsRewrittenWholeOrNotAtAll() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/tasks/01-sa.sh", Self.task("echo sa"), executable: true)
        try repo.write("ai/infra/tasks/02-run.sh", Self.task("echo run"), executable: true)
        try repo.write("README.md", """
            # hello

                bash ai/infra/tasks/01-sa.sh && bash ai/infra/tasks/02-run.sh
                bash ai/infra/tasks/01-sa.sh; bash ai/infra/tasks/02-run.sh extra-arg

            """)
        try repo.commitAll("docs")
        let (_, again) = try Self.planAndApply(repo)
        let readme = try #require(repo.read("README.md"))
        #expect(readme.contains("    ./ai/infra/init.sh --only 01-sa && ./ai/infra/init.sh --only 02-run\n"), "\(readme)")
        #expect(readme.contains("    bash ai/infra/tasks/01-sa.sh; bash ai/infra/tasks/02-run.sh extra-arg\n"), "\(readme)")
        #expect(!again.operations.contains { $0.id == DocsRule.operationID }, "\(again.operations.map(\.id))")
    }

    /// s11: an existing init.sh that only runs `terraform init` is not described as running
    /// the tasks; the runbook names the script that does, and no doc is pointed at init.sh.
    @Test func anInitThatRunsNoTaskIsNotCalledTheWayIn() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/init.sh", "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")/terraform\"\nterraform init -backend-config=\"bucket=${TF_STATE_BUCKET}\"\n", executable: true)
        try repo.write("ai/infra/bootstrap.sh", "#!/usr/bin/env bash\nset -euo pipefail\nHERE=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\n\"$HERE/init.sh\"\nfor t in \"$HERE\"/tasks/*.sh; do\n  echo \"--> $t\"\n  bash \"$t\"\ndone\n", executable: true)
        try repo.write("ai/infra/tasks/01-apis.sh", Self.task("gcloud services enable run.googleapis.com --project \"$PROJECT_ID\""), executable: true)
        try repo.write("README.md", "# platform\n\n    ./ai/infra/bootstrap.sh\n\nOne task alone: `bash ai/infra/tasks/01-apis.sh`.\n")
        try repo.commitAll("init")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ai/infra").read(), infraDir: "ai/infra", cache: ScriptCache())
        #expect(!RunbookFacts.entrypointRunsTasks(reality))
        let page = Runbook.text(reality, toolsCheck: nil, handSteps: [])
        #expect(!page.contains("brings up this infrastructure"), "\(page)")
        #expect(page.contains("`./ai/infra/init.sh` does not run the numbered tasks"), "\(page)")
        #expect(page.contains("The tasks are run by `./ai/infra/bootstrap.sh`"), "\(page)")
        #expect(page.contains("\n./ai/infra/bootstrap.sh "), "\(page)")
        #expect(!page.contains("the entrypoint stops before any task"), "\(page)")
        #expect(DocReference.all(in: reality).isEmpty)
    }

    /// s01/s08: a Makefile the plan leaves alone still runs tasks: the runbook names it instead
    /// of "every other runner hands over", says how to create and load the env file the
    /// Makefile included, and keeps the value the docs give an optional variable.
    @Test func runbookNamesKeptMakefileEnvFileAndDocumentedValues() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("Makefile", "-include ai/infra/.env\nexport\n\nENVIRONMENT ?= staging\nup:\n\tENVIRONMENT=$(ENVIRONMENT) bash ai/infra/tasks/010-ingress.sh\n")
        try repo.write("ai/infra/.env.example", "PROJECT_ID=my-project\n")
        try repo.write(".gitignore", "/ai/infra/.env\n")
        try repo.write("ai/infra/tasks/010-ingress.sh", Self.task("ENVIRONMENT=\"${ENVIRONMENT:-staging}\"\necho \"deploying $ENVIRONMENT to $PROJECT_ID\""), executable: true)
        try repo.write("README.md", "# addons\n\n    make up ENVIRONMENT=production\n")
        try repo.commitAll("make")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ai/infra").read(), infraDir: "ai/infra", cache: ScriptCache())
        let page = Runbook.text(reality, toolsCheck: nil, handSteps: [])
        #expect(!page.contains("Every other runner hands over to it"), "\(page)")
        #expect(page.contains("`make up` (Makefile) still runs the tasks itself"), "\(page)")
        #expect(page.contains("`cp ai/infra/.env.example ai/infra/.env`") && page.contains("`set -a; . ./ai/infra/.env; set +a`"), "\(page)")
        #expect(page.contains("\nENVIRONMENT=production ./ai/infra/init.sh "), "\(page)")
        #expect(page.contains("defaults to `staging`; the docs set `production`"), "\(page)")
        #expect(RunbookFacts.documentedValues(reality) == ["ENVIRONMENT": "production"])
    }

    /// s04: a committed `.env` the plan untracks (its template stays) is loaded by the tasks
    /// before and after apply: the runbook's table says so both times, and the plan after
    /// apply has nothing left to do on the docs.
    @Test func untrackedEnvFileKeepsItsRoleAcrossApply() throws {
        let repo = try TestRepo(fixture: nil)
        let body = "cd \"$(dirname \"$0\")/..\"\nset -a; . ./.env; set +a\necho \"$GCP_PROJECT $DB_INSTANCE\""
        try repo.write("ai/infra/tasks/001-sql.sh", "#!/bin/bash\nset -eu\n" + body.replacingOccurrences(of: "$0", with: "$0") + "\n", executable: true)
        try repo.write("ai/infra/.env", "GCP_PROJECT=ledger-staging\nDB_INSTANCE=ledger-pg\nDB_PASSWORD=Zq8vRt2mXw4nLp7s\n")
        try repo.write("ai/infra/.env.example", "GCP_PROJECT=\nDB_INSTANCE=ledger-pg\nDB_PASSWORD=\n")
        try repo.write("README.md", "# ledger\n\n    bash ai/infra/tasks/001-sql.sh\n")
        try repo.commitAll("dotenv")
        let (first, again) = try Self.planAndApply(repo)
        let patch = try #require(first.operation(DocsRule.operationID)?.patch)
        #expect(patch.contains("| `GCP_PROJECT` | loaded |"), "\(patch)")
        #expect(!again.operations.contains { $0.id == DocsRule.operationID }, "\(again.operations.map(\.id))")
    }

    /// The same reading on the parse alone: a `. ./.env` after `cd` names the env file whether
    /// the person's copy is there or only its template.
    @Test func envFilePathWithOnlyItsTemplate() throws {
        let text = "#!/bin/bash\ncd \"$(dirname \"$0\")/..\"\nset -a; . ./.env; set +a\necho \"$A\"\n"
        for withCopy in [true, false] {
            var files = ["ai/infra/tasks/001-a.sh": RepoFile(text: text, mode: .executable),
                         "ai/infra/.env.example": RepoFile(text: "A=\n", mode: .regular)]
            if withCopy { files["ai/infra/.env"] = RepoFile(text: "A=1\n", mode: .regular) }
            let reality = try RepoReality(snapshot: RepoSnapshot(files: files), infraDir: "ai/infra", cache: ScriptCache())
            let task = try #require(reality.tasks.first)
            #expect(SourceGraph.sources(of: task, in: reality).map(\.path) == ["ai/infra/.env"], "copy on disk: \(withCopy)")
            #expect(TaskEnvironment.variables(in: reality).first { $0.name == "A" }?.role == .loaded, "copy on disk: \(withCopy)")
        }
    }

    /// s02: a strict-mode line or an environment check put above a task's header comment leaves
    /// the comment its summary, so an operation that adds one does not change the runbook.
    @Test func headerSurvivesLinesAddedAboveIt() {
        for text in ["# shared settings\nA=1\n", "#!/usr/bin/env bash\nset -euo pipefail\n# shared settings\nA=1\n",
                     "#!/usr/bin/env bash\n: \"${A:?A must be set}\"\n# shared settings\nA=1\n"] {
            let file = ShellFile(path: "ai/infra/tasks/01-vars.sh", script: ShellReader.read(text))
            #expect(TaskSummary.header(file) == "shared settings", "\(text)")
        }
    }

    /// brk13 #10 (s05): a target that runs the tasks through its prerequisites (`bootstrap:
    /// cluster registry`, no recipe) is the primary way in the docs give: the runbook names it,
    /// first, beside the targets whose recipes run the tasks.
    @Test func runbookNamesATargetThatRunsTasksThroughItsPrerequisites() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("Makefile", "T := ai/infra/tasks\n.PHONY: up net app\n\nup: net app  # everything\n\nnet:\n\tbash $(T)/10-net.sh\n\n"
                       + "app: net\n\tbash $(T)/20-app.sh\n\nlint:\n\tshellcheck ai/infra/tasks/*.sh\n")
        try repo.write("ai/infra/tasks/10-net.sh", Self.task("gcloud compute networks create edge"), executable: true)
        try repo.write("ai/infra/tasks/20-app.sh", Self.task("kubectl apply -f app.yaml"), executable: true)
        try repo.write("README.md", "# svc\n\nRun `make up`. One piece: `make net` or `make app`.\n")
        try repo.commitAll("make")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ai/infra").read(), infraDir: "ai/infra", cache: ScriptCache())
        #expect(RunbookFacts.selfRunningMakeTargets(reality).map(\.command) == ["make up", "make net", "make app"])
        let page = Runbook.text(reality, toolsCheck: nil, handSteps: [])
        #expect(page.contains("`make up` (Makefile), `make net` (Makefile), `make app` (Makefile) still run the tasks themselves"), "\(page)")
        #expect(!page.contains("`make lint`"))
        #expect(RunbookFacts.prerequisites("all: build test | dirs ; echo x") == ["build", "test", "dirs"])
    }

    /// brk14 #13 (r01): a Makefile rule per task file (`$(TASKS): ; @bash $@` over a wildcard of
    /// the tasks folder) behind `infra: $(TASKS)` runs the tasks itself, and the env file the
    /// README loads by hand before running is one the runbook loads too.
    @Test func runbookNamesATaskFileRuleAndTheEnvFileTheDocsLoad() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("Makefile", "SHELL := /bin/bash\nINFRA := ai/infra\nTASKS := $(sort $(wildcard $(INFRA)/tasks/*.sh))\n\n"
                       + ".PHONY: infra $(TASKS)\ninfra: $(TASKS)\n\n$(TASKS):\n\t@echo \">> $@\"\n\t@bash $@\n\nlint:\n\tshellcheck $(INFRA)/tasks/*.sh\n")
        try repo.write("ai/infra/.env.example", "PROJECT=my-project\n")
        try repo.write(".gitignore", "/ai/infra/.env\n")
        try repo.write("ai/infra/tasks/010-net.sh", Self.task("gcloud compute networks create edge --project \"$PROJECT\""), executable: true)
        try repo.write("README.md", "# shop\n\n```sh\nset -a; . ai/infra/.env; set +a\nmake infra\n```\n")
        try repo.commitAll("make")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ai/infra").read(), infraDir: "ai/infra", cache: ScriptCache())
        #expect(RunbookFacts.selfRunningMakeTargets(reality).map(\.command) == ["make infra"])
        let page = Runbook.text(reality, toolsCheck: nil, handSteps: [])
        #expect(!page.contains("Every other runner hands over to it") && page.contains("`make infra` (Makefile) still runs the tasks itself"), "\(page)")
        #expect(page.contains("`README.md` loads `ai/infra/.env` before running")
                && page.contains("`cp ai/infra/.env.example ai/infra/.env`") && page.contains("`set -a; . ./ai/infra/.env; set +a`"), "\(page)")
    }

    /// The same kinds in other spellings: `source` of a stage file after a `cd` in the doc's
    /// block, and a rule whose recipe runs the target itself (`./$@`) with a `+=` list.
    @Test func docLoadedEnvFilesAndTaskRulesInOtherSpellings() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("Makefile", "STEPS = ops/tasks/01-a.sh\nSTEPS += ops/tasks/02-b.sh\nall: $(STEPS)\n$(STEPS):\n\t./$@\n")
        try repo.write("ops/tasks/01-a.sh", Self.task("echo a"), executable: true)
        try repo.write("ops/tasks/02-b.sh", Self.task("echo b"), executable: true)
        try repo.write("ops/env/staging.env", "STAGE=staging\n")
        try repo.write("docs/deploy.md", "# Deploy\n\n```bash\ncd ops\nsource env/staging.env\nmake -C .. all\n```\n")
        try repo.commitAll("make")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ops").read(), infraDir: "ops", cache: ScriptCache())
        #expect(RunbookFacts.docLoadedEnvFiles(reality).map(\.path) == ["ops/env/staging.env"])
        #expect(RunbookFacts.selfRunningMakeTargets(reality).map(\.command) == ["make all"])
        #expect(RunbookFacts.runsTheTarget("@bash $@") && RunbookFacts.runsTheTarget("./$<") && !RunbookFacts.runsTheTarget("echo $@"))
        let page = Runbook.text(reality, toolsCheck: nil, handSteps: [])
        #expect(page.contains("`docs/deploy.md` loads `ops/env/staging.env` before running") && page.contains("Load it the same way"), "\(page)")
    }

    /// brk14 (r01): a line that warns against running a task ("Do not run `bash ...` against
    /// prod") is true as written and stays; the README's instruction beside it is rewritten.
    @Test func aWarningAgainstRunningATaskIsNotRewritten() throws {
        #expect(DocFile.isWarning(before: "Keep commits small. Do not run"))
        #expect(DocFile.isWarning(before: "You should never call"))
        #expect(DocFile.isWarning(before: "Please avoid"))
        #expect(!DocFile.isWarning(before: "Don't forget to run"))
        #expect(!DocFile.isWarning(before: "Do not run it twice; instead run"))
        #expect(!DocFile.isWarning(before: "Then run"))
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/tasks/010-net.sh", Self.task("gcloud compute networks create edge"), executable: true)
        try repo.write("ai/infra/tasks/020-cluster.sh", Self.task("gcloud container clusters create edge --zone europe-west1-b"), executable: true)
        let warning = "# Contributing\n\nRun `make lint` first. Do not run\n`bash ai/infra/tasks/020-cluster.sh` against prod from your laptop.\n"
        try repo.write("CONTRIBUTING.md", warning)
        try repo.write("README.md", "# infra\n\nRun `bash ai/infra/tasks/010-net.sh`, then `bash ai/infra/tasks/020-cluster.sh`.\n")
        try repo.commitAll("docs")
        let (first, _) = try Self.planAndApply(repo)
        #expect(first.operations.contains { $0.files.contains { $0.path == "README.md" } })
        #expect(try String(contentsOf: repo.url("CONTRIBUTING.md"), encoding: .utf8) == warning)
    }

    /// brk13 #9 (s01): a task's summary is never a message it prints only when a command fails
    /// (`|| log "rollout not ready yet"`) or to stderr; a progress line at the top level is.
    @Test func taskSummaryIsNotAFailureMessage() throws {
        func summary(_ text: String) -> String? {
            TaskSummary.firstLogLine(ShellFile(path: "ai/infra/tasks/020-app.sh", script: ShellReader.read(text)), log: "log")
        }
        #expect(summary(Self.task("kubectl rollout status deploy/api --timeout=120s || log \"rollout not ready yet\"")) == nil)
        #expect(summary(Self.task("test -f x.yaml && echo \"using the local overrides\"")) == nil)
        #expect(summary(Self.task("echo \"no cluster credentials found\" >&2\nexit 1")) == nil)
        #expect(summary(Self.task("log \"rolling out the api\"\nkubectl rollout status deploy/api || log \"not ready yet\"")) == "rolling out the api")
        // On a whole repository: the runbook's table falls back to the commands it runs.
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/lib/common.sh", "log() { echo \"[$(date +%T)] $*\"; }\n")
        try repo.write("ai/infra/tasks/020-app.sh", Self.task(". \"$(dirname \"$0\")/../lib/common.sh\"\nkubectl apply -f \"$(dirname \"$0\")/../k8s/\"\n"
                       + "kubectl rollout status deploy/api -n ai --timeout=120s || log \"rollout not ready yet\""), executable: true)
        try repo.commitAll("app")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ai/infra").read(), infraDir: "ai/infra", cache: ScriptCache())
        let table = Runbook.taskTable(reality)
        #expect(table.contains("| `020-app` |") && !table.contains("not ready"), "\(table)")
    }
}
