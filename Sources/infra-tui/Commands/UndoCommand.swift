import ArgumentParser
import Foundation
import InfraEngine

struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Revert the last apply, restoring every file it wrote byte for byte.",
        discussion: """
        Reads the journal of the last apply (kept under .git/infra-tui/, or the XDG state folder \
        outside a git checkout) and restores each file's previous content and mode. A file changed \
        since that apply is not overwritten: undo stops and names it (exit 1).
        """
    )

    @OptionGroup var repo: RepoOptions

    func run() throws {
        let restored = try PlanWriter.undo(root: try repo.root())
        for path in restored { print("restored \(path)") }
    }
}
