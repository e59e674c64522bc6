import ArgumentParser
import Foundation
import InfraEngine

struct RehearseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehearse",
        abstract: "Run the scaffolding twice in a sandbox against test doubles, and judge it.",
        discussion: """
        Copies the repository to a scratch folder and runs, inside bubblewrap (read-only root, \
        the copy the only writable place, its own HOME and TMPDIR, no network, 30 s a script, \
        1 MiB of output, a process limit), the canonical entrypoint, or else every numbered task \
        in the order the runners use, skipping teardown tasks. gcloud, kubectl and helm are test \
        doubles (infra-tui-double) that keep state across the two runs; aws, az, terraform, kind, \
        k3d, curl, wget, docker, ssh, sudo, apt-get and vagrant are recording stubs. Nothing \
        reaches a cloud or a cluster.

        Environment: --env-file, else the current environment filtered to the names the \
        scaffolding reads; names still missing get typed placeholders (demo-project, \
        europe-west1-b, 10.10.0.0/20, ops@example.org, ...), listed in the report.

        The verdict holds when run 1 passes, run 2 passes and creates nothing, and a full run \
        deletes nothing (only a teardown task named by --only may). --format ops prints the \
        preview: per task, a Test-mode ops block whose Commands are the calls a real first run \
        makes. When bubblewrap is missing or cannot make namespaces, nothing runs and the report \
        says "skipped".

        Exit status: 0 the verdict holds; 1 it does not, or rehearsal was skipped; 2 bad usage.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, ops, json }

    @OptionGroup var repo: RepoOptions

    @Option(help: ArgumentHelp("Variables for the scripts, NAME=value a line (no expansion).", valueName: "FILE"))
    var envFile: String?

    @Option(help: ArgumentHelp("Rehearse this one task (a teardown task only runs when named here).", valueName: "TASK"))
    var only: String?

    @Option(help: "Output format: text (the report), ops (the preview as ops blocks) or json.")
    var format: Format = .text

    func run() throws {
        let root = try repo.root()
        var base = ProcessInfo.processInfo.environment
        if let envFile {
            guard let text = try? String(contentsOfFile: envFile, encoding: .utf8) else { throw EngineError.usage("cannot read --env-file \(envFile)") }
            base = Rehearsal.readEnvFile(text)
        }
        let report = try Rehearsal.run(root: root, infraDir: repo.normalisedInfraDir, base: base, only: only)
        switch format {
        case .text: FileHandle.standardOutput.write(Data(RehearsalText.report(report).utf8))
        case .ops: FileHandle.standardOutput.write(Data(RehearsalText.previewMarkdown(report).utf8))
        case .json: FileHandle.standardOutput.write(RehearsalJSON.encode(report))
        }
        if !report.verdict.passed { throw SilentFailure(code: 1) }
    }
}
