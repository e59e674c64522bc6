import Foundation
import Testing
@testable import InfraEngine

/// A create that names more than one resource (brk9 19-probes, 020-glue): a describe checks
/// one name, so `if ! describe A; then create A B C; fi` skips B and C whenever A exists, and
/// a second run after a partial first one never makes them. Such a create is reported with
/// no patch; a create of one name is still guarded.
@Suite struct MultiNameCreatesTests {
    struct Row: Sendable, CustomStringConvertible {
        let line: String
        /// Whether the line names several resources (reported, left as written).
        let several: Bool
        var description: String { line }
    }

    static let rows: [Row] = [
        // Several names: the tester's shape, plain names, a name after a flag's value, an
        // array, a list from a command, and through a wrapper.
        Row(line: "gcloud pubsub topics create \"$A\" \"$B\" \"$C\" --project \"$PROJECT_ID\"", several: true),
        Row(line: "gcloud compute instances create vm-1 vm-2 --zone europe-west1-b", several: true),
        Row(line: "gcloud compute addresses create ip-a --region europe-west1 ip-b", several: true),
        Row(line: "gcloud compute addresses create ip-a --global ip-b", several: true),
        Row(line: "gcloud pubsub topics create \"${TOPICS[@]}\" --project \"$PROJECT_ID\"", several: true),
        Row(line: "gcloud compute disks create $(cat disks.txt) --zone europe-west1-b", several: true),
        Row(line: "g pubsub topics create orders payments", several: true),
        // One name: guarded as before, whatever the flags around it.
        Row(line: "gcloud pubsub topics create \"$A\" --project \"$PROJECT_ID\"", several: false),
        Row(line: "gcloud pubsub subscriptions create sub-a --topic orders --project=\"$PROJECT_ID\"", several: false),
        Row(line: "gcloud compute addresses create ip-a --global --project \"$PROJECT_ID\"", several: false),
        Row(line: "gcloud sql databases create app -i main-db --project \"$PROJECT_ID\"", several: false),
        Row(line: "gcloud container clusters create shop --enable-ip-alias --num-nodes 3 --zone europe-west1-b", several: false),
        Row(line: "g pubsub topics create orders", several: false),
    ]

    static func repo(_ line: String) throws -> TestRepo {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-create.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            g() { gcloud --project "$PROJECT_ID" "$@"; }
            \(line)
            mkdir "$STATE/made"

            """, executable: true)
        return repo
    }

    @Test(arguments: rows)
    func aCreateOfSeveralNamesIsReportedNotGuarded(_ row: Row) throws {
        let (findings, drafts, _) = try ruleRun(RerunSafetyRule(), on: Self.repo(row.line))
        let finding = try #require(findings.first { $0.line == 4 && $0.id.contains(":unguarded-") }, "\(findings.map(\.message))")
        let text = try #require(written(drafts, "ai/infra/tasks/010-create.sh"), "the mkdir is still fixed")
        #expect(text.contains("mkdir -p \"$STATE/made\""))
        if row.several {
            #expect(finding.message.contains("names several resources") && finding.message.contains("no safe rewrite"), "\(finding.message)")
            // The line stays exactly as written, with nothing around it.
            #expect(text.contains("g() { gcloud --project \"$PROJECT_ID\" \"$@\"; }\n\(row.line)\nmkdir -p"), "\(text)")
            #expect(!text.contains(" describe "), "\(text)")
            #expect(drafts.first?.findings.contains(finding.id) == false)
        } else {
            #expect(!finding.message.contains("several"), "\(finding.message)")
            #expect(text.contains("if ! ") && text.contains(" describe ") && text.contains("  \(row.line)\nfi\n"), "\(text)")
            #expect(drafts.first?.findings.contains(finding.id) == true)
        }
    }

    /// kubectl: several `-f` files in one create become one `kubectl apply` of all of them,
    /// which is idempotent for each; no lookup of one name is involved.
    @Test func kubectlCreateOfSeveralFilesBecomesOneApply() throws {
        let (_, drafts, _) = try ruleRun(RerunSafetyRule(), on: Self.repo("kubectl create -f ns.yaml -f app.yaml"))
        let text = try #require(written(drafts, "ai/infra/tasks/010-create.sh"))
        #expect(text.contains("\nkubectl apply -f ns.yaml -f app.yaml\n"), "\(text)")
    }

    /// The behaviour, run with bash against a stub gcloud that keeps the topics it makes
    /// (like gcloud, a create of several makes the missing ones and fails for those there).
    /// Topic A is left from a partial first run: the original makes B and stops; the patched
    /// task does the same; the guard on A alone (what the rule wrote before) skips B.
    @Test func thePatchedTaskStillMakesTheOtherTopics() throws {
        let line = "gcloud pubsub topics create \"$A\" \"$B\" --project p"
        let repo = try Self.repo(line)
        let original = try #require(repo.read("ai/infra/tasks/010-create.sh"))
        let (_, drafts, _) = try ruleRun(RerunSafetyRule(), on: repo)
        let patched = try #require(written(drafts, "ai/infra/tasks/010-create.sh"))
        let guardOnA = original.replacingOccurrences(of: line + "\n",
            with: "if ! gcloud pubsub topics describe \"$A\" --project p >/dev/null 2>&1; then\n  \(line)\nfi\n")
        try repo.write(".stubs/gcloud", """
            #!/usr/bin/env bash
            verb=$3; shift 3; failed=0
            for a in "$@"; do
              case "$a" in --project) break;; esac
              if [ "$verb" = describe ]; then [ -f "$STATE/$a" ] || exit 1
              elif [ -f "$STATE/$a" ]; then echo "ALREADY_EXISTS: $a" >&2; failed=1
              else touch "$STATE/$a"; echo "created $a"; fi
            done
            exit $failed

            """, executable: true)
        func run(_ text: String) throws -> (status: Int32, stdout: String, madeB: Bool) {
            let state = repo.root.appendingPathComponent(".state")
            try? FileManager.default.removeItem(at: state)
            try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: state.appendingPathComponent("topic-a").path, contents: Data())
            try repo.write("ai/infra/tasks/010-create.sh", text, executable: true)
            let r = try Run.command("/bin/bash", ["ai/infra/tasks/010-create.sh"], cwd: repo.root,
                                    env: ["PATH": repo.url(".stubs").path + ":/usr/bin:/bin", "STATE": state.path,
                                          "A": "topic-a", "B": "topic-b", "PROJECT_ID": "p"])
            return (r.status, r.stdout, FileManager.default.fileExists(atPath: state.appendingPathComponent("topic-b").path))
        }
        let before = try run(original)
        let after = try run(patched)
        let guarded = try run(guardOnA)
        #expect(before.madeB && before.status != 0, "\(before)")
        #expect(after.status == before.status && after.stdout == before.stdout && after.madeB, "\(after)")
        #expect(!guarded.madeB && guarded.status == 0, "the check is not vacuous: \(guarded)")
    }
}
