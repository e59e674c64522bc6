import Foundation
import Testing
@testable import InfraEngine

/// What a caller-relative path finding says, planned in memory on a layout unlike case 10: a
/// library under `ai/infra/helpers`, a copy one folder up, a wrapper, a doc under `docs/`.
@Suite struct CallerFolderMessagesTests {
    static let files: [String: String] = [
        "ai/infra/helpers/net.sh": "# shellcheck shell=bash\nsay() { echo \"$*\"; }\nkc() { kubectl --context \"${KUBE_CONTEXT:-dev}\" \"$@\"; }\n",
        "ai/helpers/net.sh": "# shellcheck shell=bash\nsay() { echo \"$*\"; }\nkc() { kubectl \"$@\"; }\n",
        "ai/infra/k8s/app.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n",
        "ai/infra/tasks/010-app.sh": "#!/usr/bin/env bash\nset -euo pipefail\nsource helpers/net.sh\nsay start\nkc apply -f k8s/app.yaml\n",
        "docs/setup.md": "# Setup\n\nFrom the repository root:\n\n    ./ai/infra/tasks/010-app.sh\n",
    ]

    static func plan() throws -> Plan {
        let snapshot = RepoSnapshot(files: files.mapValues { RepoFile(text: $0, mode: $0.hasPrefix("#!") ? .executable : .regular) })
        return try Planner.plan(snapshot: snapshot, repo: "/nonexistent")
    }

    @Test func eachPathOnceWithItsFoldersTheDocumentedRunAndTheCommandAsWritten() throws {
        let plan = try Self.plan()
        let caller = plan.findings.filter { $0.rule == "caller-folder-paths" }
        #expect(caller.map(\.location) == ["ai/infra/tasks/010-app.sh:3", "ai/infra/tasks/010-app.sh:5"])
        #expect(!plan.findings.contains { $0.rule == "missing-files" && $0.file == "ai/infra/tasks/010-app.sh" },
                "\(plan.findings.map { "\($0.location) \($0.message)" })")
        let source = try #require(caller.first)
        // Two folders have a helpers/net.sh: both are named, the nearest is the file meant.
        #expect(source.message.contains("it finds ai/infra/helpers/net.sh only when run from ai or ai/infra;"), "\(source.message)")
        #expect(source.message.contains("docs/setup.md:5 runs the task from the repository root (`./ai/infra/tasks/010-app.sh`)"))
        #expect(source.message.contains("bash stops the task with \"No such file or directory\""))
        let apply = caller[1]
        #expect(apply.message.hasPrefix("`kc apply -f k8s/app.yaml` is resolved"), "\(apply.message)")
        #expect(apply.message.contains("kubectl finds no such path"))
        for f in caller { #expect(f.operation != nil, "\(f.location) names the operation that anchors it") }
    }

    /// Scripts run by a relative path are the same kind: one caller-folder finding each (not
    /// a missing file as well), and the fix anchors the word, the command word included.
    @Test func scriptsRunByARelativePath() throws {
        let files = [
            "ai/infra/scripts/seed.sh": "#!/usr/bin/env bash\necho seeded\n",
            "ai/infra/tasks/020-seed.sh": "#!/usr/bin/env bash\nset -euo pipefail\nbash scripts/seed.sh --fast\n./scripts/seed.sh\n",
        ]
        let snapshot = RepoSnapshot(files: files.mapValues { RepoFile(text: $0, mode: .executable) })
        let reality = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
        let findings = CallerFolderPathsRule().findings(in: reality)
        #expect(findings.map(\.location) == ["ai/infra/tasks/020-seed.sh:3", "ai/infra/tasks/020-seed.sh:4"])
        #expect(findings.first?.message.hasPrefix("`bash scripts/seed.sh --fast` is resolved") == true)
        #expect(findings.first?.message.contains("only when run from ai/infra;") == true)
        #expect(MissingFilesRule().findings(in: reality).isEmpty)
        let drafts = CallerFolderPathsRule().operations(in: RuleContext(reality: reality, queued: [:]))
        let text = try #require(written(drafts, "ai/infra/tasks/020-seed.sh"))
        #expect(text.hasSuffix("bash \"$(dirname \"${BASH_SOURCE[0]}\")/../scripts/seed.sh\" --fast\n"
            + "\"$(dirname \"${BASH_SOURCE[0]}\")/../scripts/seed.sh\"\n"), "\(text)")
    }
}
