import Foundation
import PatchKit
import Yams

/// Checks that every operation is complete before it reaches the queue: its patch applies to
/// the tree it was planned on, the files it names exist afterwards, its shell passes
/// `bash -n` and `shellcheck` (on the lines it adds), and its YAML parses. External tools
/// run once per operation on a scratch copy of the files the operation leaves, never on the
/// person's tree. The results travel with the operation.
public struct Validator: Sendable {
    public var useExternalTools: Bool

    public init(useExternalTools: Bool = true) { self.useExternalTools = useExternalTools }

    public func validate(_ plan: Plan, original: RepoSnapshot) async -> Plan {
        var plan = plan
        var tree = original
        var broken: Set<String> = []
        for i in plan.operations.indices {
            let op = plan.operations[i]
            var results: [ValidationResult] = []
            if let dep = op.dependsOn.first(where: broken.contains) {
                results.append(.init(check: "applies", status: .failed, detail: "depends on \(dep), which does not apply"))
                plan.operations[i].validation = results
                broken.insert(op.id)
                continue
            }
            switch Self.applyToTree(op, tree) {
            case .failure(let message):
                results.append(.init(check: "applies", status: .failed, detail: message))
                broken.insert(op.id)
            case .success(let (after, added)):
                results.append(.init(check: "applies", status: .passed))
                results.append(Self.filesExist(op, after))
                results.append(SecretCheck.check(op, original: original))
                results += Self.yaml(op, after)
                results += await kustomize(op, after)  // the manifests layer still builds (KustomizeCheck.swift)
                if let refs = ReferenceCheck.check(op, after: after, added: added) { results.append(refs) }
                results += await shell(op, after, added: added)
                tree = after
            }
            plan.operations[i].validation = results
        }
        if !useExternalTools { plan.notes.append("validation skipped the external tools (bash, shellcheck): --no-validate") }
        return plan
    }

    enum Applied { case success((RepoSnapshot, [String: Set<Int>])), failure(String) }

    /// The tree after `op`, and the line numbers each changed file gained.
    static func applyToTree(_ op: Operation, _ tree: RepoSnapshot) -> Applied {
        let patches: [FilePatch]
        do { patches = try PatchParser.parse(op.patch) } catch { return .failure("the patch does not parse: \(error)") }
        var after = tree
        var added: [String: Set<Int>] = [:]
        for patch in patches {
            let path = patch.path
            let old = tree[path]
            if patch.isBinary {
                guard patch.change == .delete, let old, patch.oldBlob == ContentHash.gitBlob(old.data) else {
                    return .failure("\(path): binary patch does not match the planned file")
                }
                after.delete(path)
                continue
            }
            do {
                guard let new = try PatchApplier.apply(patch, to: old?.text) else {
                    after.delete(path)
                    continue
                }
                after.write(path, RepoFile(text: new, mode: patch.newMode ?? old?.mode ?? .regular))
                var lines: Set<Int> = []
                for hunk in patch.hunks {
                    var n = hunk.newStart
                    for line in hunk.lines where line.kind != .removed {
                        if line.kind == .added { lines.insert(n) }
                        n += 1
                    }
                }
                added[path] = lines
            } catch {
                return .failure("\(path): \(error)")
            }
        }
        return .success((after, added))
    }

    static func filesExist(_ op: Operation, _ after: RepoSnapshot) -> ValidationResult {
        let wrong = op.files.filter { ($0.change == .delete) == (after.files[$0.path] != nil) }.map(\.path)
        return wrong.isEmpty ? .init(check: "files", status: .passed)
            : .init(check: "files", status: .failed, detail: "not as the patch says: \(wrong.joined(separator: ", "))")
    }

    static func yaml(_ op: Operation, _ after: RepoSnapshot) -> [ValidationResult] {
        let files = op.files.map(\.path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.filter { after.files[$0] != nil }
        guard !files.isEmpty else { return [] }
        for path in files {
            do {
                // The sequence keeps a parse error instead of throwing it: drain it, then ask.
                var documents = try Yams.compose_all(yaml: after.text(path) ?? "")
                while documents.next() != nil {}
                if let error = documents.error { throw error }
            } catch {
                return [.init(check: "yaml", status: .failed, detail: "\(path): \(String(describing: error).split(separator: "\n").first ?? "")")]
            }
        }
        return [.init(check: "yaml", status: .passed)]
    }

    func shell(_ op: Operation, _ after: RepoSnapshot, added: [String: Set<Int>]) async -> [ValidationResult] {
        let scripts = op.files.map(\.path).filter { ($0.hasSuffix(".sh") || $0.hasSuffix(".bash")) && after.files[$0] != nil }
        guard !scripts.isEmpty else { return [] }
        guard useExternalTools else {
            return [.init(check: "bash -n", status: .skipped, detail: "--no-validate"),
                    .init(check: "shellcheck", status: .skipped, detail: "--no-validate")]
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-validate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        // The scripts plus what they may source, so shellcheck can follow the library.
        for (path, file) in after.files where path.hasSuffix(".sh") || path.hasSuffix(".bash") || path.hasSuffix(".shellcheckrc") {
            try? AtomicFile.write(file.data, to: scratch.appendingPathComponent(path), mode: 0o644)
        }
        var results: [ValidationResult] = []
        if let bash = ProcessRunner.which("bash") {
            var failures: [String] = []
            for path in scripts {
                if let r = try? await ProcessRunner.run(bash, ["-n", path], in: scratch), !r.succeeded {
                    failures.append(r.stderr.split(separator: "\n").first.map(String.init) ?? path)
                }
            }
            results.append(failures.isEmpty ? .init(check: "bash -n", status: .passed)
                           : .init(check: "bash -n", status: .failed, detail: failures.joined(separator: "; ")))
        } else {
            results.append(.init(check: "bash -n", status: .skipped, detail: "bash is not installed"))
        }
        if let shellcheck = ProcessRunner.which("shellcheck") {
            let r = try? await ProcessRunner.run(shellcheck, ["-f", "gcc", "-x", "-P", "SCRIPTDIR"] + scripts, in: scratch)
            var fresh: [String] = []
            var preexisting = 0
            for line in (r?.stdout ?? "").split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 3)
                guard parts.count >= 3, let n = Int(parts[1]) else { continue }
                if added[String(parts[0])]?.contains(n) ?? true { fresh.append(String(line)) } else { preexisting += 1 }
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
