import ShellReader

/// What keeps a create from failing on a second run, read from the control flow around it
/// (issue 12 item 3).
public enum CreateGuard: Sendable, Equatable {
    /// Inside the then/else branches of an `if` whose condition looks the thing up.
    case probeBranch(line: Int)
    /// After `if LOOKUP; then ...; exit 0; fi` at the same level.
    case earlyExit(line: Int)
    /// `LOOKUP || create` (or any `x || create`: the create only runs when x failed).
    case orChain
    /// A delete that tolerates absence ran first (`kubectl delete --ignore-not-found`).
    case deletedFirst(line: Int)
    /// An ensure-helper or probe function guards it (the call is the helper itself).
    case helper
    /// `create || true`, `create 2>/dev/null || echo ...`: a second run survives, but every
    /// other error is hidden too (and a Secret is never updated).
    case swallowed
    case unguarded

    /// Re-runnable without a finding.
    public var isGuarded: Bool {
        switch self {
        case .swallowed, .unguarded: false
        default: true
        }
    }
}

/// Every command of one script resolved to its tool invocation, with the functions the
/// script can call (its own and what it sources).
///
/// A class, though a value in every other respect (every property is a constant): the
/// plan's caches hand it out a few hundred thousand times, and a struct's copy retained
/// each of its references every time.
public final class ScriptCommands: Sendable {
    public let file: ShellFile
    public let scope: FunctionScope
    /// In script order; commands that are no tool call (nor a wrapper's) are left out.
    public let commands: [EffectiveCommand]
    /// The deletes among `commands`, in script order, by tool and subject: each create looks
    /// up its own (scanning every command per create made a task with n creates cost n^2).
    private let deletes: [DeleteKey: [EffectiveCommand]]
    /// Position in `commands` by the script command's index, so a rule walking the script's
    /// own commands finds the tool call one makes (directly or through a wrapper) in O(1).
    private let byIndex: [Int: Int]

    private struct DeleteKey: Hashable, Sendable {
        let tool: String
        let subject: String?
    }

    init(file: ShellFile, scope: FunctionScope, commands: [EffectiveCommand]) {
        self.file = file
        self.scope = scope
        self.commands = commands
        var deletes: [DeleteKey: [EffectiveCommand]] = [:]
        for d in commands where d.action == .delete {
            deletes[DeleteKey(tool: d.tool, subject: d.subject), default: []].append(d)
        }
        self.deletes = deletes
        byIndex = Dictionary(commands.enumerated().map { ($0.element.index, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// The tool invocation `file.script.commands[index]` makes, or nil when it makes none.
    public func command(at index: Int) -> EffectiveCommand? {
        byIndex[index].map { commands[$0] }
    }

    /// The guard of a create (or `.unguarded` for anything that is not guarded). Branch
    /// polarity counts (`BranchFacts`): the then-branch of `if probe` runs when the thing
    /// exists, so only `if ! probe`, the else of `if probe`, `probe || create` and an exit
    /// when it exists guard a create.
    public func guardOf(_ create: EffectiveCommand) -> CreateGuard {
        let cmd = create.command
        let facts = branchFacts(tool: create.tool)
        let lookup = { [self] (i: Int) in isLookup(file.script.commands[i], tool: create.tool) }
        if create.index >= 0, let byList = facts.guardedByList(create.index) {
            if byList { return .orChain }
        } else if cmd.operatorBefore == "||" {
            return .orChain  // `x || create`: the create only runs when x failed
        }
        if let line = facts.guardingBranch(of: cmd, isLookup: lookup) { return .probeBranch(line: line) }
        if let line = facts.earlyExit(before: cmd, isLookup: lookup) { return .earlyExit(line: line) }
        if let delete = deletes[DeleteKey(tool: create.tool, subject: create.subject)]?.first(where: { d in
            d.index < create.index && d.action == .delete && d.tool == create.tool && d.subject == create.subject
                && (d.has("--ignore-not-found") || d.command.operatorAfter == "||" || ["k3d", "kind"].contains(d.tool))
        }) { return .deletedFirst(line: delete.line) }
        if cmd.operatorAfter == "||", create.index >= 0, create.index + 1 < file.script.commands.count {
            return handlerKills(after: create.index) ? .unguarded : .swallowed
        }
        return .unguarded
    }

    /// The branch reading for lookups of `tool` (a probe function, or the tool's own lookups).
    private func branchFacts(tool: String) -> BranchFacts {
        BranchFacts(script: file.script, succeeds: { [scope] c in
            BranchFacts.cannotFail(c) || c.name.flatMap { scope[$0]?.onlyPrints } == true
        }) { [self] c in isLookup(c, tool: tool) ? .exists : nil }
    }

    /// Whether the `|| ...` after command `index` ends the script (`|| die`, `|| exit 1`,
    /// `|| { echo; exit 1; }`): then a second run still fails.
    private func handlerKills(after index: Int) -> Bool {
        let all = file.script.commands
        let depth = all[index].enclosing.count
        var i = index + 1
        while i < all.count {
            let c = all[i]
            if i > index + 1, c.enclosing.count <= depth { break }
            if c.name == "exit" || c.name == "return" { return c.arguments.first?.literal.map { $0 != "0" } ?? true }
            if let name = c.name, scope[name]?.kills == true { return true }
            if c.enclosing.count <= depth, c.operatorAfter != "&&", c.operatorAfter != ";" { break }
            i += 1
        }
        return false
    }

    /// Whether `c` (a condition command) asks whether something of `tool` exists.
    func isLookup(_ c: ShellCommand, tool: String) -> Bool {
        if let name = c.name, let s = scope[name], s.wrapper == nil, s.isProbe { return true }
        guard let e = EffectiveCommand.resolve(c, scope: scope.summaries) else { return false }
        return e.action.isLookup && e.tool == tool
    }

}

/// The effective commands of the scripts of a tree, built once per script and view.
public enum EffectiveCommands {
    /// The commands of `file` in `reality`'s tree. Kept across the views of one plan while
    /// the script and the libraries keep their bytes (`ScriptCache.derived`): most views only
    /// differ in files a task does not source.
    public static func of(_ file: ShellFile, in reality: RepoReality) -> ScriptCommands {
        // By text within the view too (`inView`): a rule asks about its own rewrite of a task
        // under the task's path, and a view is kept for the next rule when nothing changed.
        reality.inView("effective-commands", file) {
            // The libraries are an input: views before and after an operation that edits a
            // library are planned side by side, and each keeps its own value.
            reality.cache.derived("effective-commands", path: file.path, from: file.script.text, reality.librariesText) {
                make(file, in: reality)
            }
        }
    }

    private static func make(_ file: ShellFile, in reality: RepoReality) -> ScriptCommands {
        let scope: FunctionScope
        if file.script.functions.isEmpty {
            // A script that defines no function can call what it sources and nothing else:
            // every task of a folder with the same `source` lines shares one scope (what they
            // source is resolved from the folder, and is a library of this tree).
            let sourceLines = file.script.sources.map { $0.words.map(\.raw).joined(separator: " ") }.joined(separator: "\n")
            scope = reality.cache.derived("closure-scope\u{0}\(parentFolder(file.path))\u{0}\(sourceLines)\u{0}\(librariesKey(reality))",
                                          from: reality.librariesText) {
                FunctionSummaries.scope(of: file, in: reality)
            }
        } else {
            scope = FunctionSummaries.scope(of: file, in: reality)
        }
        var out: [EffectiveCommand] = []
        for (i, cmd) in file.script.commands.enumerated() where !cmd.enclosing.contains(.substitution) {
            if let e = EffectiveCommand.resolve(cmd, scope: scope.summaries, index: i) { out.append(e) }
        }
        return ScriptCommands(file: file, scope: scope, commands: out)
    }

    /// `contentKey` of the view's libraries, worked out once per view (asked per task).
    static func librariesKey(_ reality: RepoReality) -> Int { reality.librariesKey }

    /// A key for a list of texts within one process (a cache key, never written anywhere).
    static func contentKey(_ texts: [String]) -> Int {
        var h = Hasher()
        for t in texts { h.combine(t) }
        return h.finalize()
    }
}
