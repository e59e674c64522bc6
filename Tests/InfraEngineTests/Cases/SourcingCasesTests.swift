import Foundation
import Testing
@testable import InfraEngine

/// Cases 07, 09 and 10: following what tasks source, library shell options, and paths that
/// depend on the caller's folder.
@Suite struct SourcingCasesTests {
    @Test func case07SiblingLibraryAndEnvFileAreFollowed() throws {
        let c = try CaseRepo("07-sibling-helper-file")
        let reality = try c.reality()
        for task in reality.tasks {
            #expect(SourceGraph.closure(of: task, in: reality).map(\.path) == ["deploy/env.sh"], "\(task.path)")
            let vars = ScriptVariables.of(task, in: reality)
            for name in ["PROJECT", "LOCATION", "RELEASE"] { #expect(vars.loaded[name]?.origin == .template(".env.sample")) }
            #expect(vars.provided["IMAGE_URI"] != nil && vars.provided["CLUSTER"] != nil)
        }
        #expect(try c.run(VariablesRule()).findings.isEmpty)
        let required = RequiredEnvironment.required(in: reality)
        #expect(Set(required).isDisjoint(with: ["PROJECT", "LOCATION", "RELEASE", "IMAGE_URI", "CLUSTER", "REPO_ROOT"]), "\(required)")
        #expect(try c.run(CallerFolderPathsRule()).findings.isEmpty)
        try c.copy(".env.sample", ".env")
        let r = try c.twice("for t in deploy/[0-9]*.sh; do bash \"$t\" || exit 1; done")
        #expect(twiceClean(r), "\(r.stdout)\(r.stderr)")
    }

    @Test func case09StrictModeLeavesTheLibrary() throws {
        let c = try CaseRepo("09-strict-mode-in-sourced-lib")
        let (findings, drafts) = try c.run(LibraryShellOptionsRule())
        #expect(findings.map { "\($0.file):\($0.line)" } == ["ai/infra/lib/shell.sh:3"])
        #expect(findings.first?.message.contains("ai/infra/README.md:9") == true)
        #expect(findings.first?.message.contains("errexit, nounset, pipefail") == true)
        // Tasks set strict mode themselves: only the library changes.
        #expect(drafts.map { $0.edits.keys.sorted() } == [["ai/infra/lib/shell.sh"]])
        let lib = try #require(written(drafts, "ai/infra/lib/shell.sh"))
        #expect(!lib.contains("set -o") && lib.contains("cluster_login()") && lib.contains("halt()"))
        try c.write(drafts)
        let still = try Run.command("/bin/bash", ["-c", "source ai/infra/lib/shell.sh; false; echo still-here"], cwd: c.root)
        #expect(still.stdout.contains("still-here"))
        let unset = try Run.command("/bin/bash", ["-c", "source ai/infra/lib/shell.sh; echo \"[$UNSET_THING]\"; echo ok"], cwd: c.root)
        #expect(unset.stdout == "[]\nok\n")
        let stops = try c.twice("bash ai/infra/tasks/020-namespaces.sh", ["STUB_FAIL": "create namespace analytics"], once: true)
        #expect(!stops.stdout.contains("run1 rc=0"), "\(stops.stdout)")
        let r = try c.twice("for t in ai/infra/tasks/[0-9]*.sh; do bash \"$t\" || exit 1; done",
                            ["ANALYTICS_PROJECT": "demo-project", "ANALYTICS_REGION": "us-central1"])
        #expect(twiceClean(r), "\(r.stdout)\(r.stderr)")
    }

    @Test func case10PathsFromTheCallersFolder() throws {
        let c = try CaseRepo("10-source-relative-to-cwd")
        let (findings, drafts) = try c.run(CallerFolderPathsRule())
        #expect(findings.map { "\($0.file):\($0.line)" }.sorted() == [
            "ai/infra/tasks/010-network.sh:4", "ai/infra/tasks/020-cluster.sh:4", "ai/infra/tasks/030-apps.sh:4", "ai/infra/tasks/030-apps.sh:6",
        ])
        #expect(findings.allSatisfy { $0.message.contains("caller's working folder") })
        let apps = try #require(written(drafts, "ai/infra/tasks/030-apps.sh"))
        #expect(apps.contains("source \"$(dirname \"${BASH_SOURCE[0]}\")/../lib/fleet.sh\"\n"))
        #expect(apps.contains("kubectl apply -k \"$(dirname \"${BASH_SOURCE[0]}\")/../manifests/apps\"\n"))
        #expect(written(drafts, "ai/infra/tasks/020-cluster.sh")?.contains(". \"$(dirname \"${BASH_SOURCE[0]}\")/../lib/fleet.sh\"\n") == true)
        // Validation through the library's check_env counts even while the path is caller-relative.
        #expect(try c.run(VariablesRule()).findings.isEmpty)
        try c.write(drafts)
        let root = c.root.path
        let all = "bash \(root)/ai/infra/tasks/010-network.sh && bash \(root)/ai/infra/tasks/020-cluster.sh && bash \(root)/ai/infra/tasks/030-apps.sh"
        for folder in [".", "ai/infra", "/tmp"] {
            var args = [CaseRepo.stubs.appendingPathComponent("twice.sh").path]
            args += [folder == "/tmp" ? "/tmp" : c.root.appendingPathComponent(folder).path, all, "FLEET_PROJECT=demo-project", "FLEET_ZONE=us-west1-b"]
            let r = try Run.command("/bin/bash", args)
            #expect(twiceClean(r), "\(folder): \(r.stdout)\(r.stderr)")
        }
    }
}

/// Case 10 planned whole: one finding per path problem, each naming the folders it resolves
/// from, the documented run that fails, the command as written and the operation that fixes it.
@Suite struct CallerFolderMessagesCaseTests {
    @Test func case10SaysWhereEachPathWorksAndWhatFixesIt() throws {
        let c = try CaseRepo("10-source-relative-to-cwd")
        let plan = try c.plan()
        let byLine = Dictionary(grouping: plan.findings.filter { $0.file.hasPrefix("ai/infra/tasks/") && $0.line > 1 }) { $0.location }
        let caller = plan.findings.filter { $0.rule == "caller-folder-paths" }
        #expect(caller.map(\.location) == ["ai/infra/tasks/010-network.sh:4", "ai/infra/tasks/020-cluster.sh:4",
                                           "ai/infra/tasks/030-apps.sh:4", "ai/infra/tasks/030-apps.sh:6"])
        // No second finding calling the same path missing.
        #expect(!plan.findings.contains { $0.rule == "missing-files" }, "\(byLine)")
        let m = Dictionary(uniqueKeysWithValues: caller.map { ($0.location, $0) })
        #expect(m["ai/infra/tasks/010-network.sh:4"]?.message.contains("`source lib/fleet.sh` is resolved against the caller's working folder") == true)
        #expect(m["ai/infra/tasks/010-network.sh:4"]?.message.contains("only when run from ai/infra;") == true)
        #expect(m["ai/infra/tasks/020-cluster.sh:4"]?.message.contains("only when run from ai/infra/tasks;") == true)
        #expect(m["ai/infra/tasks/010-network.sh:4"]?.message.contains("README.md:9 runs the task from the repository root (`bash ai/infra/tasks/010-network.sh`)") == true)
        #expect(m["ai/infra/tasks/030-apps.sh:6"]?.message.contains("`kubectl apply -k manifests/apps`") == true)
        // The normalised source line of the helpers operation anchors the library paths.
        for line in ["010-network.sh:4", "020-cluster.sh:4", "030-apps.sh:4"] {
            #expect(m["ai/infra/tasks/\(line)"]?.operation == SharedHelpersRule.operationID, "\(line)")
        }
        #expect(m["ai/infra/tasks/030-apps.sh:6"]?.operation == "caller-folder-paths-030-apps")
    }
}
