import ArgumentParser
import Foundation
import InfraEngine

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write the accepted operations to the working tree.",
        discussion: """
        Only accepted operations are written, in plan order. Accepting an operation without the \
        operations it depends on is an error. An operation whose files changed since the plan, whose \
        patch no longer applies or whose validation failed is refused (with those that depend on \
        it); the others are written. Every file is written atomically, keeping its mode, and a \
        journal records the previous bytes so `infra-tui undo` restores them.

        Writing in steps: a file changed only by infra-tui's own earlier applies (its journals) \
        counts as unchanged, so `apply --plan P --accept a` then `apply --plan P --accept a,b` \
        works; `a` is then reported as `already written a` and not written again.

        Exit status 1 when any operation was refused.
        """
    )

    @OptionGroup var repo: RepoOptions
    @OptionGroup var selection: SelectionOptions

    func run() async throws {
        let root = try repo.root()
        let (_, accepted) = try await selection.selection(root: root, infraDir: repo.normalisedInfraDir)
        let report = try ReviewWorkflow.write(accepted, root: root)
        for id in report.alreadyWritten { print("already written \(id)") }
        for id in report.applied { print("applied \(id)") }
        for path in report.written { print("  wrote \(path)") }
        if report.applied.isEmpty && report.refused.isEmpty && report.alreadyWritten.isEmpty { print("nothing to apply") }
        for refusal in report.refused {
            FileHandle.standardError.write(Data("infra-tui: refused \(refusal.id): \(refusal.reason)\n".utf8))
        }
        if !report.refused.isEmpty { throw SilentFailure(code: 1) }
    }
}
