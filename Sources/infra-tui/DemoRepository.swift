import Foundation
import InfraEngine
import InfraResources

/// Copies the embedded demo repository to a fresh temporary folder and makes it a git
/// checkout with one commit, so every feature (export, undo) works on it as on a real repo.
enum DemoRepository {
    static func materialise() throws -> URL {
        guard let source = InfraResources.demoRepository else { throw EngineError.usage("the demo repository is missing from this build") }
        let fm = FileManager.default
        let target = fm.temporaryDirectory.appendingPathComponent("infra-tui-demo-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))")
        do {
            try fm.copyItem(at: source, to: target)
            let ignore = target.appendingPathComponent("gitignore")
            if fm.fileExists(atPath: ignore.path) {
                try fm.moveItem(at: ignore, to: target.appendingPathComponent(".gitignore"))
            }
            // Resource copies may lose the executable bit; scripts are meant to be runnable.
            if let walker = fm.enumerator(atPath: target.path) {
                for case let rel as String in walker where rel.hasSuffix(".sh") {
                    try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.appendingPathComponent(rel).path)
                }
            }
        } catch {
            throw EngineError.failed("cannot copy the demo repository: \(error.localizedDescription)")
        }
        if let git = ProcessRunner.which("git") {
            // These run before the first frame: no `git maintenance --auto` child after the commit.
            let steps = [["init", "-q", "-b", "main"], ["add", "-A"],
                         ["-c", "user.name=infra-tui demo", "-c", "user.email=demo@infra-tui.invalid", "-c", "maintenance.auto=false",
                          "-c", "gc.auto=0", "commit", "-q", "-m", "Ledger infra as the team left it"]]
            for args in steps {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: git)
                p.arguments = ["-C", target.path] + args
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try? p.run()
                p.waitUntilExit()
            }
        }
        return target
    }
}
