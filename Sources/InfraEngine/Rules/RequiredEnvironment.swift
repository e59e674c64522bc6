import ShellReader

/// The variables the tasks need from the person's environment: read (without a default) or
/// validated by the tasks and libraries, and set by nothing in the scaffolding.
public enum RequiredEnvironment {
    /// Variables bash or the system sets; never "required".
    static let ambient: Set<String> = [
        "HOME", "PATH", "PWD", "OLDPWD", "USER", "LOGNAME", "SHELL", "BASH", "BASH_SOURCE", "BASH_VERSION",
        "BASH_REMATCH", "BASH_LINENO", "BASHPID", "LINENO", "RANDOM", "SECONDS", "IFS", "PPID", "UID", "EUID",
        "HOSTNAME", "HOSTTYPE", "OSTYPE", "MACHTYPE", "TMPDIR", "TERM", "LANG", "LC_ALL", "FUNCNAME", "PIPESTATUS",
        "OPTARG", "OPTIND", "SHLVL", "CI", "EDITOR", "VISUAL", "DEBUG", "INFRA_LOG_DIR",
        // Set by bash builtins or bash itself (bash manual, "Bash Variables").
        "REPLY", "MAPFILE", "OPTERR", "COPROC", "EPOCHSECONDS", "EPOCHREALTIME", "SRANDOM", "BASH_ARGC", "BASH_ARGV",
        "BASH_COMMAND", "BASH_SUBSHELL", "BASH_VERSINFO", "BASH_ENV", "BASH_XTRACEFD", "COLUMNS", "LINES", "GROUPS",
        "HISTFILE", "HISTSIZE", "PS1", "PS2", "PS4", "TMOUT", "DIRSTACK", "COMP_WORDS", "COMP_CWORD", "COMPREPLY",
    ]
    /// Commands whose arguments name variables that must be set.
    static let validators: Set<String> = ["require_env", "require_vars", "require_var", "need_env", "check_env", "ensure_env"]

    public struct Use: Sendable, Equatable {
        public let name: String
        public let path: String
        public let line: Int
        public let validated: Bool
    }

    /// Every place a task or library reads or validates an environment variable, by name.
    public static func uses(in reality: RepoReality) -> [Use] {
        reality.memo.value("environment-uses") { find(in: reality) }
    }

    private static func find(in reality: RepoReality) -> [Use] {
        // Per file, from its text alone: the views of a plan share what did not change.
        (reality.tasks + reality.libraries).concurrentMap { file in
            reality.cache.derived("environment-uses", path: file.path, from: file.script.text) { fileUses(file) }
        }.flatMap { $0 }
    }

    /// The uses of one task or library.
    static func fileUses(_ file: ShellFile) -> [Use] {
        var out: [Use] = []
        let script = file.script
        for exp in script.expansions where isEnvName(exp.name) && !exp.isIndirect && !exp.hasDefault {
            out.append(Use(name: exp.name, path: file.path, line: exp.line, validated: exp.op == ":?" || exp.op == "?"))
        }
        for exp in script.expansions where isEnvName(exp.name) && (exp.op == ":?" || exp.op == "?") {
            out.append(Use(name: exp.name, path: file.path, line: exp.line, validated: true))
        }
        for (name, line) in ScriptVariables.envsubstNames(script) {
            out.append(Use(name: name, path: file.path, line: line, validated: false))
        }
        for cmd in script.commands {
            if let name = cmd.name, validators.contains(name) {
                for arg in cmd.arguments { if let v = arg.literal, isEnvName(v) { out.append(Use(name: v, path: file.path, line: cmd.startLine, validated: true)) } }
            }
            // `[ -n "${X:-}" ] || die ...` validates X.
            if (cmd.name == "[" || cmd.name == "[[" || cmd.name == "test"), cmd.operatorAfter == "||" || cmd.operatorAfter == "&&" {
                let words = cmd.arguments.map(\.unquotedText)
                if let flag = words.firstIndex(where: { $0 == "-n" || $0 == "-z" }), flag + 1 < words.count,
                   let name = variableName(in: words[flag + 1]), isEnvName(name) {
                    out.append(Use(name: name, path: file.path, line: cmd.startLine, validated: true))
                }
            }
        }
        return out
    }

    /// Names assigned anywhere in the scaffolding (tasks, libraries, entrypoint, runners).
    public static func assigned(in reality: RepoReality, includeEntrypoint: Bool = true) -> Set<String> {
        var files = reality.tasks + reality.libraries
        if includeEntrypoint, let entry = reality.entrypoint { files.append(entry) }
        return Set(files.flatMap { $0.script.assignments.map(\.name) })
    }

    /// The sorted list the entrypoint checks before any task runs: every name some task needs
    /// from its caller (validated, or read bare and so validated by the variables rule) that
    /// nothing loads, defaults or derives for it, plus what the libraries' functions read that
    /// no task provides. Names an env file or an earlier task's state file loads are provided
    /// (`ScriptVariables`); the entrypoint's own defaults are subtracted.
    public static func required(in reality: RepoReality) -> [String] {
        reality.memo.value("required-environment") { Tally(reality).list }
    }

    /// What `required(in:)` counts, file by file, so a rule that rewrites tasks one at a time
    /// updates it per rewrite instead of going over every task again (which was quadratic
    /// when hundreds of tasks needed the entrypoint's list changed). A changed library changes
    /// what every task sourcing it gets: build a new tally then.
    struct Tally {
        private let reality: RepoReality
        /// Names the scaffolding reads anywhere (what makes a derivation possible).
        private let known: Set<String>
        private let knownKey: String
        /// Name -> how many files need it.
        private var counts: [String: Int] = [:]
        private var byFile: [String: Set<String>] = [:]
        /// The entrypoint's own top-level assignments (its defaults).
        private var entrypointAssigns: Set<String> = []

        init(_ reality: RepoReality) {
            self.reality = reality
            let (known, knownKey) = UncheckedReads.known(in: reality)
            self.known = known
            self.knownKey = knownKey
            var providedByTasks: Set<String> = []
            let perTask = reality.tasks.concurrentMap { task in
                let vars = ScriptVariables.of(task, in: reality)
                // A task run only by name (a teardown, one that takes arguments) is no part of a
                // full run, which must not stop for what it alone needs (the session-9 third
                // tester's D10); its own check, which the variables rule adds, asks for it.
                let needs = Self.runsByNameOnly(task, in: reality) ? [] : UncheckedReads.shared("needs", task, knownKey: knownKey, in: reality) {
                    UncheckedReads.needs(task, vars: vars, known: known)
                }
                return (vars.provided.keys, needs)
            }
            for (task, (provided, needs)) in zip(reality.tasks, perTask) {
                providedByTasks.formUnion(provided)
                add(task.path, needs)
            }
            for lib in reality.libraries {
                let vars = ScriptVariables.of(lib, in: reality)
                add(lib.path, Set(vars.reads.keys).subtracting(vars.provided.keys).subtracting(vars.switches.keys)
                    .subtracting(providedByTasks))
            }
            if let entry = reality.entrypoint { updateEntrypoint(entry.script) }
        }

        /// A task now reads `script`.
        mutating func update(_ path: String, script: ShellScript) {
            update(path, needs: needs(path, script: script))
        }

        /// What a task reading `script` needs from outside: reads only the tally's view, so
        /// rewrites on every core can each work it out before `update(_:needs:)` keeps it in order.
        func needs(_ path: String, script: ShellScript) -> Set<String> {
            let file = ShellFile(path: path, script: script)
            return Self.runsByNameOnly(file, in: reality) ? [] : UncheckedReads.needs(file, vars: ScriptVariables.of(file, in: reality), known: known)
        }

        /// A task now needs `needs` (from `needs(_:script:)`).
        mutating func update(_ path: String, needs: Set<String>) {
            remove(path)
            add(path, needs)
        }

        /// Whether the entrypoint runs `task` only when named: a teardown, or a task that needs
        /// arguments (`EntrypointInputs`' roles, by the same predicates).
        static func runsByNameOnly(_ task: ShellFile, in reality: RepoReality) -> Bool {
            TaskRoles.runsByNameOnly(task, in: reality)
        }

        mutating func updateEntrypoint(_ script: ShellScript) {
            entrypointAssigns = Set(script.assignments.filter { $0.enclosing.isEmpty }.map(\.name))
        }

        /// The required names, sorted.
        var list: [String] {
            counts.keys.filter { !entrypointAssigns.contains($0) }.sorted()
        }

        private mutating func add(_ path: String, _ names: Set<String>) {
            byFile[path] = names
            for name in names { counts[name, default: 0] += 1 }
        }

        private mutating func remove(_ path: String) {
            guard let old = byFile.removeValue(forKey: path) else { return }
            for name in old { counts[name]! -= 1; if counts[name] == 0 { counts[name] = nil } }
        }
    }

    static func isEnvName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first >= "A" && first <= "Z") else { return false }
        guard name.unicodeScalars.allSatisfy({ $0 == "_" || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }) else { return false }
        return !ambient.contains(name) && name != "_"
    }

    /// `${X:-}` / `$X` / `${X}` -> X.
    static func variableName(in text: String) -> String? {
        var s = Substring(text)
        guard s.hasPrefix("$") else { return nil }
        s = s.dropFirst()
        if s.hasPrefix("{") { s = s.dropFirst() }
        let name = s.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
        return name.isEmpty ? nil : String(name)
    }
}
