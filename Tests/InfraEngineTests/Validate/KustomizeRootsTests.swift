import Foundation
import Testing
@testable import InfraEngine

@Suite struct KustomizeRootsTests {
    func op(_ paths: [String]) -> InfraEngine.Operation {
        let ops = OpsBlock(id: "x", title: "x", group: .local, risk: .low, dependsOn: [], preconditions: [], commands: [],
                           expectedOutputs: [], rollback: [])
        return InfraEngine.Operation(ops: ops, rule: "t", rationale: "", findings: [],
                                     files: paths.map { FileTouch(path: $0, change: .modify) }, patch: "", baseline: [])
    }

    @Test func theOutermostKustomizationBuildsANestedChange() {
        let folders: Set<String> = ["ai/infra/manifests", "ai/infra/manifests/edge"]
        #expect(KustomizeCheck.roots(op(["ai/infra/manifests/edge/route.yaml"]), folders: folders) == ["ai/infra/manifests"])
        #expect(KustomizeCheck.roots(op(["ai/infra/tasks/010.sh", "other/x.yaml"]), folders: folders).isEmpty)
        #expect(KustomizeCheck.roots(op(["x.yaml"]), folders: [""]) == [""])
    }

    @Test func foldersFollowAddedAndDeletedKustomizations() {
        var tree = RepoSnapshot()
        tree.write("m/kustomization.yaml", RepoFile(text: "resources: []\n"))
        var folders = KustomizeCheck.folders(in: tree)
        #expect(folders == ["m"])
        tree.write("m/n/Kustomization", RepoFile(text: "resources: []\n"))
        KustomizeCheck.update(&folders, ["m/n/Kustomization"], in: tree)
        #expect(folders == ["m", "m/n"])
        tree.delete("m/kustomization.yaml")
        KustomizeCheck.update(&folders, ["m/kustomization.yaml"], in: tree)
        #expect(folders == ["m/n"])
    }
}

@Suite struct ByteSearchTests {
    @Test(arguments: [
        ("a Bearer token", "bearer", true, true), ("a Bearer token", "bearer", false, false),
        ("xx", "xxx", false, false), ("", "a", false, false), ("abc", "", false, true),
        ("naïve ghp_abc", "ghp_", false, true), ("REPLACE_ME", "REPLACE_ME", false, true),
    ])
    func contains(text: String, needle: String, ignoringCase: Bool, expected: Bool) {
        #expect(ByteSearch.contains(text, needle, ignoringASCIICase: ignoringCase) == expected)
    }

    @Test func gitIgnoreOfAnEmptyPathIsNoCrash() {
        #expect(!GitIgnore(text: "/secrets/\n*.key\n").covers(""))
        #expect(GitIgnore(text: "/secrets/\n*.key\n").covers("secrets/a.json"))
    }
}
