import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs the external tools the engine relies on (git, bash, shellcheck, kubectl) and
/// collects their output. It never runs gcloud, kubectl apply or helm.
public enum ProcessRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public var succeeded: Bool { status == 0 }
    }

    /// The absolute path of a tool on PATH, or nil when it is not installed.
    public static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) async throws -> Result {
        let result = try await Subprocess.run(
            .path(FilePath(executable)),
            arguments: Arguments(arguments),
            workingDirectory: directory.map { FilePath($0.path) },
            output: .string(limit: 16 << 20),
            error: .string(limit: 16 << 20))
        let status: Int32
        switch result.terminationStatus {
        case .exited(let code): status = Int32(code)
        case .signaled(let signal): status = 128 + Int32(signal)
        }
        return Result(status: status, stdout: result.standardOutput, stderr: result.standardError)
    }
}
