import Foundation
import Testing
@testable import InfraEngine

/// Tasks that anchor themselves to the repository with `git rev-parse --show-toplevel`
/// run in the rehearsal's copy as they do in a checkout: the copy is an (empty) repository.
@Suite(.serialized)
struct RepositoryAnchorTests {
    static let ready: Bool = {
        guard case .success = Rehearser.ready() else { return false }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/git")
    }()

    @Test(.enabled(if: ready, "needs bubblewrap, the doubles and git"))
    func gitTopLevelNamesTheCopy() throws {
        let rehearser = try Rehearser.ready().get()
        let area = try RehearsalArea()
        defer { area.remove() }
        let task = """
            #!/usr/bin/env bash
            set -euo pipefail
            ROOT="$(git rev-parse --show-toplevel)"
            kubectl apply -f "$ROOT/ai/infra/ns.yaml"

            """
        area.lay(RepoSnapshot(files: ["ai/infra/tasks/010-a.sh": RepoFile(text: task),
                                      "ai/infra/ns.yaml": RepoFile(text: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n")]))
        try area.install(rehearser.doubles)
        let runs = rehearser.rehearse([.script("ai/infra/tasks/010-a.sh")], in: area, environment: [:])
        #expect(runs.count == 2 && runs.allSatisfy(\.passed), "\(runs.map { $0.firstError ?? "" })")
    }

    @Test func anEmptyRepositoryIsLaidOnlyWhereThereIsNone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("anchor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        RehearsalArea.layEmptyRepository(at: root)
        let head = root.appendingPathComponent(".git/HEAD")
        #expect(try String(contentsOf: head, encoding: .utf8) == "ref: refs/heads/main\n")
        try Data("ref: refs/heads/keep\n".utf8).write(to: head)
        RehearsalArea.layEmptyRepository(at: root)
        #expect(try String(contentsOf: head, encoding: .utf8) == "ref: refs/heads/keep\n")
    }
}
