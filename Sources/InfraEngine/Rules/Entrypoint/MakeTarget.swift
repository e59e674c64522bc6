import ShellReader

/// A documented Makefile target that runs the tasks (`make deploy`) is how people start the
/// infra: it keeps its name, and its recipe hands the task runs to the canonical entrypoint
/// (issue 13, item 3).
///
/// The shape chosen: make cannot offer `--list`/`--only`/`--from`/`--dry-run` itself, so the
/// entrypoint script keeps the contract (discovery, environment check, logs, flags) and the
/// target calls it, passing `$(INFRA_FLAGS)` (`make deploy INFRA_FLAGS=--dry-run`). The docs'
/// `make deploy` lines stay, and the runbook names `make deploy` as the way in, with the
/// entrypoint's flags beside it; it never calls the script "the one way".
///
/// Only recipe lines that do nothing but run tasks are replaced:
/// - a loop over the tasks folder (`for t in ai/infra/tasks/[0-9]*.sh; do bash $$t; done`)
///   becomes one call of the entrypoint;
/// - consecutive lines that run every task of a full run in order, one each, become one call;
/// - any other line running one task becomes `ENTRY --only NAME [-- ARGS]`.
/// Other recipe lines (a build, a `kubectl` check) stay. A recipe line that runs tasks
/// together with other work is left alone, and so is the target.
struct MakeTarget {
    /// `Makefile` or `ai/infra/Makefile`.
    let path: String
    let name: String
    /// Line of `name:` (1-based).
    let line: Int
    /// Recipe lines that run tasks: 1-based physical line ranges, and what they run (nil: all).
    let runs: [(lines: ClosedRange<Int>, task: String?, arguments: String)]
    /// A recipe line already calls the entrypoint: the target is the documented way in.
    let delegates: Bool

    static let fileNames = ["Makefile", "makefile", "GNUmakefile"]

    /// The documented targets of the root's and the infra folder's Makefiles that run tasks
    /// and whose every task-running recipe line can be handed over. Sorted by path, then line.
    /// The documented target people start the infra with (one that runs the tasks or calls
    /// the entrypoint), if any: the runbook names it as the way in.
    static func doorway(in reality: RepoReality) -> MakeTarget? { all(in: reality).first }

    /// The documented targets that still run tasks themselves.
    static func handingOver(in reality: RepoReality) -> [MakeTarget] { all(in: reality).filter { !$0.runs.isEmpty } }

    static func all(in reality: RepoReality) -> [MakeTarget] {
        reality.memo.value("make-targets") {
            let folders = [""] + (reality.layout.infraDir.isEmpty ? [] : [reality.layout.infraDir])
            var documented: Set<String> = []
            // Folders whose Makefile the docs run without a target (`make -C ai/infra`): make
            // runs the first target of the file (GNU make manual, "How make Processes a Makefile").
            var defaultGoalFolders: Set<String> = []
            for doc in reality.docs {
                for c in doc.commands where c.words.first == "make" {
                    let (folder, target) = invocation(Array(c.words.dropFirst()))
                    if let target { documented.insert(target) } else { defaultGoalFolders.insert(folder) }
                }
            }
            var out: [MakeTarget] = []
            for folder in folders {
                for file in fileNames {
                    let path = repoPath(folder, file)
                    guard let text = reality.snapshot.text(path) else { continue }
                    let defaultGoal = defaultGoalFolders.contains(folder) ? firstTarget(in: text) : nil
                    out += targets(in: text, path: path, reality: reality).filter { documented.contains($0.name) || $0.name == defaultGoal }
                }
            }
            return out
        }
    }

    /// Targets of one Makefile whose recipes run tasks, every such line in a form that can be
    /// handed over.
    static func targets(in text: String, path: String, reality: RepoReality) -> [MakeTarget] {
        let lines = text.newlineSeparatedLines.map { String($0.withoutCarriageReturn) }
        var out: [MakeTarget] = []
        var i = 0
        while i < lines.count {
            guard let name = targetName(lines[i]) else { i += 1; continue }
            let head = i + 1
            i += 1
            var runs: [(ClosedRange<Int>, String?, String)] = []
            var handable = true
            var delegates = false
            while i < lines.count, lines[i].hasPrefix("\t") || lines[i].trimmingWhitespace().isEmpty {
                let start = i
                var logical = String(lines[i].dropFirst(lines[i].hasPrefix("\t") ? 1 : 0))
                while logical.hasSuffix("\\"), i + 1 < lines.count {
                    i += 1
                    logical = String(logical.dropLast()) + " " + lines[i].trimmingWhitespace()
                }
                i += 1
                switch classify(logical, reality: reality) {
                case .none: break
                case .runs(let task, let args): runs.append(((start + 1)...i, task, args))
                case .mixed: handable = false
                case .delegates: delegates = true
                }
            }
            let tasks = runs.compactMap(\.1)
            let runsInOrder = tasks.count >= 2 && tasks == tasks.sorted()
            if handable, runs.contains(where: { $0.1 == nil }) || runsInOrder || (delegates && runs.isEmpty) {
                out.append(MakeTarget(path: path, name: name, line: head, runs: runs.map { (lines: $0.0, task: $0.1, arguments: $0.2) },
                                      delegates: delegates))
            }
        }
        return out
    }

    /// The folder a documented `make` runs in (`-C DIR`, `--directory=DIR`; "" for the root)
    /// and the target it names (nil: the default goal). `arguments`: the words after `make`.
    static func invocation(_ arguments: [String]) -> (folder: String, target: String?) {
        var folder = ""
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            if word == "-C" || word == "--directory" {
                if i + 1 < arguments.count { folder = arguments[i + 1] }
                i += 2
                continue
            }
            if word.hasPrefix("--directory=") {
                folder = String(word.dropFirst("--directory=".count))
            } else if ["-f", "--file", "--makefile", "-I", "--include-dir", "-o", "-W"].contains(word) {
                i += 1
            } else if !word.hasPrefix("-"), !word.contains("="), !word.contains("/") {
                return (normalizedFolder(folder), word)
            }
            i += 1
        }
        return (normalizedFolder(folder), nil)
    }

    private static func normalizedFolder(_ folder: String) -> String {
        var f = Substring(folder)
        while f.hasPrefix("./") { f = f.dropFirst(2) }
        while f.hasSuffix("/") { f = f.dropLast() }
        return f == "." ? "" : String(f)
    }

    /// The first target of a Makefile: the one `make` runs when none is named.
    static func firstTarget(in text: String) -> String? {
        for line in text.newlineSeparatedLines {
            if let name = targetName(String(line.withoutCarriageReturn)) { return name }
        }
        return nil
    }

    /// `deploy:` / `deploy: build` -> `deploy`; variable assignments (`X := 1`) and special
    /// targets (`.PHONY`) are none.
    static func targetName(_ line: String) -> String? {
        guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("\t"), !line.hasPrefix(".") else { return nil }
        let name = line[..<colon].trimmingWhitespace()
        let after = line[line.index(after: colon)...]
        guard !name.isEmpty, !after.hasPrefix("="), !after.hasPrefix(":"),
              name.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }) else { return nil }
        return name
    }

    enum Recipe: Equatable {
        case none
        /// Runs one task (its name) or every task (nil), and nothing else of its own.
        case runs(String?, arguments: String)
        /// Runs tasks and does other work on the same line.
        case mixed
        /// Calls the entrypoint.
        case delegates
    }

    /// What one logical recipe line does (`$$` is the shell's `$`; `@`, `-`, `+` are make's).
    static func classify(_ recipe: String, reality: RepoReality) -> Recipe {
        var shell = Substring(recipe.trimmingWhitespace())
        while let c = shell.first, "@-+".contains(c) { shell = shell.dropFirst() }
        let script = ShellReader.read(String(shell).replacingOccurrences(of: "$$", with: "$"))
        let file = ShellFile(path: "Makefile.recipe", script: script)
        let entryName = String(fileName(reality.layout.entrypoint))
        if script.commands.contains(where: { $0.words.contains { $0.unquotedText.hasSuffix("/" + entryName) } }) { return .delegates }
        guard let runner = Runner.analyse(file, Runner.Context(reality)) else { return .none }
        let loops = Set(script.loops.map(\.startLine))
        let loopVariables = script.loops.compactMap(\.variable)
        let folder = String(reality.layout.tasksDir.split(separator: "/").last ?? "")
        let values = ScriptValues(script)
        var task: String?
        var arguments = ""
        for cmd in script.commands {
            if let target = Runner.executedWord(cmd), let name = Runner.taskName(in: values.expand(target.unquotedText)),
               reality.task(named: name) != nil, !cmd.enclosing.contains(where: { if case .loopBody = $0 { return true }; return false }) {
                guard task == nil else { return .mixed }
                task = name
                let index = cmd.words.firstIndex { $0 == target } ?? cmd.words.count
                arguments = cmd.words.dropFirst(index + 1).map(\.raw).joined(separator: " ")
                continue
            }
            // Running the loop's task, or `cd`, `set`, `echo` and the like, which prepare or
            // report (a `|| exit 1` ends a failed run); anything else is work of its own.
            let runsLoopTask = Runner.executedWord(cmd).map { w in
                loopVariables.contains { w.raw.contains("$" + $0) || w.raw.contains("${" + $0) } } ?? false
            if runsLoopTask || Runner.plumbing.contains(cmd.name ?? "") { continue }
            return .mixed
        }
        if !runner.runLines.isDisjoint(with: loops) {
            let overTasks = script.loops.contains { loop in
                loop.words.contains { Runner.mentionsTasks(values.expand($0.unquotedText), folder: folder) }
            }
            return overTasks && task == nil ? .runs(nil, arguments: "") : .mixed
        }
        return task.map { .runs($0, arguments: arguments) } ?? .none
    }

    /// How a person runs it from the repository root (`make deploy`, `make -C ai/infra up`).
    var command: String {
        let folder = parentFolder(path)
        return folder.isEmpty ? "make \(name)" : "make -C \(folder) \(name)"
    }

    /// The entrypoint as the recipe runs it: from the Makefile's folder (where make runs
    /// recipes).
    func entry(_ entrypoint: String) -> String {
        let rel = relativePath(from: parentFolder(path), to: entrypoint)
        return rel.hasPrefix("../") ? rel : "./" + rel
    }

    /// The Makefile with the task runs handed over, or nil when nothing changes.
    func rewritten(_ text: String, reality: RepoReality, entrypoint: String) -> String? {
        var editor = LineEditor(text)
        let byName = Set(EntrypointInputs.of(reality, path: entrypoint).teardown
                         + EntrypointInputs.of(reality, path: entrypoint).needArguments)
        let fullRun = reality.tasks.map(\.name).filter { !byName.contains($0) }
        let call = "\t" + entry(entrypoint)
        var replace: [(ClosedRange<Int>, [String])] = []
        let named = runs.filter { $0.task != nil }
        // Consecutive one-task lines that make a whole run in order: one call, which also
        // picks up tasks added later.
        let consecutive = zip(named, named.dropFirst()).allSatisfy { $0.lines.upperBound + 1 == $1.lines.lowerBound }
        if runs.count == named.count, named.map({ $0.task! }) == fullRun, consecutive, named.allSatisfy({ $0.arguments.isEmpty }),
           let first = named.first, let last = named.last {
            replace.append((first.lines.lowerBound...last.lines.upperBound, [call + " $(INFRA_FLAGS)"]))
        } else {
            for run in runs {
                guard let task = run.task else {
                    replace.append((run.lines, [call + " $(INFRA_FLAGS)"]))
                    continue
                }
                let teardown = reality.task(named: task).map { TaskRoles.teardown($0, in: reality) != nil || TaskRoles.heldBack($0, in: reality) != nil } ?? false
                let args = run.arguments.isEmpty ? "" : " -- " + run.arguments
                replace.append((run.lines, [call + " --only \(task)" + (teardown ? " --yes" : "") + args]))
            }
        }
        for (range, lines) in replace.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            // make's own prefixes (`@` quiet, `-` ignore errors) stay as they were.
            let original = editor.line(range.lowerBound).dropFirst()
            let prefix = String(original.prefix { "@-+".contains($0) })
            editor.replace(range, with: lines.map { "\t" + prefix + $0.dropFirst() })
        }
        let out = editor.text()
        return out == text ? nil : out
    }
}
