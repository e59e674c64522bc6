import Foundation

/// The `infra-tui-double` binary this package builds beside `infra-tui`: gcloud, kubectl,
/// helm and the recording stubs, in one executable that dispatches on its name.
public struct DoublesBinary: Sendable {
    public let binary: String
    /// Bound into the sandbox again after its private /tmp is made, wherever the binary is.
    var folder: String { (binary as NSString).deletingLastPathComponent }

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
