import ArgumentParser
import Foundation
import InfraEngine

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the accepted operations as a patch series that `git am` applies.",
        discussion: """
        Writes 0001-<id>.patch, 0002-... in `git format-patch` mailbox form (subject from the \
        title, body holding the rationale and the ops block), plus `series`, `ops.md` and \
        `ops.json`, into DIR. `git am DIR/*.patch` applies them in order on the planned tree. \
        Operations whose files changed since the plan, or whose validation failed, are left out \
        (with those that depend on them) and named; exit status 1 then. Files changed only by \
        infra-tui's own earlier applies count as unchanged. The patches' author is the \
        repository's `git config user.name` and `user.email`; `~` in DIR is the home folder.
        """
    )

    @OptionGroup var repo: RepoOptions
    @OptionGroup var selection: SelectionOptions

    @Option(help: ArgumentHelp("Folder to write the series into (created if missing; must not hold a series).", valueName: "DIR"))
    var out: String

    func run() async throws {
        let root = try repo.root()
        let (plan, accepted) = try await selection.selection(root: root, infraDir: repo.normalisedInfraDir)
        let report = try ReviewWorkflow.export(accepted, root: root, repo: plan.repo, to: out)
        for name in report.files { print("wrote \(out)/\(name)") }
        for refusal in report.leftOut {
            FileHandle.standardError.write(Data("infra-tui: left out \(refusal.id): \(refusal.reason)\n".utf8))
        }
        if !report.leftOut.isEmpty { throw SilentFailure(code: 1) }
    }
}
