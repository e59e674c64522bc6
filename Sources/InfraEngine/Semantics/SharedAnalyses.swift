import ShellReader

// Per-file analyses shared by the views of one plan (issue 12 item 8, speed): a plan makes a
// view of the tree per rule, and most rules only change some tasks' text or add manifests and
// docs. What is worked out for one file is kept in the plan's cache (`ScriptCache.derived`)
// and used again while the file's text and the context are the same.
extension RepoReality {
    /// What a script's analysis reads besides the script itself, as one key: every path but
    /// those of manifests, docs and JSON, and the text of every such file that is not a shell
    /// script the scaffolding runs (a task, a runner, the entrypoint): libraries, env files and
    /// their templates. Those scripts' texts are left out, so the rules that rewrite tasks or
    /// the entrypoint's list keep every task's analysis (an analysis whose script sources one
    /// of them is not shared: `variablesAreSelfContained`); manifests, docs and JSON are left
    /// out whole, as no script sources, loads or defines anything from them, so the rules
    /// that add them keep every analysis.
    var semanticContext: String {
        memo.value("semantic-context") { () -> String in
            let run = runScripts
            var h = Hasher()
            for path in allPaths where !Self.readByNoScriptAnalysis(path) {
                h.combine(path)
                // A `.bash` script's text stays in: `SourceGraph.isEnvFile` reads any non-`.sh` file.
                if !run.contains(path) || !path.hasSuffix(".sh") { h.combine(snapshot.text(path)) }
            }
            return String(h.finalize())
        }
    }

    /// Manifests, docs and JSON: no shell analysis reads them.
    private static func readByNoScriptAnalysis(_ path: String) -> Bool {
        let name = fileName(path)
        return name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json") || PathRoles.isMarkdown(name)
    }

    /// `make`'s value for `file`, shared with every view of the plan that has the same text
    /// of `file` and the same files it sources and loads (`analysisKey`). `make` must read
    /// nothing else of the tree: only `file`, what it sources (followed), the env files it
    /// loads and their templates, and which of those paths are tasks, runners or the
    /// entrypoint.
    func perFile<T>(_ purpose: String, _ file: ShellFile, _ make: () -> T) -> T {
        cache.derived(purpose, path: file.path, from: file.script.text, analysisKey(of: file), make)
    }

    /// What a shared analysis of `file` is keyed by besides its text: the files it reads
    /// (`dependencyKey`), or the whole context when those cannot be told.
    func analysisKey(of file: ShellFile) -> String {
        inView("analysis-key", file) { dependencyKey(of: file).map { "files " + $0 } ?? "context " + semanticContext }
    }

    /// `make`'s value for `file` in this view, made again when asked with another text under
    /// the same path (a rule's rewrite of a task): the front of `perFile`, so asking again
    /// within a view costs one lookup.
    func inView<T>(_ purpose: String, _ file: ShellFile, _ make: () -> T) -> T {
        perScript.value(purpose, file, make)
    }

    /// The names `file` read under `set -u` in the tree the plan started from: a bare read on
    /// or after the first line where `-u` took effect, by the task's own `set -u` or by
    /// sourcing a library that sets it (which applies to its caller).
    /// Nil when the plan created the path. An operation that adds `-u` later, or sources such a
    /// library, does not change what the task did: a read before the line, or in a task that
    /// never sourced the library, ran without it (the session-9 tester's D1).
    func namesReadUnderNounset(_ file: ShellFile) -> Set<String>? {
        guard let text = baseline.text(file.path) else { return nil }
        let original = ShellFile(path: file.path, script: cache.script(path: file.path, text: text))
        return perFile("names-read-under-nounset", original) {
            // A shebang's `-u` is left out: `bash task.sh`, which the entrypoint runs and docs
            // show, ignores it, so a documented run never had it (the session-9 tester's D2).
            func nounsetLine(_ script: ShellScript) -> Int? {
                script.commands.first { c in
                    c.name == "set" && c.enclosing.isEmpty && c.operatorBefore == nil && c.operatorAfter == nil
                        && StrictModeLine.switchedOn(c).nounset
                }?.startLine
            }
            var from = nounsetLine(original.script) ?? Int.max
            for sourced in SourceGraph.sources(of: original, in: self) where sourced.kind != .envFile && sourced.line < from {
                guard let path = sourced.path, let lib = baseline.text(path) ?? snapshot.text(path) else { continue }
                if nounsetLine(cache.script(path: path, text: lib)) != nil { from = sourced.line }
            }
            return Set(original.script.expansions.filter { e in
                e.line >= from && !e.hasDefault && !e.isIndirect && RequiredEnvironment.isEnvName(e.name)
            }.map(\.name))
        }
    }

    /// Whether `file`'s variables depend only on itself and the context: it sources no task,
    /// runner or entrypoint, and each env file it loads is in the tree or has a committed
    /// template (else the names come from the tasks that write it, which the context leaves out).
    func variablesAreSelfContained(_ file: ShellFile) -> Bool {
        // The answer reads the file, the context and no run script's text (it stops at the
        // first one it reaches), so it is shared the same way.
        perFile("variables-self-contained", file) { selfContained(file) }
    }

    private func selfContained(_ file: ShellFile) -> Bool {
        let run = runScripts
        if SourceGraph.closure(of: file, in: self).contains(where: { run.contains($0.path) }) { return false }
        return SourceGraph.sources(of: file, in: self).allSatisfy { sourced in
            guard sourced.kind == .envFile else { return true }
            guard let path = sourced.path else { return true }  // unresolved: no names either way
            return snapshot.text(path) != nil || EnvFiles.templateSuffixes.contains { snapshot.text(path + $0) != nil }
        }
    }
}

/// A view's values per script (`RepoReality.inView`), asked a few hundred thousand times a
/// plan: keyed by the parsed script itself (the plan's `ScriptCache` gives one object per path
/// and text), so a lookup hashes the purpose and a pointer instead of the path with a
/// version list of texts. Each entry keeps its script alive, so no other script can take its
/// address while the entry exists; the path is compared on a hit, for a script read under
/// two paths. Thread-safe (the per-task loops ask from every core).
final class PerScriptMemo: @unchecked Sendable {
    private struct Key: Hashable {
        let purpose: String
        let script: ObjectIdentifier
        let type: ObjectIdentifier
    }

    private final class Entry<T> {
        let script: ShellScript
        let path: String
        let value: T
        init(_ script: ShellScript, _ path: String, _ value: T) {
            self.script = script
            self.path = path
            self.value = value
        }
    }

    private var entries: [Key: AnyObject] = [:]
    private let lock = SpinLock()

    func value<T>(_ purpose: String, _ file: ShellFile, _ make: () -> T) -> T {
        let key = Key(purpose: purpose, script: ObjectIdentifier(file.script), type: ObjectIdentifier(T.self))
        lock.lock()
        if let stored = entries[key] {
            let entry = unsafeDowncast(stored, to: Entry<T>.self)  // stored under T's key
            if entry.path == file.path {
                lock.unlock()
                return entry.value
            }
        }
        lock.unlock()
        let made = make()
        lock.lock()
        entries[key] = Entry(file.script, file.path, made)
        lock.unlock()
        return made
    }
}
