import ArgumentParser
import Foundation
import InfraEngine

@main
struct InfraTUI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infra-tui",
        abstract: "Turn a drifting ai/infra/ scaffolding into a reviewed, approval-gated patch series.",
        discussion: """
        infra-tui reads a repository's infra scaffolding (numbered bash tasks, helpers, runners, \
        Kubernetes manifests, runbooks) and proposes a queue of operations: each a patch paired \
        with an ops block (risk, commands to run afterwards, expected outputs, rollback). \
        Nothing is written until you accept it. infra-tui never runs gcloud, kubectl or helm.

        With no subcommand it opens the review on --repo (default: the current folder).

        EXIT STATUS
          0  success
          1  the work could not be done (conflict, a file changed since the plan, an invalid edit)
          2  bad usage or unreadable input
        """,
        subcommands: [PlanCommand.self, ApplyCommand.self, ExportCommand.self, UndoCommand.self, RehearseCommand.self]
    )

    @OptionGroup var repo: RepoOptions

    @Flag(help: "Open the review on a fresh copy of the embedded demo repository.")
    var demo = false

    func validate() throws {
        if demo && repo.repo != nil { throw ValidationError("--demo and --repo cannot be used together") }
    }

    func run() async throws {
        // Checked before copying the demo, so a pipe gets its one line and no stray folder.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw EngineError.usage("the review UI needs a terminal (stdin and stdout are not one); use `infra-tui plan` for text output")
        }
        let root = demo ? try DemoRepository.materialise() : try repo.root()
        if demo { FileHandle.standardError.write(Data("demo repository copied to \(root.path)\n".utf8)) }
        // Leaving the review (the terminal is restored by then) ends the process at once:
        // validation may still be running tools on other threads, and `exit` would run the
        // process's exit handlers beside them (a quit during validation was once seen to abort).
        var code: Int32 = 0
        do {
            try await ReviewSession.run(root: root, infraDir: repo.normalisedInfraDir)
        } catch let failure as SilentFailure {
            code = failure.code
        }
        fflush(nil)
        _exit(code)
    }

    /// One line on stderr, never a stack trace; exit 1 for work that could not be done, 2 for usage.
    static func main() async {
        HeapGrowth.configure()
        FirstFrameTrace.start()
        PlanTrace.start()
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch let error as EngineError {
            fail(error.message, code: error.exitCode)
        } catch let error as SilentFailure {
            Foundation.exit(error.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)
            }
            let message = InfraTUI.message(for: error).split(separator: "\n").first.map(String.init) ?? "error"
            fail(message, code: 2)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("infra-tui: \(message)\n".utf8))
        Foundation.exit(code)
    }
}

/// Work that failed after partly succeeding (some operations refused): the details are
/// already printed, one line each; this carries the exit status.
struct SilentFailure: Error { let code: Int32 }
