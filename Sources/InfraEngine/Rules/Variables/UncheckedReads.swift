import ShellReader

/// A variable one task reads bare that nothing sets, defaults, loads or validates, read from
/// the shared `ScriptVariables` model, and what to do about it.
struct UncheckedRead: Sendable, Equatable {
    enum Remedy: Sendable, Equatable {
        /// Needed from the caller: validate it up front, list it in the entrypoint.
        case validate
        /// Derivable from a name the task already has: `X="${X:-expression}"` after `afterLine`.
        case derive(from: [String], expression: String, afterLine: Int)
        /// An optional switch: read it as `${X:-default}` on the lines that test it.
        case defaultSwitch(String)
    }
    let name: String
    let lines: [Int]
    let remedy: Remedy

    /// The names it is derived from (empty unless derived).
    var derivedFrom: [String] { if case .derive(let from, _, _) = remedy { return from } else { return [] } }
    var isSwitch: Bool { if case .defaultSwitch = remedy { return true } else { return false } }
}

enum UncheckedReads {
    /// The unchecked reads of each task, in task order (memoized per view).
    static func all(in reality: RepoReality) -> [(task: ShellFile, reads: [UncheckedRead])] {
        reality.memo.value("unchecked-reads") {
            _ = known(in: reality)  // once, before the tasks ask it on every core
            return zip(reality.tasks, reality.tasks.concurrentMap { of($0, in: reality) }).compactMap { task, reads in
                reads.isEmpty ? nil : (task, reads)
            }
        }
    }

    /// The unchecked reads of one task of `reality`, kept across views like the per-file
    /// analyses (`all` is this for every task; a caller that needs a few tasks asks here).
    static func of(_ task: ShellFile, in reality: RepoReality) -> [UncheckedRead] {
        let known = known(in: reality)
        return shared("unchecked-reads", task, knownKey: known.key, in: reality) {
            of(task, vars: ScriptVariables.of(task, in: reality), known: known.names)
        }
    }

    /// The names the scaffolding reads or validates anywhere (`RequiredEnvironment.uses`),
    /// and them as a key (`knownKey`), once per view.
    static func known(in reality: RepoReality) -> (names: Set<String>, key: String) {
        reality.memo.value("environment-known") { () -> (names: Set<String>, key: String) in
            let names = Set(RequiredEnvironment.uses(in: reality).map(\.name))
            return (names, knownKey(names))
        }
    }

    /// One task's unchecked reads. `known`: names the scaffolding reads or validates anywhere,
    /// which make a derivation possible even when this task does not name its source.
    static func of(_ task: ShellFile, vars: ScriptVariables, known: Set<String>) -> [UncheckedRead] {
        var out: [UncheckedRead] = []
        // Read only under a deliberate `set +u`: optional on purpose (issue 13, item 8).
        let relaxed = RelaxedNounset.ranges(task.script)
        for name in vars.reads.keys.sorted() where vars.provided[name] == nil && vars.validated[name] == nil {
            let lines = vars.reads[name]!
            if !relaxed.isEmpty, lines.allSatisfy({ line in relaxed.contains { $0.contains(line) } }) { continue }
            if let value = vars.switches[name] {
                // An optional variable needs its default only where it is tested; the
                // other reads run when it is set (`exit 0` or `&&` before them).
                let tested = vars.optionalTestLines[name].map { t in lines.filter(t.contains) } ?? lines
                if tested.isEmpty { continue }
                out.append(UncheckedRead(name: name, lines: tested, remedy: .defaultSwitch(value)))
            } else if let d = derivation(of: name, vars: vars, known: known, before: lines[0]) {
                out.append(UncheckedRead(name: name, lines: lines, remedy: d))
            } else {
                out.append(UncheckedRead(name: name, lines: lines, remedy: .validate))
            }
        }
        return out
    }

    /// A per-task value that reads the task, the context and `known` (as `knownKey`): shared
    /// by the views of a plan like `RepoReality.perFile`, when the task's variables are.
    static func shared<T>(_ purpose: String, _ task: ShellFile, knownKey: String, in reality: RepoReality, _ make: () -> T) -> T {
        guard reality.variablesAreSelfContained(task) else { return make() }
        return reality.cache.derived(purpose, path: task.path, from: [task.script.text, reality.analysisKey(of: task), knownKey], make)
    }

    /// `known` as a key (names sorted), worked out once per view by its callers.
    static func knownKey(_ known: Set<String>) -> String { known.sorted().joined(separator: " ") }

    /// The names a task needs from its caller: what it validates or reads bare, minus what it
    /// provides, its switches and what it can derive.
    static func needs(_ task: ShellFile, vars: ScriptVariables, known: Set<String>) -> Set<String> {
        let local = of(task, vars: vars, known: known)
        var out = vars.fromOutside
        for read in local where read.remedy != .validate { out.remove(read.name) }
        for read in local { out.formUnion(read.derivedFrom) }
        return out
    }

    /// A value with a natural source (GCP naming): a region is its zone without the last
    /// part (`europe-west4-b` -> `europe-west4`), with the same prefix (`MAPS_REGION` from
    /// `MAPS_ZONE`); a GKE kube context is `gke_PROJECT_LOCATION_CLUSTER` (the name
    /// `gcloud container clusters get-credentials` writes).
    static func derivation(of name: String, vars: ScriptVariables, known: Set<String>, before line: Int) -> UncheckedRead.Remedy? {
        // A source the task itself sets only after the read is no source: `echo $REGION;
        // ZONE=${REGION}-b` must not derive REGION from the ZONE it is about to make (the
        // session-9 tester's D9).
        func has(_ n: String) -> Bool {
            if let v = vars.validated[n], v < line { return true }
            if let p = vars.provided[n] { return p < line }
            return vars.validated[n] != nil || vars.reads[n] != nil || known.contains(n)
        }
        func at(_ n: String) -> Int { [vars.validated[n], vars.provided[n]].compactMap { $0 }.filter { $0 < line }.max() ?? 0 }
        if name.hasSuffix("REGION") {
            let zone: String = String(name.dropLast(6)) + "ZONE"
            if has(zone) { return .derive(from: [zone], expression: "${\(zone)%-*}", afterLine: at(zone)) }
        }
        if name.hasSuffix("KUBE_CONTEXT") {
            let p = String(name.dropLast(12))
            let project = ["PROJECT", "PROJECT_ID"].map { p + $0 }.first(where: has)
            let location = ["LOCATION", "REGION", "ZONE"].map { p + $0 }.first(where: has)
            let cluster = ["CLUSTER", "CLUSTER_NAME"].map { p + $0 }.first(where: has)
            if let project, let location, let cluster {
                return .derive(from: [project, location, cluster], expression: "gke_${\(project)}_${\(location)}_${\(cluster)}",
                               afterLine: [project, location, cluster].map(at).max() ?? 0)
            }
        }
        return nil
    }
}
