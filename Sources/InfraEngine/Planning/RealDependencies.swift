import ShellReader
import PatchKit

/// Whether an operation really needs an earlier one that wrote the same file (issue 13,
/// item 7: "an operation depends on another only when its patch really needs that one
/// first"), so one problem blocks only its own fix.
///
/// Sharing a file is not enough. The later patch needs the earlier one when:
/// - it does not apply to the file as it was before the earlier one wrote it (its context or
///   removed lines are that one's work; PatchKit, like `git apply`, finds a hunk at another
///   line, so an insertion elsewhere in the file does not count), or the earlier one created
///   the file, or either is not a plain text change;
/// - its added lines call a function the earlier one defines, or read a variable it sets;
/// - the earlier one adds a `source` line to the shared file and the new lines call a
///   command that is neither a shell builtin nor a known tool (a helper that library gives).
/// Dependencies a rule declares on operations that touch none of its files (the entrypoint
/// on the library operation) are semantic and always kept.
enum RealDependencies {
    /// One earlier write of a file: who wrote it and what the file was before.
    struct Write {
        let writer: String
        let before: RepoFile?
    }

    /// Commands whose meaning no earlier operation can change.
    static let standalone: Set<String> = [
        "[", "[[", "test", "echo", "printf", "true", "false", ":", "exit", "return", "set", "shift", "local", "export",
        "readonly", "declare", "read", "cd", "pwd", "mkdir", "rm", "cp", "mv", "ln", "cat", "grep", "sed", "awk", "sort",
        "head", "tail", "tee", "date", "sleep", "command", "type", "env", "basename", "dirname", "touch", "chmod", "wc",
        "tr", "cut", "xargs", "mktemp", "trap", "wait", "printenv", "bash", "sh",
        "gcloud", "kubectl", "helm", "k3d", "kind", "curl", "jq", "yq", "envsubst", "openssl", "terraform", "gsutil",
        "docker", "git", "base64", "ssh-keygen",
    ]

    /// Whether the operation with `patches` (its edits, by path, were plain writes when
    /// `plainWrites` holds the path) needs `dependency`, whose rendered patch is
    /// `dependencyPatch`. `history`: every earlier write of each path, in plan order.
    /// `added` caches each dependency's `Added` (a library operation that touches a thousand
    /// tasks is asked about once per later operation).
    /// `ours`: the `Added` of `patches`, made on the first ask and kept by the caller for its
    /// other dependencies (rendering and reading them again per dependency was a visible part
    /// of a plan whose operations each share a file with several earlier ones).
    static func needs(_ dependency: String, dependencyPatch: String?, patches: [FilePatch], plainWrites: Set<String>,
                      history: [String: [Write]], added: inout [String: Added], ours: inout Added?) -> Bool {
        let shared = patches.filter { p in history[p.path]?.contains { $0.writer == dependency } ?? false }
        guard !shared.isEmpty else { return true }  // declared for another reason: kept
        guard let dependencyPatch else { return true }
        for patch in shared {
            guard plainWrites.contains(patch.path), patch.change == .modify,
                  let write = history[patch.path]?.last(where: { $0.writer == dependency }),
                  let before = write.before?.text else { return true }
            if (try? PatchApplier.apply(patch, to: before)) == nil { return true }
        }
        let theirs = added[dependency] ?? Added(dependencyPatch)
        added[dependency] = theirs
        // Nothing the earlier operation added can be needed: no function, no assignment, no
        // `source` line in a shared file. Then what this one adds need not be read at all.
        let sharedPaths = Set(shared.map(\.path))
        if theirs.functions.isEmpty && theirs.assigned.isEmpty && theirs.sourcesIn.isDisjoint(with: sharedPaths) { return false }
        if ours == nil { ours = Added(UnifiedDiff.render(patches)) }
        let mine = ours!
        if !mine.commands.isDisjoint(with: theirs.functions) || !mine.reads.isDisjoint(with: theirs.assigned) { return true }
        if !theirs.sourcesIn.isDisjoint(with: sharedPaths), !mine.commands.subtracting(standalone).subtracting(mine.functions).isEmpty {
            return true
        }
        return false
    }

    /// What the added lines of a rendered patch do: the commands they call, the functions
    /// they define, the variables they set and read, and the files they add a `source` to.
    struct Added {
        var commands: Set<String> = []
        var functions: Set<String> = []
        var assigned: Set<String> = []
        var reads: Set<String> = []
        var sourcesIn: Set<String> = []

        init(_ patch: String) {
            var path = ""
            var byFile: [String: [String]] = [:]
            // On the UTF-8 bytes: a patch is read once per operation, and splitting it into
            // Characters was most of the planner's time in dependencies (`+` and `\n` are ASCII,
            // so no split falls inside a character).
            let plus = UInt8(ascii: "+")
            for line in patch.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                guard line.first == plus else { continue }
                if line.starts(with: "+++ ".utf8) {
                    path = line.starts(with: "+++ b/".utf8) ? String(decoding: line.dropFirst(6), as: UTF8.self) : ""
                } else {
                    byFile[path, default: []].append(String(decoding: line.dropFirst(), as: UTF8.self))
                }
            }
            for (file, lines) in byFile {
                let script = ShellReader.read(lines.joined(separator: "\n") + "\n")
                for cmd in script.commands {
                    guard let name = cmd.name else { continue }
                    commands.insert(name)
                    if name == "source" || name == "." { sourcesIn.insert(file) }
                }
                functions.formUnion(script.functions.map(\.name))
                assigned.formUnion(script.assignments.map(\.name))
                reads.formUnion(script.expansions.map(\.name))
            }
        }
    }
}
