import ArgumentParser
import Foundation
import InfraEngine

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Propose the operations that fix the scaffolding, without writing anything.",
        discussion: """
        Reads the repository as it is, reports every finding with its file and line, and proposes \
        operations (patch + ops block) in dependency order. Every patch is validated (it applies, \
        its shell passes bash -n and shellcheck, its YAML parses, the manifests layer builds with \
        kubectl kustomize) unless --no-validate skips the external tools. The tools run once per \
        plan on only what the patches change, on every core, and their answers are kept by content \
        (in $INFRA_TUI_CACHE_DIR, else $XDG_CACHE_HOME/infra-tui or ~/.cache/infra-tui), so a \
        re-plan of an unchanged tree runs none. The same tree always gives the same ids and the \
        same bytes.

        --out saves the plan with the hash of every file each operation was planned against, so \
        `apply --plan` and `export --plan` act on exactly that plan.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, ops, json }

    @OptionGroup var repo: RepoOptions

    @Option(help: "Output format: text (summary), ops (Markdown with ops blocks and patches) or json.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Also save the plan (JSON) to this file.", valueName: "PLANFILE"))
    var out: String?

    @Flag(help: "Skip the external validators (bash, shellcheck, kubectl kustomize); the output says so.")
    var noValidate = false

    func run() async throws {
        let root = try repo.root()
        let plan = try await PlanPipeline.run(root: root, infraDir: repo.normalisedInfraDir, externalTools: !noValidate, oneShot: true)
        if let out {
            let url = URL(fileURLWithPath: out)
            try AtomicFile.write(PlanJSON.encode(plan), to: url, mode: 0o644)
        }
        switch format {
        case .text: FileHandle.standardOutput.write(Data(PlanText.summary(plan).utf8))
        case .ops: FileHandle.standardOutput.write(Data(PlanText.markdown(plan).utf8))
        case .json: FileHandle.standardOutput.write(PlanJSON.encode(plan))
        }
        PlanTrace.mark("written")
    }
}
