import ArgumentParser
import Foundation
import InfraEngine

/// Options every command takes.
struct RepoOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The repository to work on (default: the current folder).", valueName: "PATH"))
    var repo: String?

    @Option(name: .long, help: ArgumentHelp("The scaffolding folder inside the repository.", valueName: "DIR"))
    var infraDir: String = "ai/infra"

    func validate() throws {
        let dir = infraDir
        if dir.hasPrefix("/") || dir.split(separator: "/").contains("..") || dir.isEmpty {
            throw ValidationError("--infra-dir must be a folder inside the repository, e.g. ai/infra")
        }
    }

    func root() throws -> URL {
        let path = repo ?? FileManager.default.currentDirectoryPath
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw EngineError.usage("--repo \(path): no such folder")
        }
        guard isDir.boolValue else { throw EngineError.usage("--repo \(path): not a folder") }
        return URL(fileURLWithPath: path).standardizedFileURL
    }

    var normalisedInfraDir: String {
        infraDir.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}

/// `--accept`/`--reject`/`--plan` shared by apply and export.
struct SelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Act on exactly this saved plan (from `plan --out`); refuse operations whose files changed since.", valueName: "PLANFILE"))
    var plan: String?

    @Option(help: ArgumentHelp("Operations to accept: comma-separated ids, or `all`.", valueName: "IDS"))
    var accept: String

    @Option(help: ArgumentHelp("Operations to reject (wins over --accept).", valueName: "IDS"))
    var reject: String?

    @Flag(help: "Skip the external validators (bash, shellcheck, kubectl kustomize) when planning afresh.")
    var noValidate = false

    /// The plan to act on and the accepted operations, dependencies checked.
    func selection(root: URL, infraDir: String) async throws -> (plan: Plan, accepted: [InfraEngine.Operation]) {
        let plan: Plan
        if let path = self.plan {
            guard let data = FileManager.default.contents(atPath: path) else { throw EngineError.usage("cannot read plan file \(path)") }
            plan = try PlanJSON.decode(data)
        } else {
            plan = try await PlanPipeline.run(root: root, infraDir: infraDir, externalTools: !noValidate, oneShot: true)
        }
        var gate = ApprovalGate(plan: plan)
        try gate.decide(accept: OperationID.list(accept), reject: OperationID.list(reject ?? ""))
        return (plan, gate.accepted)
    }
}
