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
}
