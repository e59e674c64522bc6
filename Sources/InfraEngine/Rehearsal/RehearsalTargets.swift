import Foundation

/// What `infra-tui rehearse` runs in a repository, and with which environment.
///
/// - The canonical entrypoint when it exists (one step; the doubles say which task made each
///   call). Otherwise every numbered task, in the order a runner's hand list gives (the order
///   people run them in today), the rest in task order.
/// - Teardown tasks (named like one, or whose cloud commands only delete) are left out of a
///   full run, and only run when `--only` names them.
public enum RehearsalTargets {
    public struct Selection: Sendable, Equatable {
        public var target: String
        public var steps: [RehearsalStep]
        public var teardown: [String]
        /// A teardown task was asked for, so its deletes are expected.
        public var deletesAllowed: Bool
    }

    public static func select(in reality: RepoReality, only: String? = nil) throws(EngineError) -> Selection {
        let teardown = reality.tasks.filter { isTeardown($0, in: reality) }.map(\.name)
        if let only {
            let wanted = only.hasSuffix(".sh") ? String(only.dropLast(3)) : only
            guard let task = reality.tasks.first(where: { $0.name == wanted || $0.path == only || $0.path.hasSuffix("/" + only) }) else {
                throw .usage("--only \(only): no such task (tasks: \(reality.tasks.map(\.name).joined(separator: ", ")))")
            }
            return Selection(target: task.path, steps: [step(task, folder: EntrypointInputs.workingFolder(reality))], teardown: teardown,
                             deletesAllowed: teardown.contains(task.name))
        }
        if let entry = reality.entrypoint {
            return Selection(target: entry.path, steps: [.script(entry.path)], teardown: teardown, deletesAllowed: false)
        }
        let order = runOrder(reality).filter { !teardown.contains($0.name) }
        let folder = EntrypointInputs.workingFolder(reality)
        return Selection(target: "tasks", steps: order.map { step($0, folder: folder) }, teardown: teardown, deletesAllowed: false)
    }

    /// A task run as its runner runs it: from the folder the runner `cd`s to, when it does.
    static func step(_ task: ShellFile, folder: String?) -> RehearsalStep {
        var step = RehearsalJobs.step(task.path, taskFolder: folder)
        step.name = task.name
        return step
    }

    /// Tasks in a runner's hand-kept order where one exists, then the rest in task order.
    static func runOrder(_ reality: RepoReality) -> [ShellFile] {
        let listed = Runner.all(in: reality).first { $0.handList != nil && !$0.delegates }?.handList?.names ?? []
        var seen = Set<String>()
        var out: [ShellFile] = []
        for name in listed { if let t = reality.task(named: name), seen.insert(t.name).inserted { out.append(t) } }
        for t in reality.tasks where seen.insert(t.name).inserted { out.append(t) }
        return out
    }

    static let teardownWords: Set<String> = ["destroy", "teardown", "delete", "cleanup", "clean", "uninstall", "purge", "nuke", "down", "remove", "wipe"]
    static let cloudTools: Set<String> = ["gcloud", "kubectl", "helm", "terraform", "aws", "az", "kind", "k3d", "docker"]
    static let deleteVerbs: Set<String> = ["delete", "destroy", "uninstall", "remove", "rm", "down"]
    static let makeVerbs: Set<String> = ["create", "apply", "install", "upgrade", "deploy", "up", "add", "enable", "set", "patch", "run"]

    /// A task that tears down, as the entrypoint's TEARDOWN_TASKS has it (`TaskRoles`), or by
    /// the wider words below; a task whose deletes are all routine (pruning, a delete before
    /// the same thing is made again) is none, whatever its name.
    static func isTeardown(_ task: ShellFile, in reality: RepoReality) -> Bool {
        if TaskRoles.teardown(task, in: reality) != nil || TaskRoles.heldBack(task, in: reality) != nil { return true }
        return isTeardown(task) && !TaskRoles.readDeletes(task, in: reality).routineOnly
    }

    /// A task that tears down: its name says so (`099-destroy`, `90_teardown-cluster`), or
    /// every cloud command it runs deletes.
    public static func isTeardown(_ task: ShellFile) -> Bool {
        if isTeardownName(task.path) { return true }
        var deletes = 0, makes = 0
        for cmd in task.script.commands {
            guard let name = cmd.name, cloudTools.contains(name) else { continue }
            let verbs = cmd.arguments.compactMap(\.literal)
            if verbs.contains(where: deleteVerbs.contains) { deletes += 1 } else if verbs.contains(where: makeVerbs.contains) { makes += 1 }
        }
        return deletes > 0 && makes == 0
    }

    /// A script whose file name says it tears down.
    public static func isTeardownName(_ path: String) -> Bool {
        let name = InfraLayout.taskName(path).lowercased()
        let words = name.split(whereSeparator: { !$0.isLetter }).map(String.init)
        return words.contains(where: teardownWords.contains) || name.contains("teardown")
    }

    /// The environment to rehearse with: `base` (an env file, or the person's environment)
    /// kept only for the names the scaffolding reads; names it needs and nothing sets get
    /// typed placeholders, returned apart so the report lists them. A name the scripts give
    /// a default themselves (`${X:=v}`, `${X=v}`) gets none: the rehearsal must see what a
    /// person who never set it sees.
    public static func environment(for reality: RepoReality, base: [String: String]) -> (values: [String: String], placeholders: [String: String]) {
        var names = Set(RequiredEnvironment.uses(in: reality).map(\.name))
        let required = RequiredEnvironment.required(in: reality)
        names.formUnion(required)
        var values = base.filter { names.contains($0.key) }
        var placeholders: [String: String] = [:]
        let defaulted = selfDefaulted(reality)
        for name in required where values[name] == nil && !defaulted.contains(name) {
            placeholders[name] = placeholder(for: name)
            values[name] = placeholders[name]
        }
        return (values, placeholders)
    }

    /// Names some script of the scaffolding assigns a default to by expansion.
    static func selfDefaulted(_ reality: RepoReality) -> Set<String> {
        var out = Set<String>()
        for file in reality.allScripts { for exp in file.script.expansions where exp.op == ":=" || exp.op == "=" { out.insert(exp.name) } }
        return out
    }

    /// Where placeholder files and folders live inside the sandbox (its /tmp).
    public static let placeholderFolder = "/tmp/infra-tui-placeholder"

    /// A value of the right shape for a variable, by its name: a file or folder (made in the
    /// sandbox's /tmp by RehearsalArea.makePlaceholderFiles), projects, zones, regions, CIDR
    /// ranges, IP addresses, e-mail addresses, domains and hosts; else `placeholder`.
    public static func placeholder(for name: String) -> String {
        let parts = Set(name.uppercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        func has(_ words: String...) -> Bool { words.contains(where: parts.contains) }
        // A file or folder the person points at (a key file, a values file): one that exists.
        if has("FILE", "KEYFILE") { return placeholderFolder + "/" + name.lowercased() + ".json" }
        if has("DIR", "FOLDER") { return placeholderFolder + "/" + name.lowercased() }
        if has("EMAIL", "MAIL", "CONTACT") { return "ops@example.org" }
        if has("PROJECT") { return "demo-project" }
        if has("CIDR", "RANGE", "SUBNET") { return "10.10.0.0/20" }
        if has("IP", "ADDRESS") { return "203.0.113.10" }
        if has("DOMAIN", "HOST", "HOSTNAME", "FQDN", "DNS") { return "app.example.org" }
        if has("ZONE") { return "europe-west1-b" }
        if has("REGION", "LOCATION") { return "europe-west1" }
        return "placeholder"
    }
}
