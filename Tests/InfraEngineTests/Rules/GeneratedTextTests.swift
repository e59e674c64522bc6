import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// What generated files say is true of the tree: the runbook lists the tools the tasks call
/// (local clusters and git included), the "no runbook" finding sits on the README, and a new
/// kustomization mentions rendering placeholders only when the layer has some.
@Suite struct GeneratedTextTests {
    static func task(_ body: String) -> String { "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n" }

    @Test func runbookToolsAndTheFindingsAnchor() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/010-cluster.sh", Self.task("ROOT=\"$(git rev-parse --show-toplevel)\"\nkind get clusters | grep -qx dev || kind create cluster --name dev --config \"$ROOT/ops/kind.yaml\""), executable: true)
        try repo.write("CONTRIBUTING.md", "# Contributing\n\nOpen a pull request.\n")
        try repo.write("README.md", "# dev\n")
        try repo.commitAll("kind")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        let runbook = try #require(plan.operations.first { $0.id == "docs-runbook" }).patch
        #expect(runbook.contains("+Tools on `PATH`: `kind`, `git`."), "\(runbook)")
        let missing = try #require(plan.findings.first { $0.message.contains("there is no runbook") })
        #expect(missing.file == "README.md")
    }

    @Test func kustomizationCommentFollowsPlaceholders() {
        let plain = ManifestTemplates.kustomization(root: "ops/manifests", resources: ["a.yaml"], namespace: nil, placeholders: false)
        #expect(!plain.contains("envsubst") && plain.hasPrefix("# The edge slice as one unit: `kubectl kustomize ops/manifests` builds it offline.\n"))
        let rendered = ManifestTemplates.kustomization(root: "ops/manifests", resources: ["a.yaml"], namespace: nil, placeholders: true)
        #expect(rendered.contains("envsubst"))
    }

    /// A switch the task sets itself before reading it (`DRY_RUN=0`, then an option sets it)
    /// takes nothing from the environment: the runbook does not list it as an input.
    @Test func switchesTheTaskSetsItselfAreNotInputs() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/010-net.sh", Self.task("""
            DRY_RUN=0
            [ "${1:-}" = --dry-run ] && DRY_RUN=1
            run() { if [[ $DRY_RUN == 1 ]]; then echo "+ $*"; else "$@"; fi; }
            run kubectl apply -f net.yaml
            """), executable: true)
        try repo.commitAll("switch")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops"))
        let runbook = try #require(plan.operations.first { $0.id == "docs-runbook" }).patch
        #expect(!runbook.contains("`DRY_RUN`"), "\(runbook)")
    }
}
