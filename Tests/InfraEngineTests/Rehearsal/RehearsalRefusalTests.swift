import Foundation
import PatchKit
import Testing
@testable import InfraEngine

/// The wrong fixes seen on real scaffolding, each fed as a person's edit: every one passes
/// bash -n, and every one is refused by the `rehearsal` check, which ran the script before
/// and after the edit. A right fix of the same script is accepted.
@Suite(.serialized)
struct RehearsalRefusalTests {
    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    /// A repository with one library and the given task; returns it and a stand-in
    /// operation to edit.
    func repo(task path: String, _ text: String, extra: [String: String] = [:]) throws -> (TestRepo, [InfraEngine.Operation]) {
        let repo = try TestRepo(fixture: nil, git: true)
        try repo.write("ai/infra/lib/common.sh", """
            # shellcheck shell=bash
            die() { echo "error: $*" >&2; exit 1; }
            log() { echo "[$(basename "$0")] $*"; }

            """)
        try repo.write(path, text, executable: true)
        for (p, t) in extra { try repo.write(p, t, executable: p.hasSuffix(".sh")) }
        try repo.commitAll("scaffolding")
        let op = InfraEngine.Operation(
            ops: OpsBlock(id: "person-edit", title: "A person's edit", group: .local, risk: .low, preconditions: [],
                          commands: [], expectedOutputs: [], rollback: ["git revert"]),
            rule: "edit", rationale: "", findings: [], files: [], patch: "", baseline: [])
        return (repo, [op])
    }

    func edit(_ repo: TestRepo, _ ops: [InfraEngine.Operation], path: String, _ change: (String) -> String) async -> Result<InfraEngine.Operation, EngineError> {
        let old = repo.read(path) ?? ""
        let patch = UnifiedDiff.render(UnifiedDiff.filePatch(path: path, old: old, new: change(old), oldMode: .executable, newMode: .executable))
        return await EditCheck.patch(patch, id: "person-edit", operations: ops, root: repo.root, infraDir: "ai/infra")
    }

    func expectRefused(_ result: Result<InfraEngine.Operation, EngineError>, _ words: String...) {
        guard case .failure(let error) = result else { Issue.record("the wrong fix was accepted: \(String(decoding: RehearsalJSON.encode((try? result.get())?.rehearsal), as: UTF8.self))"); return }
        #expect(error.message.contains("(rehearsal)"), "\(error.message)")
        for word in words { #expect(error.message.contains(word), "\(word): \(error.message)") }
    }

    static let network = """
        #!/usr/bin/env bash
        set -euo pipefail
        source "$(dirname "$0")/../lib/common.sh"
        : "${NET_REGION:=europe-west1}"
        : "${SHOP_PROJECT:?set SHOP_PROJECT}"
        if ! gcloud compute networks describe shop-net --project "$SHOP_PROJECT" >/dev/null 2>&1; then
          gcloud compute networks create shop-net --subnet-mode=custom --project "$SHOP_PROJECT"
        fi
        log "network ready in $NET_REGION"

        """

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func aRequireGuardAboveTheScriptsOwnDefaultIsRefused() async throws {
        let (repo, ops) = try repo(task: "ai/infra/tasks/010-network.sh", Self.network)
        let result = await edit(repo, ops, path: "ai/infra/tasks/010-network.sh") {
            $0.replacingOccurrences(of: ": \"${NET_REGION:=europe-west1}\"", with: ": \"${NET_REGION:?}\"\n: \"${NET_REGION:=europe-west1}\"")
        }
        expectRefused(result, "NET_REGION", "passed before")
    }

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func aFileGuardOnAURLIsRefused() async throws {
        let text = """
            #!/usr/bin/env bash
            set -eu
            . "$(dirname "$0")/../lib/common.sh"
            MANIFEST_URL="https://example.org/releases/v1.2/install.yaml"
            kubectl apply -f "$MANIFEST_URL"

            """
        let (repo, ops) = try repo(task: "ai/infra/tasks/030-operator.sh", text)
        let result = await edit(repo, ops, path: "ai/infra/tasks/030-operator.sh") {
            $0.replacingOccurrences(of: "kubectl apply", with: "[ -f \"$MANIFEST_URL\" ] || die \"missing $MANIFEST_URL\"\nkubectl apply")
        }
        expectRefused(result, "missing https://example.org")
    }

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func aGuardCallingAHelperBeforeItsLibraryIsSourcedIsRefused() async throws {
        let (repo, ops) = try repo(task: "ai/infra/tasks/010-network.sh", Self.network)
        let result = await edit(repo, ops, path: "ai/infra/tasks/010-network.sh") {
            $0.replacingOccurrences(of: "source \"$(dirname", with: "[ -n \"${NET_REGION:-}\" ] || die \"NET_REGION is required\"\nsource \"$(dirname")
        }
        expectRefused(result, "die")
    }

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func aScriptReplacedByAStubIsRefused() async throws {
        let runner = """
            #!/usr/bin/env bash
            # Runs every task in order.
            set -euo pipefail
            cd "$(dirname "$0")"
            for t in tasks/[0-9]*.sh; do bash "$t"; done
            kubectl create namespace storefront
            kubectl apply -n storefront -f manifests/

            """
        let (repo, ops) = try repo(task: "ai/infra/tasks/010-network.sh", Self.network, extra: [
            "ai/infra/deploy.sh": runner,
            "ai/infra/manifests/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: storefront\ndata:\n  a: b\n",
        ])
        let result = await edit(repo, ops, path: "ai/infra/deploy.sh") { _ in
            "#!/usr/bin/env bash\nexec \"$(dirname \"$0\")/init.sh\" \"$@\"\n"
        }
        expectRefused(result, "ai/infra/deploy.sh")
    }

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"))
    func aRightFixOfTheSameScriptIsAccepted() async throws {
        let text = Self.network.replacingOccurrences(
            of: "if ! gcloud compute networks describe shop-net --project \"$SHOP_PROJECT\" >/dev/null 2>&1; then\n  gcloud compute networks create shop-net --subnet-mode=custom --project \"$SHOP_PROJECT\"\nfi",
            with: "gcloud compute networks create shop-net --subnet-mode=custom --project \"$SHOP_PROJECT\"")
        let (repo, ops) = try repo(task: "ai/infra/tasks/010-network.sh", text)
        let result = await edit(repo, ops, path: "ai/infra/tasks/010-network.sh") { _ in Self.network }
        guard case .success(let op) = result else { Issue.record("a right fix was refused: \(result)"); return }
        let check = try #require(op.validation.first { $0.check == "rehearsal" })
        #expect(check.status == .passed, "\(check.detail)")
        #expect(op.rehearsal?.verdict == .passed)
        #expect(op.rehearsal?.scripts.first?.before.first { $0.run == 2 }?.passed == false)
        #expect(op.rehearsal?.scripts.first?.after.first { $0.run == 2 }?.passed == true)
    }
}
