import ShellReader

/// What the shared-helpers rule knows about a tree: which helpers the library defines, and
/// for each task how it sources the library, what it redefines and whether it is strict.
struct HelpersAnalysis {
    struct Definition {
        let function: ShellFunction
        let path: String
    }

    struct TaskState {
        let file: ShellFile
        /// `source`/`.` commands that load the shared library.
        let libSources: [ShellCommand]
        /// Top-level functions the task defines itself.
        let ownFunctions: [ShellFunction]
        /// Helper names the task calls that neither it nor the library defines.
        let undefinedCalls: [(name: String, line: Int)]
        /// Whether a file the task sources by its own path (not the library) defines functions:
        /// the task has its helpers, and a library sourced in front of that file would only
        /// add a second vocabulary.
        let sourcesOwnHelpers: Bool
        /// Whether the first `libSources` line only finds the library from some working
        /// folders: a bare relative path (`source lib/x.sh`, `. ../lib/x.sh`) with no `cd`
        /// before it, so bash looks it up from the caller's folder. Only such a line is
        /// respelled: a line that already finds the library from anywhere (built from the
        /// script's folder, `$SCRIPT_DIR`, an absolute path, or after the script's own `cd`) or
        /// from something known only at run time (`$LIB_DIR`) works as the person wrote it.
        let sourceFollowsCaller: Bool
        /// For a task that does not source the library: why sourcing it would change what the
        /// task does (`LibraryTopLevel`); nil when it would not, or the task sources it already.
        let libraryInterference: String?
        /// The first read of a name before the line that sets it (`ScriptVariables.earlyReads`):
        /// unset there, it stops the task under `-u`.
        let earlyRead: ScriptVariables.EarlyRead?
        /// The files the task sources, directly or through others (`SourceGraph.closure`).
        let sourced: [String]
    }

    let library: String
    let libraryExists: Bool
    /// Whether the library exists once the rule has run: it exists, or helpers move into it
    /// (copied between tasks, standard ones a task calls). Nothing else creates it.
    let libraryWillExist: Bool
    let libraryDefinitions: [String: Definition]
    /// Each library definition's body read as a script, once per analysis (every task that
    /// calls a helper asks about its body: `nounsetBlocker`).
    let libraryBodies: [String: ShellScript]
    /// The library functions whose bodies read a name `-u` would stop at (`unsetRead`), by name.
    let libraryUnsetReads: [String: (line: Int, what: String)]
    /// The library functions whose bodies read bare a name their library reads as optional
    /// (a switch, `[ -n "$LOG_FILE" ] && ...`): unset, `-u` stops there. Name -> line (in the
    /// library) and variable.
    let libraryOptionalReads: [String: (line: Int, name: String)]
    /// The same at each library's top level, which runs in every task that sources it:
    /// library path -> line and variable.
    let libraryTopLevelOptionalReads: [String: (line: Int, name: String)]
    /// Functions defined twice in the library with different bodies.
    let libraryConflicts: [(first: ShellFunction, second: ShellFunction)]
    let tasks: [TaskState]
    /// Tasks written for a POSIX shell, with that shell; the rule leaves them out.
    let posixTasks: [(file: ShellFile, shell: String)]
    /// The source line every task should use.
    let canonicalSource: String
    /// How many tasks define each function name themselves.
    let taskDefinitions: [String: Int]
    /// Helpers the tasks will get from the library (already there, copied between tasks, or standard).
    let movedToLibrary: Set<String>
    /// Task copies that move into the library the rule writes: not there yet, and every task
    /// that defines the name gives it the same body (copied between tasks, or a standard one).
    let movesIntoLibrary: Set<String>
    /// Names the tasks define with different bodies (the session-14 tester's D2: one task's
    /// `log` with its own prefix, another's `die` exiting 3): each task keeps its own, and
    /// none moves into the library for them.
    let differingCopies: Set<String>

    /// Helpers whose standard body the rule can add when a task calls them and nothing defines them.
    static let standardHelpers: [String: [String]] = [
        "log": ["log() { printf '[%s] %s\\n' \"$(date +%H:%M:%S)\" \"$*\"; }"],
        "info": ["info() { log \"$@\"; }"],
        "warn": ["warn() { printf 'warning: %s\\n' \"$*\" >&2; }"],
        "die": ["die() { printf 'error: %s\\n' \"$*\" >&2; exit 1; }"],
        "fatal": ["fatal() { die \"$@\"; }"],
        "require_env": [
            "require_env() {",
            "  local v",
            "  for v in \"$@\"; do",
            "    [ -n \"${!v:-}\" ] || die \"missing env var $v\"",
            "  done",
            "}",
        ],
    ]

    /// The analysis of `reality`'s tree, made once per view (the findings and the operations
    /// both read it).
    static func of(_ reality: RepoReality) -> HelpersAnalysis {
        reality.memo.value("helpers-analysis") { HelpersAnalysis(reality) }
    }

    init(_ reality: RepoReality) {
        let library = reality.primaryLibrary
        self.library = library
        libraryExists = reality.snapshot.files[library] != nil
        var defs: [String: Definition] = [:]
        var conflicts: [(ShellFunction, ShellFunction)] = []
        for lib in reality.libraries.sorted(by: { ($0.path != library ? 1 : 0, $0.path) < ($1.path != library ? 1 : 0, $1.path) }) {
            for fn in lib.script.functions where fn.enclosing.isEmpty {
                if let prior = defs[fn.name] {
                    if prior.path == lib.path, prior.function.normalizedBody != fn.normalizedBody {
                        conflicts.append((prior.function, fn))
                    }
                    if prior.path != lib.path { continue }
                }
                defs[fn.name] = Definition(function: fn, path: lib.path)
            }
        }
        libraryDefinitions = defs
        libraryBodies = defs.mapValues { ShellReader.read($0.function.body) }
        // Judged once per function here, not once per task that reaches it.
        libraryUnsetReads = libraryBodies.compactMapValues { Self.unsetRead(in: $0) }
        // What each library reads as optional (its switches, `ScriptVariables`), judged once.
        var optionalNames: [String: Set<String>] = [:]
        var topLevel: [String: (line: Int, name: String)] = [:]
        for lib in reality.libraries {
            let optional = Set(ScriptVariables.of(lib, in: reality).switches.keys)
            optionalNames[lib.path] = optional
            // Names the environment may leave unset (`[ "$DEBUG" = "1" ] && set -x`, the session-10
            // tester's D6) are no variables of the tasks' (`RequiredEnvironment.ambient`), so the
            // switches above never hold them: the bare reads `-u` would stop at are read here.
            let ambientReads = NounsetSafeReads.ambientReads(lib.script)
            let ambient = Set(ambientReads.map(\.expansion.startOffset))
            optionalNames[lib.path] = optional.union(ambientReads.map(\.expansion.name))
            if let e = lib.script.expansions.first(where: { e in
                !e.hasDefault && !e.isIndirect && (optional.contains(e.name) || ambient.contains(e.startOffset))
                    && !e.enclosing.contains(where: \.isFunction)
            }) { topLevel[lib.path] = (e.line, e.name) }
        }
        libraryTopLevelOptionalReads = topLevel
        let bodies = libraryBodies
        libraryOptionalReads = defs.compactMapValues { def -> (line: Int, name: String)? in
            guard let optional = optionalNames[def.path], !optional.isEmpty, let body = bodies[def.function.name],
                  let e = body.expansions.first(where: { !$0.hasDefault && !$0.isIndirect && optional.contains($0.name) }) else { return nil }
            return (def.function.startLine + e.line - 1, e.name)
        }
        // The entrypoint infra-tui writes uses the library's own log/die when it has them and
        // keeps private ones otherwise: nothing is added to the library, nor a library created,
        // for its sake alone.
        libraryConflicts = conflicts
        let libName = String(library.split(separator: "/").last ?? "")
        // What sourcing the library would run: the same library and closure for every task.
        let sourcedLibrary = reality.shellFile(at: library).map { ($0, SourceGraph.closure(of: $0, in: reality)) }
        // Each task on its own, on every core.
        let read = reality.tasks.concurrentMap { task -> TaskRead in
            // A POSIX sh task gets no bash edits (PosixTask): it is reported, not analysed.
            if let shell = PosixTask.shell(task.script) { return .posix(task, shell) }
            let sources = task.script.sources.filter { cmd in
                guard let arg = cmd.arguments.first else { return false }
                if let resolved = ScriptPaths.resolve(arg, from: task.path), resolved == library { return true }
                return arg.unquotedText.hasSuffix("/" + libName) || arg.unquotedText == libName
            }
            let own = task.script.functions.filter { $0.enclosing.isEmpty }
            // A helper file the task sources by its own path (`. "$(dirname "$0")/env.sh"`, not
            // only `lib/*.sh`) defines what bash will find when the call runs.
            let sourcedDefinitions = SourceGraph.closure(of: task, in: reality)
                .filter { $0.path != library }
                .flatMap { $0.script.functions.filter { $0.enclosing.isEmpty }.map(\.name) }
            let defined = Set(own.map(\.name)).union(defs.keys).union(sourcedDefinitions)
            var undefined: [(String, Int)] = []
            var seen: Set<String> = []
            for cmd in task.script.commands {
                guard let name = cmd.name, Self.standardHelpers[name] != nil, !defined.contains(name), !seen.contains(name) else { continue }
                seen.insert(name)
                undefined.append((name, cmd.startLine))
            }
            var followsCaller = false
            if let first = sources.first,
               let sourced = SourceGraph.sources(of: task, in: reality).first(where: { $0.line == first.startLine }),
               sourced.anchor == .workingFolder, case .some(.none) = PathResolver.of(task, in: reality).cwd(at: first.startLine) {
                followsCaller = true
            }
            var interference: String?
            if sources.isEmpty, let (lib, closure) = sourcedLibrary {
                interference = LibraryTopLevel.interference(of: lib, closure: closure, with: task.script)
            }
            return .bash(TaskState(file: task, libSources: sources, ownFunctions: own, undefinedCalls: undefined,
                                    sourcesOwnHelpers: !sourcedDefinitions.isEmpty, sourceFollowsCaller: followsCaller,
                                    libraryInterference: interference,
                                    earlyRead: ScriptVariables.earlyReads(task, vars: ScriptVariables.of(task, in: reality)).first,
                                    sourced: SourceGraph.closure(of: task, in: reality).map(\.path)))
        }
        var states: [TaskState] = []
        var posix: [(ShellFile, String)] = []
        for r in read {
            switch r {
            case .bash(let state): states.append(state)
            case .posix(let task, let shell): posix.append((task, shell))
            }
        }
        tasks = states
        posixTasks = posix
        var counts: [String: Int] = [:]
        // Each name's task bodies as bash would run them (normalised for whitespace and
        // comments only): copies move into the library only when they all agree.
        var copyBodies: [String: Set<String>] = [:]
        for state in states {
            for name in Set(state.ownFunctions.map(\.name)) { counts[name, default: 0] += 1 }
            for fn in state.ownFunctions { copyBodies[fn.name, default: []].insert(fn.normalizedBody) }
        }
        taskDefinitions = counts
        let differing = Set(copyBodies.filter { $0.value.count > 1 }.keys)
        differingCopies = differing
        let movesIn = Set(counts.keys.filter { defs[$0] == nil && !differing.contains($0)
            && (counts[$0]! > 1 || Self.standardHelpers[$0] != nil) })
        movesIntoLibrary = movesIn
        movedToLibrary = movesIn.union(counts.keys.filter { defs[$0] != nil })
        libraryWillExist = libraryExists || !conflicts.isEmpty || states.contains { state in
            !state.undefinedCalls.isEmpty || state.ownFunctions.contains { movesIn.contains($0.name) }
        }
        // The most common way tasks already source the library, else the documented default.
        // Only a form anchored to the script's own folder counts: `source lib/x.sh` works from
        // one working folder only, so making every task use it would break the others.
        var sourceCounts: [String: Int] = [:]
        for state in states {
            guard let cmd = state.libSources.first else { continue }
            let anchor = SourceGraph.sources(of: state.file, in: reality).first { $0.line == cmd.startLine }?.anchor
            guard anchor == .scriptFolder else { continue }
            sourceCounts[Self.commandText(cmd, in: state.file.script), default: 0] += 1
        }
        let fallback = "source \"$(dirname \"${BASH_SOURCE[0]}\")/\(relativePath(from: reality.layout.tasksDir, to: library))\""
        canonicalSource = sourceCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key ?? fallback
    }

    /// Whether a task that does not source the library is reported for it: the task defines
    /// or calls helpers, and the library will exist after the fix (never a library nothing
    /// creates); unless a file the task sources provides its helpers.
    func shouldSourceLibrary(_ task: TaskState) -> Bool {
        guard !task.sourcesOwnHelpers, libraryWillExist, task.libraryInterference == nil,
              !ownVersionAboveNewSource(task) else { return false }
        // A task that neither defines nor calls a helper has no use for the library; sourcing it
        // would only bring the library's side effects (its defaults, traps, options) in.
        return !task.ownFunctions.isEmpty || !task.undefinedCalls.isEmpty
            || task.file.script.commands.contains { $0.name.map { libraryDefinitions[$0] != nil } ?? false }
    }

    /// Whether the task defines its own version of a helper the library will define (another
    /// body) above the line where a new `source` line would go: bash would read the library's
    /// after it, so the task's calls would run the library's body instead of its own.
    func ownVersionAboveNewSource(_ task: TaskState) -> Bool {
        guard task.libSources.isEmpty, !task.ownFunctions.isEmpty else { return false }
        let load = newSourceLine(task)
        return task.ownFunctions.contains { fn in
            guard fn.startLine < load else { return false }
            if let shared = sharedBody(fn.name) { return shared.normalizedBody != fn.normalizedBody }
            // A standard helper the rule adds for another task's call.
            return tasks.contains { $0.undefinedCalls.contains { $0.name == fn.name } }
        }
    }

    /// The line a `source` line the rule adds to `task` would have (`preambleAnchor` + 1).
    private func newSourceLine(_ task: TaskState) -> Int {
        let script = task.file.script
        let topSet = script.commands.first { $0.name == "set" && $0.enclosing.isEmpty }
        let header = script.lines.prefix { $0.trimmingWhitespace().hasPrefix("#") }.count
        return max(script.strictMode.line ?? 0, topSet.map { $0.startLine <= 5 ? $0.endLine : 0 } ?? 0, header, 1) + 1
    }

    /// The body a task's call to `name` runs once the task's own copy is gone: the library's,
    /// or the first task copy that moves into it (as `SharedHelpersRule.libraryText` picks it).
    func sharedBody(_ name: String) -> ShellFunction? {
        if let lib = libraryDefinitions[name] { return lib.function }
        guard movedToLibrary.contains(name) else { return nil }
        return tasks.lazy.compactMap { $0.ownFunctions.first { $0.name == name } }.first
    }

    /// Whether the rule removes the task's own `fn` (the library's, or the shared copy, answers its calls).
    func removes(_ fn: ShellFunction, in task: TaskState) -> Bool {
        movedToLibrary.contains(fn.name) && Self.ownsItsLines(fn, in: task.file.script) && keepReason(fn, in: task) == nil
    }

    /// Why the task keeps its own copy of `fn` although the library has one (nil: it goes).
    func keepReason(_ fn: ShellFunction, in task: TaskState) -> String? {
        guard let shared = sharedBody(fn.name) else { return nil }
        // Its copy goes only if the task may source the library in its place.
        if task.libSources.isEmpty, let why = task.libraryInterference { return "sourcing \(library) would \(why)" }
        // Nor while a call runs before the library is there to answer it.
        let load = libraryLoadLine(task)
        if let early = HelperReplacement.earlyCall(of: fn, before: load?.line ?? Int.max, in: task.file.script) {
            let call = early.via.map { "line \(early.line) calls `\($0)`, which calls it," } ?? "line \(early.line) calls it"
            guard let load else { return "\(call) and the task does not source \(library) where bash would run it first" }
            return load.added ? "\(call) before the line that sources \(library), which the patch adds after line \(load.line - 1)"
                : "\(call) before line \(load.line) sources \(library)"
        }
        return HelperReplacement.keepReason(own: fn, library: shared, in: task.file.script)
    }

    /// The line from which the library's functions answer the task's calls: its first
    /// `source` of the library outside a function; for a task that does not source it, the
    /// latest line the rule may put its new `source` line after (the strict-mode line, or a
    /// `set` near the top; `SharedHelpersRule.preambleAnchor`), plus one. Nil when the task
    /// only sources it inside a function, or will not source it at all; `added` when the
    /// `source` line is the one the rule adds.
    func libraryLoadLine(_ task: TaskState) -> (line: Int, added: Bool)? {
        if !task.libSources.isEmpty {
            return task.libSources.first { $0.functionName == nil }.map { ($0.startLine, false) }
        }
        guard shouldSourceLibrary(task) else { return nil }
        return (newSourceLine(task), true)
    }

    /// A task as the analysis reads it: a bash task's state, or a POSIX sh task reported alone.
    private enum TaskRead {
        case bash(TaskState)
        case posix(ShellFile, String)
    }

    static func commandText(_ cmd: ShellCommand, in script: ShellScript) -> String {
        let bytes = Array(script.text.utf8)
        guard cmd.startOffset >= 0, cmd.endOffset <= bytes.count, cmd.startOffset < cmd.endOffset else { return "" }
        return String(decoding: bytes[cmd.startOffset..<cmd.endOffset], as: UTF8.self)
    }

    /// Whether a function's definition occupies whole lines, so removing those lines removes
    /// exactly it.
    static func ownsItsLines(_ fn: ShellFunction, in script: ShellScript) -> Bool {
        let first = script.lines[fn.startLine - 1].trimmingWhitespace()
        let last = script.lines[fn.endLine - 1].trimmingWhitespace()
        return first.hasPrefix(fn.name) || first.hasPrefix("function ")
            ? (last.hasSuffix("}") || last.hasSuffix(")")) : false
    }
}
