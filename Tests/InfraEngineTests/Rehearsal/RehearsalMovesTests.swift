import Foundation
import Testing
import TestDoubles
@testable import InfraEngine

/// A resource a fix makes in another namespace is a move, reported and not refused; a
/// resource that is simply gone, or one of two copies, is still a drop.
@Suite struct RehearsalMovesTests {
    let script = "ai/infra/tasks/020-dns-solver.sh"

    func apply(_ resource: String) -> DoubleCall {
        DoubleCall(seq: 1, run: "1", tool: "kubectl", args: ["apply", "-f", "-"], callClass: .apply, rc: 0, script: script, resource: resource)
    }

    func run(_ n: Int, _ calls: [DoubleCall]) -> StepRun {
        StepRun(step: script, run: n, status: 0, timedOut: false, outputCut: false, mutating: calls, failedCalls: [], unmodelled: [],
                firstError: nil, problems: [], seconds: 0)
    }

    func compare(_ before: [String], _ after: [String]) -> (refusal: String?, moves: [String]) {
        RehearsalCheck.compare(script: script, touched: [script], before: [run(1, before.map(apply)), run(2, before.map(apply))],
                               after: [run(1, after.map(apply)), run(2, after.map(apply))])
    }

    @Test func aSecretPutInAnotherNamespaceIsAMove() {
        let r = compare(["kubectl namespace payroll", "kubectl secret payroll/dns01-sa"],
                        ["kubectl namespace payroll", "kubectl secret cert-manager/dns01-sa"])
        #expect(r.refusal == nil)
        #expect(r.moves == ["kubectl secret payroll/dns01-sa -> kubectl secret cert-manager/dns01-sa"])
    }

    @Test func aHelmReleaseMovesByNamespaceToo() {
        let r = compare(["helm release default/api"], ["helm release apps/api"])
        #expect(r.refusal == nil)
        #expect(r.moves == ["helm release default/api -> helm release apps/api"])
    }

    /// Never a move: another kind or name, a cluster-scoped or cloud resource, or a twin the
    /// original already made (two copies becoming one).
    @Test(arguments: [
        (["kubectl secret a/db"], ["kubectl configmap b/db"]),
        (["kubectl secret a/db"], ["kubectl secret b/other"]),
        (["kubectl secret a/db"], []),
        (["kubectl clusterissuer acme"], ["kubectl clusterissuer acme-prod"]),
        (["gcloud compute addresses ip project=p region=us-east1"], ["gcloud compute addresses ip project=p region=us-west1"]),
        (["kubectl secret a/db", "kubectl secret b/db"], ["kubectl secret b/db"]),
    ])
    func aDropIsStillADrop(_ before: [String], _ after: [String]) {
        let r = compare(before, after)
        #expect(r.refusal?.contains("no longer makes") == true, "\(before) -> \(after)")
        #expect(r.moves.isEmpty)
    }

    @Test func theResultNamesTheMove() {
        let r = compare(["kubectl secret payroll/dns01-sa"], ["kubectl secret cert-manager/dns01-sa"])
        let comparison = ScriptComparison(script: script, before: [], after: [], refusal: nil, moves: r.moves)
        let (result, rehearsal) = RehearsalCheck.result([comparison], capped: false)
        #expect(result.status == .passed)
        #expect(rehearsal.detail.contains("moved: kubectl secret payroll/dns01-sa -> kubectl secret cert-manager/dns01-sa"))
    }
}

/// What a rehearsal lays besides the snapshot: the rest of the working folder, within a
/// budget; and the files placeholder values name.
@Suite struct WorkingTreeFilesTests {
    @Test func filesTheReaderSkipsAreLaidIgnoredOnesAfterTheOthers() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-db.sh", "#!/usr/bin/env bash\nsource env/db.env\n")
        try repo.write("env/db.env.example", "DB_USER=app\n")
        try repo.write(".gitignore", "credentials/\n")
        try repo.write("credentials/dns.json", "{}\n")
        try repo.write("big/blob.bin", String(repeating: "x", count: 2_000))
        try repo.git("init", "-q", "-b", "main")
        try repo.commitAll("base")
        let snapshot = try RepoReader(root: repo.root, infraDir: "ai/infra").read()
        let all = WorkingTreeFiles.read(root: repo.root, except: snapshot)
        #expect(all.files["env/db.env.example"] != nil || snapshot.files["env/db.env.example"] != nil)
        #expect(all.files["credentials/dns.json"]?.text == "{}\n")
        #expect(all.files.keys.allSatisfy { snapshot.files[$0] == nil && !$0.hasPrefix(".git/") })
        // Over the per-file size: left out and counted.
        let small = WorkingTreeFiles.read(root: repo.root, except: snapshot, budget: .init(fileBytes: 1_000))
        #expect(small.files["big/blob.bin"] == nil)
        #expect(small.leftOut >= 1)
        // A changed ignored file changes the digest (a cached rehearsal is keyed by it).
        try repo.write("credentials/dns.json", "{\"k\": 1}\n")
        #expect(WorkingTreeFiles.read(root: repo.root, except: snapshot).digest != all.digest)
    }

    @Test func aFileTheWorkingFolderHoldsIsLaidAndItsTemplateMakesNone() throws {
        let area = try RehearsalArea()
        defer { area.remove() }
        #expect(WorkingTreeFiles.read(root: URL(fileURLWithPath: "/nonexistent"), except: RepoSnapshot()).files.isEmpty)
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("env/db.env.example", "DB_USER=app\n")
        try repo.write("env/other.env.example", "X=1\n")
        try repo.write("env/other.env", "X=mine\n")
        let found = WorkingTreeFiles.read(root: repo.root, except: RepoSnapshot())
        area.lay(RepoSnapshot(), extras: found)
        #expect(try String(contentsOf: area.tree.appendingPathComponent("env/db.env"), encoding: .utf8) == "DB_USER=app\n")
        #expect(try String(contentsOf: area.tree.appendingPathComponent("env/other.env"), encoding: .utf8) == "X=mine\n")
    }

    @Test func fileAndFolderVariablesGetPathsThatExistInTheSandbox() throws {
        #expect(RehearsalTargets.placeholder(for: "DNS01_KEY_FILE") == RehearsalTargets.placeholderFolder + "/dns01_key_file.json")
        #expect(RehearsalTargets.placeholder(for: "BACKUP_DIR") == RehearsalTargets.placeholderFolder + "/backup_dir")
        #expect(RehearsalTargets.placeholder(for: "GCP_PROJECT") == "demo-project")
        let area = try RehearsalArea()
        defer { area.remove() }
        area.makePlaceholderFiles(["K": RehearsalTargets.placeholder(for: "DNS01_KEY_FILE"), "D": RehearsalTargets.placeholder(for: "BACKUP_DIR")])
        var folder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: area.systemTmp.appendingPathComponent("infra-tui-placeholder/dns01_key_file.json").path))
        #expect(FileManager.default.fileExists(atPath: area.systemTmp.appendingPathComponent("infra-tui-placeholder/backup_dir").path, isDirectory: &folder))
        #expect(folder.boolValue)
    }
}
