import Foundation
import PatchKit
import Yams

/// The checks that need no external tool.
extension Validator {
    enum Applied { case success([String: Set<Int>]), failure(String) }

    /// Applies `op` to `tree` in place and says which line numbers each changed file gained;
    /// on failure `tree` is left as it was. In place, because copying a tree of thousands of
    /// files for each of thousands of operations was most of a large plan's validation.
    static func apply(_ op: Operation, to tree: inout RepoSnapshot) -> Applied {
        let patches: [FilePatch]
        do { patches = try PatchParser.parse(op.patch) } catch { return .failure("the patch does not parse: \(error)") }
        var before: [(String, RepoFile?)] = []
        var added: [String: Set<Int>] = [:]
        func undo() { for (path, file) in before.reversed() { if let file { tree.write(path, file) } else { tree.delete(path) } } }
        for patch in patches {
            let path = patch.path
            let old = tree[path]
            before.append((path, old))
            if patch.isBinary {
                guard patch.change == .delete, let old, patch.oldBlob == ContentHash.gitBlob(old.data) else {
                    undo()
                    return .failure("\(path): binary patch does not match the planned file")
                }
                tree.delete(path)
                continue
            }
            do {
                guard let new = try PatchApplier.apply(patch, to: old?.text) else {
                    tree.delete(path)
                    continue
                }
                tree.write(path, RepoFile(text: new, mode: patch.newMode ?? old?.mode ?? .regular))
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
                undo()
                return .failure("\(path): \(error)")
            }
        }
        return .success(added)
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
                var documents = try YAMLDocuments.composeAll(after.text(path) ?? "", .basic)
                while documents.next() != nil {}
                if let error = documents.error { throw error }
            } catch {
                return [.init(check: "yaml", status: .failed, detail: "\(path): \(String(describing: error).split(separator: "\n").first ?? "")")]
            }
        }
        return [.init(check: "yaml", status: .passed)]
    }
}
