import Foundation
import PatchKit
import Yams

/// Checks that every operation is complete before it reaches the queue: its patch applies to
/// the tree it was planned on, the files it names exist afterwards, it carries no credential,
/// its YAML parses and the manifests layer still builds (`kubectl kustomize`), the paths its
/// new shell lines use exist, and its shell passes `bash -n` and `shellcheck` (on the lines it
/// adds). The results travel with the operation.
///
/// The in-process checks walk the series in order on one tree (ValidationSession). The
/// external tools run only on the files operations change, one job per distinct file version
/// and context, answered from the cache where it can be, the rest batched and spread over
/// every core while planning goes on (ToolJobs.swift), in scratch folders, never in the
/// person's tree. This file turns the tools' answers into each operation's results.
public struct Validator: Sendable {
    public var useExternalTools: Bool
    /// nil: the person's cache for the plan's repository (ValidationCache.standard).
    public var cache: ValidationCache?

    public init(useExternalTools: Bool = true, cache: ValidationCache? = nil) {
        self.useExternalTools = useExternalTools
        self.cache = cache
    }

    /// What one operation still waits for from the external tools.
    struct Pending {
        var results: [ValidationResult]
        var references: ValidationResult?
        var roots: [(root: String, job: String)] = []
        var scripts: [(path: String, syntax: String, lint: String)] = []
        var added: [String: Set<Int>] = [:]
        /// The `rehearsal` check: per script, the job keys of its runs before and after.
        var rehearsal: (scripts: [(script: String, before: String?, after: String?)], capped: Bool, touched: Set<String>)?
    }

    /// Validates a whole series at once (a ValidationSession fed every operation).
    public func validate(_ plan: Plan, original: RepoSnapshot) async -> Plan {
        let session = ValidationSession(self, original: original, repo: plan.repo, infraDir: plan.infraDir)
        for op in plan.operations { session.add(op) }
        return await session.finish(plan)
    }

    static func installedTools() -> [ToolJob.Kind: ToolIdentity] {
        var tools: [ToolJob.Kind: ToolIdentity] = [:]
        tools[.bashSyntax] = ToolIdentity.find("bash")
        // shellcheck also reads the person's own rc file when the tree has none: its bytes are
        // part of what decides an answer.
        let env = ProcessInfo.processInfo.environment
        let home = env["HOME"] ?? ""
        let config = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        let rc = [home + "/.shellcheckrc", config + "/shellcheckrc"].compactMap { FileManager.default.contents(atPath: $0) }
        tools[.shellcheck] = ToolIdentity.find("shellcheck").map {
            rc.isEmpty ? $0 : ToolIdentity(path: $0.path, fingerprint: $0.fingerprint + ":" + rc.map { ContentHash.sha256($0) }.joined(separator: ","))
        }
        tools[.kustomize] = ToolIdentity.find("kubectl")
        return tools
    }

    func kustomizeResult(_ wait: Pending, _ answers: [String: ValidationCache.Entry],
                         _ tools: [ToolJob.Kind: ToolIdentity]) -> [ValidationResult] {
        guard !wait.roots.isEmpty else { return [] }
        guard useExternalTools else { return [.init(check: "kustomize", status: .skipped, detail: "--no-validate")] }
        guard tools[.kustomize] != nil else { return [.init(check: "kustomize", status: .skipped, detail: "kubectl is not installed")] }
        var failures: [String] = []
        for (root, key) in wait.roots {
            let dir = root.isEmpty ? "." : root
            guard let answer = answers[key] else { failures.append("\(dir): kubectl did not run"); continue }
            if !answer.ok { failures.append("\(dir): " + (answer.lines.first ?? "failed")) }
        }
        let dirs = wait.roots.map { $0.root.isEmpty ? "." : $0.root }.joined(separator: ", ")
        return [failures.isEmpty ? .init(check: "kustomize", status: .passed, detail: "kubectl kustomize \(dirs)")
                : .init(check: "kustomize", status: .failed, detail: failures.joined(separator: "; "))]
    }

    func shellResults(_ wait: Pending, _ answers: [String: ValidationCache.Entry],
                      _ tools: [ToolJob.Kind: ToolIdentity]) -> [ValidationResult] {
        guard !wait.scripts.isEmpty else { return [] }
        guard useExternalTools else {
            return [.init(check: "bash -n", status: .skipped, detail: "--no-validate"),
                    .init(check: "shellcheck", status: .skipped, detail: "--no-validate")]
        }
        var results: [ValidationResult] = []
        if tools[.bashSyntax] != nil {
            let failures = wait.scripts.compactMap { script -> String? in
                guard let answer = answers[script.syntax] else { return "\(script.path): bash did not run" }
                return answer.ok ? nil : answer.lines.first ?? script.path
            }
            results.append(failures.isEmpty ? .init(check: "bash -n", status: .passed)
                           : .init(check: "bash -n", status: .failed, detail: failures.joined(separator: "; ")))
        } else {
            results.append(.init(check: "bash -n", status: .skipped, detail: "bash is not installed"))
        }
        if tools[.shellcheck] != nil {
            var fresh: [String] = []
            var preexisting = 0
            for script in wait.scripts {
                guard let answer = answers[script.lint] else { fresh.append("\(script.path): shellcheck did not run"); continue }
                for line in answer.lines {
                    let parts = line.split(separator: ":", maxSplits: 3)
                    guard parts.count >= 3, let n = Int(parts[1]) else { continue }
                    if wait.added[String(parts[0])]?.contains(n) ?? true { fresh.append(line) } else { preexisting += 1 }
                }
            }
            let note = preexisting > 0 ? "\(preexisting) finding(s) on lines this patch does not change" : ""
            results.append(fresh.isEmpty ? .init(check: "shellcheck", status: .passed, detail: note)
                           : .init(check: "shellcheck", status: .failed, detail: fresh.prefix(5).joined(separator: "; ")))
        } else {
            results.append(.init(check: "shellcheck", status: .skipped, detail: "shellcheck is not installed"))
        }
        return results
    }
}
