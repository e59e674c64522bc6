import Foundation
import Testing
@testable import InfraEngine

/// A value one task hands the next through a state file it writes (`echo "WEB_IP=$ip" >
/// "$STATE"`) is provided by that task: not required from outside, and the file is no
/// missing file (the session-11 tester's defect 8, r19). Whatever the file is called.
@Suite struct RunStateFilesTests {
    /// Writers in the three spellings a task hands values on with; the reader sources the
    /// file under a `# shellcheck disable` directive.
    static func repo(writer: String) throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write(".gitignore", "ai/infra/.state\n")
        try repo.write("ai/infra/tasks/010-ip.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            state="$(dirname "$0")/../.state"
            gcloud compute addresses create web-ip --global --project acme-web
            \(writer)

            """, executable: true)
        try repo.write("ai/infra/tasks/020-dns.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            # shellcheck disable=SC1091
            . "$(dirname "$0")/../.state"
            gcloud dns record-sets update www.acme.dev. --zone acme-dev --type A --rrdatas "$WEB_IP" --project acme-web

            """, executable: true)
        try repo.commitAll("state")
        return repo
    }

    @Test(arguments: [
        #"echo "WEB_IP=$(gcloud compute addresses describe web-ip --global --format 'value(address)')" > "$state""#,
        #"printf 'WEB_IP=%s\n' "$(gcloud compute addresses describe web-ip --global --format 'value(address)')" >> "$state""#,
        "ip=$(gcloud compute addresses describe web-ip --global --format 'value(address)')\ncat > \"$state\" <<EOF\nWEB_IP=$ip\nEOF",
    ])
    func handedOnValueIsNotRequired(_ writer: String) throws {
        let repo = try Self.repo(writer: writer)
        let plan = try repo.plan()
        let noisy = plan.findings.filter { ($0.rule == "missing-files" || $0.rule == "variables") && $0.file.hasSuffix("020-dns.sh") }
        #expect(noisy.isEmpty, "\(noisy.map { "\($0.location) \($0.message)" })")
        for op in plan.operations {
            #expect(!op.patch.contains("+REQUIRED_ENV=(WEB_IP") && !op.patch.contains("${WEB_IP:?"), "\(op.id) demands WEB_IP")
            #expect(!op.patch.contains(".state is missing"), "\(op.id) guards the state file")
        }
        let reality = try ruleRun(VariablesRule(), on: repo).reality
        let dns = try #require(reality.tasks.first { $0.path.hasSuffix("020-dns.sh") })
        let sourced = SourceGraph.sources(of: dns, in: reality)
        #expect(sourced.map(\.kind) == [.envFile] && sourced.first?.path == "ai/infra/.state")
        #expect(EnvFiles.names(of: "ai/infra/.state", in: reality) == EnvFileNames(
            path: "ai/infra/.state", names: ["WEB_IP"], origin: .writtenBy("ai/infra/tasks/010-ip.sh")))
    }

    /// Both sides relative to the working folder the run shares (`> .state`, `. .state`).
    @Test func workingFolderStateFile() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-ip.sh", "#!/usr/bin/env bash\nset -euo pipefail\necho \"WEB_IP=203.0.113.7\" > .state\n", executable: true)
        try repo.write("ai/infra/tasks/020-dns.sh", "#!/usr/bin/env bash\nset -euo pipefail\n. .state\necho \"$WEB_IP\"\n", executable: true)
        let variables = try ruleRun(VariablesRule(), on: repo)
        #expect(variables.findings.isEmpty, "\(variables.findings.map(\.message))")
        #expect(try ruleRun(MissingFilesRule(), on: repo).findings.isEmpty)
    }

    /// A later task's file is not there when an earlier one sources it: still missing, and
    /// the guard goes above the directive that covers the `.` line, never between them.
    @Test func laterWriterDoesNotProvideAndGuardKeepsDirective() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-dns.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            # shellcheck disable=SC1091
            . "$(dirname "$0")/../.state"
            echo "$WEB_IP"

            """, executable: true)
        try repo.write("ai/infra/tasks/020-ip.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            echo "WEB_IP=203.0.113.7" > "$(dirname "$0")/../.state"

            """, executable: true)
        let (findings, drafts, _) = try ruleRun(MissingFilesRule(), on: repo)
        #expect(findings.map(\.line) == [4], "\(findings.map(\.message))")
        let text = try #require(written(drafts, "ai/infra/tasks/010-dns.sh"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let directive = try #require(lines.firstIndex(of: "# shellcheck disable=SC1091"))
        #expect(lines[directive + 1] == ". \"$(dirname \"$0\")/../.state\"", "\(text)")
        #expect(lines[directive - 1].hasPrefix("[ -f "), "\(text)")
    }

    /// Behaviour: the full run in order (010 then 020) works before and after the plan, and
    /// the plan's entrypoint runs it without WEB_IP from outside.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash"), "needs bash"))
    func fullRunStillHandsTheValueOn() throws {
        let repo = try Self.repo(writer: #"echo "WEB_IP=$(gcloud compute addresses describe web-ip --global --format 'value(address)')" > "$state""#)
        try repo.write(".stubs/gcloud", "#!/usr/bin/env bash\n[[ $* == *describe* ]] && { echo 203.0.113.7; exit 0; }\necho \"gcloud $*\"\n", executable: true)
        try repo.commitAll("stubs")
        let env = ["PATH": repo.url(".stubs").path + ":/usr/bin:/bin"]
        func run() throws -> String {
            var out = ""
            for task in ["010-ip", "020-dns"] {
                let r = try Run.command("/bin/bash", ["ai/infra/tasks/\(task).sh"], cwd: repo.root, env: env)
                #expect(r.status == 0, "\(task): \(r.stderr)")
                if task == "020-dns" { out += r.stdout }  // 010's create may gain a rerun guard
            }
            return out
        }
        let before = try run()
        #expect(before.contains("--rrdatas 203.0.113.7"))
        try? FileManager.default.removeItem(at: repo.url("ai/infra/.state"))
        let plan = try repo.plan()
        _ = try PlanWriter.apply(plan.operations, root: repo.root)
        #expect(try run() == before)
        try? FileManager.default.removeItem(at: repo.url("ai/infra/.state"))
        let entry = try #require(repo.read("ai/infra/init.sh"))
        #expect(entry.contains("REQUIRED_ENV=()"), "\(entry.split(separator: "\n").filter { $0.contains("REQUIRED_ENV=") })")
        let full = try Run.command("/bin/bash", ["ai/infra/init.sh"], cwd: repo.root, env: env)
        #expect(full.status == 0, "\(full.stdout)\n\(full.stderr)")
    }
}
