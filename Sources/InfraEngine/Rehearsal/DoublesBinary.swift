import Foundation

/// The `infra-tui-double` binary this package builds beside `infra-tui`: gcloud, kubectl,
/// helm and the recording stubs, in one executable that dispatches on its name.
public struct DoublesBinary: Sendable {
    public let binary: String
    /// What the sandbox binds again, read-only, after its private /tmp is made, wherever the
    /// binary is: the file alone. Its folder was bound before, and a binary kept in /tmp
    /// itself (or in /) then made the sandbox's /tmp read-only: a task's `mkdir /tmp/x`
    /// failed in rehearsal and a correct fix was refused.
    var bound: String { binary }

    /// `INFRA_TUI_DOUBLE_BIN`, else `infra-tui-double` in the running executable's folder
    /// (`.build/<config>/` for the CLI and the tests alike), else on PATH; nil when none is.
    public static func find() -> DoublesBinary? {
        let env = ProcessInfo.processInfo.environment
        if let named = env["INFRA_TUI_DOUBLE_BIN"], !named.isEmpty {
            return FileManager.default.isExecutableFile(atPath: named) ? DoublesBinary(binary: named) : nil
        }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = me.deletingLastPathComponent()
        // The test runner lives in a bundle inside the build folder on some platforms.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("infra-tui-double").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return DoublesBinary(binary: candidate) }
            folder = folder.deletingLastPathComponent()
        }
        return ProcessRunner.which("infra-tui-double").map(DoublesBinary.init(binary:))
    }
}
