import ShellReader

/// What one script does with environment variables, as bash runs it: which names it
/// provides (sets, defaults, loads from an env file, gets from a library it sources or a
/// setter it calls), which it validates (`:?`, a validator function, `[ -n ... ] || exit`,
/// `if [[ -z ... ]]; then ... exit`), which it reads bare, and which it only reads as
/// optional switches (`[[ $VERBOSE == 1 ]]`, `(( VERBOSE ))`, a suffix glued onto a name, a name only printed).
///
/// Shape: name -> first line (1-based, in this script; what a sourced file or a called
/// function provides counts at the line of the `source` or the call). Built once per file
/// and view (`reality.memo`), from `SourceGraph`, `EnvFiles` and `FunctionSummaries`.
///
/// A class, though a value in every other respect (nothing changes it after `init`): the
/// plan's caches hand it out hundreds of thousands of times, and a struct's copy retained
/// each of its eight dictionaries every time.
public final class ScriptVariables: @unchecked Sendable {
    public private(set) var provided: [String: Int] = [:]
    /// Names provided by an env file: name -> what told us (the file or its template).
    public private(set) var loaded: [String: EnvFileNames] = [:]
    /// Loaded names that only some of the files a variable `source` path can name set
    /// (`SourcedCandidates`): name -> the files that set it.
    public private(set) var loadedBySome: [String: [String]] = [:]
    public private(set) var validated: [String: Int] = [:]
    /// Bare reads (no default operator), name -> lines, sorted.
    public private(set) var reads: [String: [Int]] = [:]
    /// Names whose every bare read is a switch test, name -> the default that keeps the test's meaning.
    public private(set) var switches: [String: String] = [:]
    /// Switches that are optional variables (`if [ -z "$X" ]; then exit 0; fi`): name -> the
    /// lines of their emptiness tests, the only reads that need a default.
    public private(set) var optionalTestLines: [String: [Int]] = [:]
    /// Switches that are optional values (`shop-cache${CACHE_SUFFIX}`, `echo "using $X"`):
    /// name -> why. Each is also in `switches`, defaulting to empty.
    public private(set) var optionalValues: [String: OptionalValue] = [:]

    /// The analysis of `file` in `reality`.
    public static func of(_ file: ShellFile, in reality: RepoReality) -> ScriptVariables {
        func make() -> ScriptVariables {
            var seen: Set<String> = []
            return ScriptVariables(file, reality: reality, topLevelOnly: false, seen: &seen)
        }
        // By text too (`inView`): rules ask for a rewritten task under its old path.
        return reality.inView("script-variables", file) {
            reality.variablesAreSelfContained(file) ? reality.perFile("script-variables", file, make) : make()
        }
    }

    /// Names the script needs from whoever runs it: validated or read bare, and not provided
    /// (switches and derivable names excluded by the caller).
    public var fromOutside: Set<String> {
        Set(validated.keys).union(reads.keys).subtracting(provided.keys).subtracting(switches.keys)
    }

    /// Whether an assignment's value is the variable itself, unchanged or checked:
    /// `$X`, `${X}`, `${X:?msg}`, `${X?msg}` (bash manual, "Shell Parameter Expansion":
    /// `${X:?word}` exits when X is unset or null, else expands to X).
    static func onlyPassesOn(_ name: String, _ value: String) -> Bool {
        if value == "$" + name || value == "${\(name)}" { return true }
        guard value.hasPrefix("${\(name)"), value.hasSuffix("}") else { return false }
        let rest = value.dropFirst(2 + name.count)
        return (rest.hasPrefix(":?") || rest.hasPrefix("?")) && !rest.dropLast().contains("}")
    }

    init(_ file: ShellFile, reality: RepoReality, topLevelOnly: Bool, seen: inout Set<String>) {
        seen.insert(file.path)
        let script = file.script
        func top(_ enclosing: [ShellConstruct]) -> Bool {
            !topLevelOnly || !enclosing.contains(where: \.isFunction)
        }
        func provide(_ name: String, _ line: Int) { if provided[name].map({ line < $0 }) ?? true { provided[name] = line } }
        func validate(_ name: String, _ line: Int) { if validated[name].map({ line < $0 }) ?? true { validated[name] = line } }

        for a in script.assignments where a.kind != .prefix && top(a.enclosing) {
            if a.kind == .export && a.value == nil { continue }
            // `export X="${X:?set X}"` or `X=$X` passes on what the caller gave: it provides
            // nothing (the `:?` is read below as the validation it is).
            if let value = a.value?.unquotedText, Self.onlyPassesOn(a.name, value) { continue }
            provide(a.name, a.line)
        }
        for exp in script.expansions where RequiredEnvironment.isEnvName(exp.name) && top(exp.enclosing) {
            switch exp.op {
            case ":=", "=": provide(exp.name, exp.line)
            case ":?", "?": validate(exp.name, exp.line)
            default:
                if !exp.isIndirect && !exp.hasDefault { reads[exp.name, default: []].append(exp.line) }
            }
        }
        // Names envsubst fills from the environment (`envsubst '${DOMAIN}'`): read at its line.
        for (name, line) in Self.envsubstNames(script) { reads[name, default: []].append(line) }
        for (name, lines) in reads { reads[name] = Array(Set(lines)).sorted() }

        // What sourced files provide and validate, at the line that sources them.
        for sourced in SourceGraph.sources(of: file, in: reality) {
            guard let path = sourced.path else { continue }
            if SourcedCandidates.isPattern(path) {
                // `source "$(dirname "$0")/../config/${STAGE}.env"`: one of the files the path can name.
                let found = SourcedCandidates.of(path, in: reality) { candidate -> [String] in
                    if sourced.kind == .envFile || SourceGraph.isEnvFileName(candidate) {
                        return EnvFiles.names(of: candidate, in: reality)?.names ?? []
                    }
                    guard !seen.contains(candidate), let lib = reality.shellFile(at: candidate) else { return [] }
                    return ScriptVariables(lib, reality: reality, topLevelOnly: true, seen: &seen).provided.keys.sorted()
                }
                guard let found else { continue }
                let env = EnvFileNames(path: path, names: found.every + found.some.keys.sorted(), origin: .file)
                for name in env.names {
                    provide(name, sourced.line)
                    if loaded[name] == nil { loaded[name] = env }
                    if let files = found.some[name] { loadedBySome[name] = files }
                }
                continue
            }
            if sourced.kind == .envFile {
                guard let env = EnvFiles.names(of: path, in: reality) else { continue }
                for name in env.names {
                    provide(name, sourced.line)
                    loaded[name] = env
                }
            } else if !seen.contains(path), let lib = reality.shellFile(at: path) {
                let inner = ScriptVariables(lib, reality: reality, topLevelOnly: true, seen: &seen)
                for name in inner.provided.keys { provide(name, sourced.line) }
                for name in inner.validated.keys { validate(name, sourced.line) }
                for (name, env) in inner.loaded where loaded[name] == nil { loaded[name] = env }
                for (name, files) in inner.loadedBySome where loadedBySome[name] == nil { loadedBySome[name] = files }
            }
        }

        // Calls: setters provide, validators validate; `getopts` sets its variable.
        let scope = FunctionSummaries.scope(of: file, in: reality)
        for command in script.commands where top(command.enclosing) {
            guard let name = command.name else { continue }
            if name == "getopts", let variable = command.arguments.dropFirst().first?.literal {
                provide(variable, command.startLine)
            }
            if let summary = scope[name] {
                for set in summary.setNames { provide(set.name, command.startLine) }
                for v in summary.validatedNames(by: command) { validate(v, command.startLine) }
            } else if RequiredEnvironment.validators.contains(name) {
                for arg in command.arguments { if let v = arg.literal, RequiredEnvironment.isEnvName(v) { validate(v, command.startLine) } }
            }
        }
        for (name, line) in Self.testValidations(script, scope: scope) { validate(name, line) }
        let bytes = Array(script.text.utf8)
        switches = Self.switchReads(script, reads: reads, validated: validated) { e in
            !Self.destroys(e, in: script) && !Self.toolEnvironment(e.name)
                && (Self.gluedStem(e, bytes: bytes) != nil || Self.printed(e, in: script, scope: scope))
        }
        for (name, lines) in Self.optionalTests(script, scope: scope) where validated[name] == nil && switches[name] == nil {
            guard reads[name] != nil else { continue }
            switches[name] = ""
            optionalTestLines[name] = lines
        }
        // A name the task read under `set -u` (its own, or a sourced library's, as the plan
        // found the task) already stopped it when unset: it did not run without it, and stays
        // required. Read of the plan's baseline, the same for every view sharing this cache.
        let open = Set(reads.keys.filter { validated[$0] == nil && switches[$0] == nil && provided[$0] == nil })
        if !open.isEmpty {
            let candidates = Self.optionalValues(script, bytes: bytes, reads: reads, scope: scope) { name in !open.contains(name) }
            if !candidates.isEmpty {
                let strict = reality.namesReadUnderNounset(file)
                    ?? (script.strictMode.nounset ? Set(candidates.keys) : [])
                optionalValues = candidates.filter { !strict.contains($0.key) }
            }
        }
        for name in optionalValues.keys { switches[name] = "" }
    }
}
