import ShellReader

/// The functions a task can call, with their bodies, for the strict-mode hazards
/// (`ErrexitHazards`, `EarlyPipeReaders+Calls`): its own, those of every file it sources
/// (`SourceGraph.closure`) and those of the shared library the helpers rule makes it source.
/// Later definitions replace earlier ones, as bash does (bash manual, "Shell Functions").
struct CalledFunctions {
    struct Definition: Sendable {
        let function: ShellFunction
        let file: ShellFile
        /// The commands of the body, nested functions' bodies excluded.
        let body: [ShellCommand]
    }

    let definitions: [String: Definition]

    init(task: ShellFile, in reality: RepoReality, library: String?) {
        var files = SourceGraph.closure(of: task, in: reality)
        // The library is sourced by the patched task even when the task does not source it yet.
        if let library, !files.contains(where: { $0.path == library }), let lib = reality.libraries.first(where: { $0.path == library }) {
            files.insert(lib, at: 0)
        }
        var defs: [String: Definition] = [:]
        for f in files + [task] {
            defs.merge(Self.defined(in: f, cache: reality.cache)) { _, later in later }
        }
        definitions = defs
    }

    /// One file's functions with their bodies, made once per text for the whole plan (a
    /// thousand tasks sourcing one library read its bodies once).
    private static func defined(in file: ShellFile, cache: ScriptCache) -> [String: Definition] {
        cache.derived("called-functions", path: file.path, from: file.script.text) {
            var defs: [String: Definition] = [:]
            for fn in file.script.functions {
                let body = file.script.commands.filter {
                    $0.functionName == fn.name && $0.startLine >= fn.startLine && $0.endLine <= fn.endLine
                }
                defs[fn.name] = Definition(function: fn, file: file, body: body)
            }
            return defs
        }
    }

    subscript(_ name: String?) -> Definition? { name.flatMap { definitions[$0] } }

    /// The commands `unwrapped` looks through: each runs the rest of its words as a command.
    private static let launchers: Set<String> = ["command", "builtin", "exec", "timeout", "env", "nice", "stdbuf", "nohup"]

    /// The word a command really runs: `command grep`, `builtin read`, `exec head`,
    /// `timeout 10 grep`, `env X=1 grep`, `nice -n 5 grep` run the command after them (bash
    /// manual, "Bash Builtin Commands"; coreutils `timeout`, `env`, `nice`).
    static func unwrapped(_ cmd: ShellCommand) -> (name: String?, arguments: [ShellWord]) {
        // Most commands start with no launcher: their own name and arguments, no copy.
        guard let name = cmd.name, launchers.contains(name) else { return (cmd.name, cmd.arguments) }
        var words = cmd.words
        var changed = true
        while changed, let first = words.first?.literal {
            changed = false
            var i = 1
            func skipOptions(valueTaking: Set<String> = []) {
                while i < words.count, let w = words[i].literal, w.hasPrefix("-"), w != "-" {
                    i += 1
                    if w == "--" { break }
                    if valueTaking.contains(w) { i += 1 }
                }
            }
            switch first {
            case "command", "builtin":
                skipOptions()
            case "exec":
                skipOptions(valueTaking: ["-a"])
            case "timeout":
                skipOptions(valueTaking: ["-s", "-k", "--signal", "--kill-after"])
                i += 1  // the duration
            case "env":
                skipOptions(valueTaking: ["-u", "-C", "-S"])
                while i < words.count, let w = words[i].literal, w.contains("="), !w.hasPrefix("=") { i += 1 }
            case "nice", "stdbuf", "nohup":
                skipOptions(valueTaking: ["-n"])
            default:
                continue
            }
            guard i < words.count else { return (nil, []) }
            words = Array(words[i...])
            changed = true
        }
        return (words.first?.literal, Array(words.dropFirst()))
    }
}
