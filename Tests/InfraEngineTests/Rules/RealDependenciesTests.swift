import Foundation
import Testing
import PatchKit
@testable import InfraEngine

/// An operation depends on another only when its patch really needs it first (issue 13,
/// item 7): sharing a file is not enough.
@Suite struct RealDependenciesTests {
    static let body = (1...12).map { "echo step \($0)" }
    static let original = (["#!/usr/bin/env bash", "set -euo pipefail"] + body + ["kubectl create namespace web"]).joined(separator: "\n") + "\n"

    /// `before` -> `after` of `t.sh` as a patch, and the history that says `dep` wrote `before` over `original`.
    static func check(dep depAfter: String, op opAfter: String, extra: [String: (String?, String)] = [:]) -> Bool {
        var depPatches = [UnifiedDiff.filePatch(path: "t.sh", old: original, new: depAfter, oldMode: .executable, newMode: .executable)]
        for (path, change) in extra {
            depPatches.append(UnifiedDiff.filePatch(path: path, old: change.0, new: change.1, oldMode: change.0 == nil ? nil : .regular, newMode: .regular))
        }
        let op = UnifiedDiff.filePatch(path: "t.sh", old: depAfter, new: opAfter, oldMode: .executable, newMode: .executable)
        let history = ["t.sh": [RealDependencies.Write(writer: "dep", before: RepoFile(text: original, mode: .executable))]]
        var added: [String: RealDependencies.Added] = [:]
        var ours: RealDependencies.Added?
        return RealDependencies.needs("dep", dependencyPatch: UnifiedDiff.render(depPatches), patches: [op], plainWrites: ["t.sh"],
                                      history: history, added: &added, ours: &ours)
    }

    static func replacing(_ text: String, _ old: String, _ new: String) -> String { text.replacingOccurrences(of: old, with: new) }

    @Test func aPatchFarFromTheEarlierChangeDoesNotNeedIt() {
        let sourced = Self.replacing(Self.original, "set -euo pipefail\n", "set -euo pipefail\nsource \"$(dirname \"$0\")/lib.sh\"\n")
        let guarded = Self.replacing(sourced, "kubectl create namespace web", "kubectl create namespace web --dry-run=client -o yaml | kubectl apply -f -")
        #expect(!Self.check(dep: sourced, op: guarded))
    }

    @Test func aPatchWhoseContextIsTheEarlierChangeNeedsIt() {
        let dep = Self.replacing(Self.original, "echo step 12\n", "echo step 12\necho ready\n")
        let op = Self.replacing(dep, "kubectl create namespace web", "kubectl apply -f web.yaml")
        #expect(Self.check(dep: dep, op: op))
    }

    @Test func aHelperTheEarlierOperationBringsIsNeeded() {
        let sourced = Self.replacing(Self.original, "set -euo pipefail\n", "set -euo pipefail\nsource \"$(dirname \"$0\")/lib.sh\"\n")
        let dies = Self.replacing(sourced, "kubectl create namespace web", "kubectl get ns web || die \"no namespace web\"")
        #expect(Self.check(dep: sourced, op: dies), "die comes from the library the earlier operation sources")
        let defined = Self.replacing(Self.original, "set -euo pipefail\n", "set -euo pipefail\nensure_ns() { kubectl get ns \"$1\"; }\n")
        let calls = Self.replacing(defined, "kubectl create namespace web", "ensure_ns web")
        #expect(Self.check(dep: defined, op: calls))
        let setsVar = Self.replacing(Self.original, "set -euo pipefail\n", "set -euo pipefail\nNS=\"${NS:-web}\"\n")
        let readsVar = Self.replacing(setsVar, "kubectl create namespace web", "kubectl apply -n \"$NS\" -f web.yaml")
        #expect(Self.check(dep: setsVar, op: readsVar))
    }

    /// A failed operation names what it holds back: only what depends on it, through others too.
    @Test func aFailedOperationSaysWhatItBlocks() throws {
        let c = try CaseRepo("11-task-without-shebang")
        var plan = try c.plan()
        let helpers = try #require(plan.operations.firstIndex { $0.id == SharedHelpersRule.operationID })
        plan.operations[helpers].validation = [.init(check: "shellcheck", status: .failed, detail: "SC2148")]
        let text = PlanText.summary(plan)
        let blocks = text.split(separator: "\n").first { $0.contains("blocks:") }.map(String.init) ?? ""
        // The entrypoint keeps its own log/die and sources no library here (none exists), so it
        // does not wait for the helpers operation; the guard of 030-agent, built on it, does.
        #expect(blocks.contains("rerun-guard-030-agent"), "\(text)")
        #expect(!blocks.contains("entrypoint-canonical-init") && !blocks.contains("docs-runbook"), "\(blocks)")
        #expect(!blocks.contains("rerun-guard-010-network") && !blocks.contains(ShebangFix.operationID), "\(blocks)")
    }

    /// End to end: tasks without a shebang; the re-run guards far from the top stand alone.
    @Test func theShebangAndTheHelpersBlockNoGuardTheyDoNotTouch() throws {
        let repo = try TestRepo(fixture: nil)
        let task = "# ---- the network ----\n" + Self.body.joined(separator: "\n") + "\nkubectl create namespace net\n"
        try repo.write("infra/tasks/10_net.sh", task)
        try repo.commitAll("task")
        let plan = try KeepKindTests.plan(repo)
        let guardOp = try #require(plan.operations.first { $0.rule == "rerun" })
        #expect(guardOp.dependsOn.isEmpty, "\(guardOp.dependsOn)")
        #expect(plan.operation(ShebangFix.operationID)?.dependsOn.isEmpty == true)
        _ = try PlanWriter.apply([guardOp], root: repo.root)
        #expect(repo.read("infra/tasks/10_net.sh") == task.replacingOccurrences(
            of: "kubectl create namespace net", with: "kubectl create namespace net --dry-run=client -o yaml | kubectl apply -f -"))
    }
}
