import ShellReader

/// What one shell function does, as far as the rules care: the roles of issue 12 item 2.
/// A function can hold several roles (an ensure-helper is also a probe's caller; a validator
/// usually also kills). Summaries compose: a function that calls a wrapper to describe
/// something is a probe; one that calls a validator is a validator of the same names.
///
/// Built once per function definition (file + name + body) by `FunctionSummaries`, from two
/// halves kept in their own files: `FunctionSummary+Tools.swift` (wrapper, probe, ensure)
/// and `FunctionSummary+Variables.swift` (validator, setter, logger, killer).
public struct FunctionSummary: Sendable, Equatable {
    /// A function that runs a CLI with the caller's arguments: `gq() { gcloud --quiet --project "$P" "$@"; }`.
    public struct Wrapper: Sendable, Equatable {
        /// `gcloud`, `kubectl`, `helm`, ...
        public var tool: String
        /// Words the wrapper adds before `"$@"` (raw, expansions as written).
        public var leadingWords: [String]
        /// Words it adds after `"$@"`.
        public var trailingWords: [String]
        /// The same words as parsed (for rules that read flags and rewrite calls).
        public var leadingArguments: [ShellWord] = []
        public var trailingArguments: [ShellWord] = []
        /// Caller arguments the wrapper consumes itself before `"$@"` (`shift`): `chart NS ARGS...`.
        public var shifted = 0
        public init(tool: String, leadingWords: [String], trailingWords: [String]) {
            self.tool = tool
            self.leadingWords = leadingWords
            self.trailingWords = trailingWords
        }
    }

    /// Which variables a validator checks.
    public enum Validated: Sendable, Equatable {
        /// The names passed as its arguments (`need_var NAME`, `want NAME hint`): argument
        /// positions (1-based) that hold a name, or `nil` for every argument (`"$@"` loops).
        case arguments(positions: [Int]?)
        /// Fixed names it checks whatever it is given.
        case names([String])
    }

    public let name: String
    /// The file that defines it. No line: a summary is kept across versions of its file
    /// that differ only in a header directive (`RepoReality.libraryShape`), so a message
    /// that cites the definition looks its line up in its own view (`definitionLine`).
    public let path: String

    public var wrapper: Wrapper?
    /// Its exit status says whether something exists (describe, get, status, list).
    public var isProbe = false
    /// Probes, then creates what is missing.
    public var isEnsure = false
    public var validates: [Validated] = []
    /// Variables it assigns; `conditional` when only if unset (`: "${X:=v}"`, `[ -n "$X" ] || X=`).
    public var sets: [(name: String, conditional: Bool)] { setNames.map { ($0.name, $0.conditional) } }
    public var setNames: [SetName] = []
    /// Starts log capture (`exec > >(tee ...)`, `exec >>file 2>&1`).
    public var startsLogging = false
    /// Always ends the script (`exit`, or calls a killer): `die`, `fail`, `_bail`.
    public var kills = false
    /// Only prints (`log() { echo "[x] $*" >&2; }`): every command of its body is one that
    /// does not fail in practice (`BranchFacts.cannotFail`) or another such function, so
    /// `probe && log there || create` reads as `probe && echo there || create`.
    public var onlyPrints = false

    public struct SetName: Sendable, Equatable {
        public var name: String
        public var conditional: Bool
        public init(name: String, conditional: Bool) {
            self.name = name
            self.conditional = conditional
        }
    }

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    /// The line of the definition bash uses (the last one in its file) in `reality`'s tree.
    public func definitionLine(in reality: RepoReality) -> Int? {
        reality.shellFile(at: path)?.script.functions.last { $0.name == name }?.startLine
    }
}

/// The functions a script can call, with their summaries: those it defines and those of every
/// file it sources (`SourceGraph.closure`), later definitions replacing earlier ones as bash
/// does.
public struct FunctionScope: Sendable {
    public let summaries: [String: FunctionSummary]

    public subscript(name: String) -> FunctionSummary? { summaries[name] }
}

public enum FunctionSummaries {
    /// The scope of `file`: the functions it can call at its top level.
    public static func scope(of file: ShellFile, in reality: RepoReality) -> FunctionScope {
        // Asked by most analyses of a script: found once per view (the key below is built
        // from every path the file sources).
        reality.inView("function-scope-in-view", file) { findScope(of: file, in: reality) }
    }

    private static func findScope(of file: ShellFile, in reality: RepoReality) -> FunctionScope {
        // A file that defines no function of its own shares the scope of what it sources:
        // a thousand tasks sourcing one library summarize that library once.
        let closure = SourceGraph.closure(of: file, in: reality)
        // A file with functions of its own: its scope reads only it and what it sources, so
        // it is shared by every view with the same texts (`perFile`); made per view, the tasks
        // that keep a helper of their own had theirs summarized again by every rule.
        guard file.script.functions.isEmpty else {
            return reality.perFile("function-scope", file) { summarize(closure + [file]) }
        }
        return reality.memo.value("function-scope-of\u{0}" + closure.map(\.path).joined(separator: "\u{0}")) {
            summarize(closure + [file])
        }
    }

    /// The summaries of every function `files` define, later definitions replacing earlier ones.
    private static func summarize(_ files: [ShellFile]) -> FunctionScope {
        var definitions: [(ShellFunction, ShellFile)] = []
        for f in files { for fn in f.script.functions { definitions.append((fn, f)) } }
        // Summaries depend on each other (a probe built on a wrapper), so they are built
        // in rounds until nothing changes; a handful of rounds settles any real library.
        var summaries: [String: FunctionSummary] = [:]
        for _ in 0..<4 {
            var next: [String: FunctionSummary] = [:]
            for (fn, f) in definitions {
                var s = FunctionSummary(name: fn.name, path: f.path)
                let body = f.script.commands.filter { $0.functionName == fn.name && $0.startLine >= fn.startLine && $0.endLine <= fn.endLine }
                summarizeTools(&s, function: fn, body: body, in: f.script, known: summaries)
                summarizeVariables(&s, function: fn, body: body, in: f.script, known: summaries)
                let own = body.filter { !$0.enclosing.contains(.substitution) }
                s.onlyPrints = !own.isEmpty && own.allSatisfy { c in
                    BranchFacts.cannotFail(c) || c.name.flatMap { summaries[$0]?.onlyPrints } == true
                }
                next[fn.name] = s
            }
            if next == summaries { break }
            summaries = next
        }
        return FunctionScope(summaries: summaries)
    }
}
