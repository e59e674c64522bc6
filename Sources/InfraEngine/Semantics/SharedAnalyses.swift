import Synchronization
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
                if !run.contains(path) || !path.hasSuffix(".sh") { h.combine(snapshot.text(path).map(Self.libraryShape)) }
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
            // One of the files a variable path names: read from the view's file list.
            if let path = sourced.path, SourcedCandidates.isPattern(path) { return false }
            guard sourced.kind == .envFile else { return true }
            guard let path = sourced.path else { return true }  // unresolved: no names either way
            return snapshot.text(path) != nil || EnvFiles.templateSuffixes.contains { snapshot.text(path + $0) != nil }
        }
    }
}

/// A view's values per script (`RepoReality.inView`), asked a few hundred thousand times a
/// plan (270,000 on the 1,000-task bench). Each script of the view gets a slot of its own,
/// made when the view is: the slots' index is never changed after that, so finding a slot
/// takes no lock, and each slot has its own lock, so threads asking about different scripts
/// never wait for each other nor share a lock's cache line (with one lock and one dictionary
/// for the view, the lock's compare-and-swap and the dictionary's hashing were a tenth of the
/// plan's CPU). A slot holds a handful of values (one per purpose), found by a linear scan.
///
/// A script that is not one of the view's (the tree as the plan found it, asked by
/// `namesReadUnderNounset`) is kept in a dictionary under a lock of its own. Its entries
/// keep their script alive, so no other script can take its address while they exist. The
/// path is compared on a hit, for a script read under two paths. Thread-safe.
final class PerScriptMemo: @unchecked Sendable {
    /// Its own spin lock inline (`SpinLock`'s protocol): one object per script and view, not two.
    private final class Slot {
        private let held = Atomic<Bool>(false)
        var entries: [Entry] = []

        func lock() { SpinLock.acquire(held) }
        func unlock() { SpinLock.release(held) }
    }

    private struct Entry {
        let purpose: String
        let type: ObjectIdentifier
        let path: String
        let value: AnyObject
    }

    private final class Box<T> {
        let value: T
        init(_ value: T) { self.value = value }
    }

    private struct Key: Hashable {
        let purpose: String
        let script: ObjectIdentifier
        let type: ObjectIdentifier
    }

    private final class Kept {
        let script: ShellScript
        let path: String
        let value: AnyObject
        init(_ script: ShellScript, _ path: String, _ value: AnyObject) {
            self.script = script
            self.path = path
            self.value = value
        }
    }

    /// The view's scripts' slots by address, open addressing with linear probing in a table
    /// of at least twice as many places as scripts (a power of two): a lookup is a shift, a
    /// mask and a compare or two, where a `Dictionary` hashed every address with SipHash (a
    /// third of a lookup's time). Never changed after `init`: read without a lock.
    private let keys: [UInt]
    private let places: [Slot?]
    private let mask: Int
    private var others: [Key: Kept] = [:]
    private let othersLock = SpinLock()

    /// `scripts`: the view's scripts, which the view keeps alive as long as this memo.
    init(scripts: [ShellScript]) {
        var size = 8
        while size < scripts.count * 2 { size *= 2 }
        var keys = [UInt](repeating: 0, count: size)
        var places = [Slot?](repeating: nil, count: size)
        let mask = size - 1
        for script in scripts {
            let key = UInt(bitPattern: ObjectIdentifier(script))
            var i = Self.start(key, mask)
            while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
            if keys[i] == 0 {
                keys[i] = key
                places[i] = Slot()
            }
        }
        self.keys = keys
        self.places = places
        self.mask = mask
    }

    /// Objects are 16-byte aligned: the low bits say nothing.
    private static func start(_ key: UInt, _ mask: Int) -> Int { Int(truncatingIfNeeded: (key >> 4) ^ (key >> 12)) & mask }

    private func slot(for script: ShellScript) -> Slot? {
        let key = UInt(bitPattern: ObjectIdentifier(script))
        return keys.withUnsafeBufferPointer { keys -> Slot? in
            var i = Self.start(key, mask)
            while true {
                if keys[i] == key { return places[i] }
                if keys[i] == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    func value<T>(_ purpose: String, _ file: ShellFile, _ make: () -> T) -> T {
        let type = ObjectIdentifier(T.self)
        guard let slot = slot(for: file.script) else { return other(purpose, file, type, make) }
        slot.lock()
        // In place, the type compared first: copying each entry out retained and released its
        // three references, which was most of a lookup.
        let found = slot.entries.withUnsafeBufferPointer { entries -> AnyObject? in
            for i in entries.indices where entries[i].type == type && entries[i].purpose == purpose && entries[i].path == file.path {
                return entries[i].value
            }
            return nil
        }
        slot.unlock()
        if let found { return unsafeDowncast(found, to: Box<T>.self).value }  // stored under T's type
        let made = make()
        let box = Box(made)
        slot.lock()
        // Room for twelve values at once: one allocation where doubling from one made up to
        // five before a slot held a dozen.
        if slot.entries.capacity == 0 { slot.entries.reserveCapacity(12) }
        slot.entries.append(Entry(purpose: purpose, type: type, path: file.path, value: box))
        slot.unlock()
        return made
    }

    private func other<T>(_ purpose: String, _ file: ShellFile, _ type: ObjectIdentifier, _ make: () -> T) -> T {
        let key = Key(purpose: purpose, script: ObjectIdentifier(file.script), type: type)
        othersLock.lock()
        if let kept = others[key], kept.path == file.path {
            othersLock.unlock()
            return unsafeDowncast(kept.value, to: Box<T>.self).value
        }
        othersLock.unlock()
        let made = make()
        othersLock.lock()
        others[key] = Kept(file.script, file.path, Box(made))
        othersLock.unlock()
        return made
    }
}
