import ShellReader

/// What the runbook may claim about the other ways the tasks are run, read from the tree the
/// docs operation leaves (after the entrypoint rule's operations): only true sentences.
///
/// - A runner the plan replaced is a wrapper of the entrypoint in that tree; one it left
///   alone still runs the tasks itself, and the page names it rather than saying "every other
///   runner hands over to it". A Makefile recipe that runs tasks is a runner too.
/// - An env file a Makefile loads (`-include ai/infra/.env` with `export`) reaches the tasks
///   only through make: run the entrypoint directly and it is not loaded, so the page says how
///   to create it from its template and load it.
/// - A value the docs give an optional variable (`make infra ENVIRONMENT=production`) goes on
///   the page's run line: without it the tasks fall back to their default (staging).
enum RunbookFacts {
    /// Whether the entrypoint is the planned one that runs the tasks: a managed (or
    /// replaceable) entrypoint, or a hand-written one that runs tasks itself. An existing
    /// `init.sh` that only runs `terraform init` is none of these.
    static func entrypointRunsTasks(_ reality: RepoReality) -> Bool {
        guard let entry = reality.entrypoint else { return true }
        if EntrypointConformance.isReplaceable(entry, reality: reality) { return true }
        return Runner.analyse(entry, Runner.Context(reality), asEntrypoint: true) != nil
    }

    /// Scripts that still run tasks themselves (not through the entrypoint), by path.
    static func selfRunningScripts(_ reality: RepoReality) -> [String] {
        Runner.all(in: reality).filter { !$0.delegates }.map(\.file.path)
    }

    /// `make TARGET` (with its Makefile) for each target of the root's or the infra folder's
    /// Makefiles whose recipe runs tasks without calling the entrypoint.
    static func selfRunningMakeTargets(_ reality: RepoReality) -> [(command: String, path: String)] {
        var out: [(String, String)] = []
        for path in makefiles(reality) {
            guard let text = reality.snapshot.text(path) else { continue }
            var target: String?
            var reported: [String] = []
            var delegating = Set<String>()
            // Targets in file order, with their prerequisites (`bootstrap: cluster registry`).
            var prerequisites: [(name: String, needs: [String])] = []
            // `$(TASKS): ; bash $@` over `TASKS := $(wildcard ai/infra/tasks/*.sh)`: a rule per
            // task file that runs it (brk14 item 13); `infra: $(TASKS)` runs every task.
            let variables = Self.makeVariables(text)
            var taskRules = Set<String>()
            var pending = ""
            for raw in text.newlineSeparatedLines.map({ String($0.withoutCarriageReturn) }) {
                if !raw.hasPrefix("\t") {
                    if let name = MakeTarget.targetName(raw) {
                        target = name
                        prerequisites.append((name, Self.prerequisites(raw) + Self.variableWords(raw)))
                    } else if let list = Self.taskListTarget(raw, variables: variables, reality: reality) {
                        target = list
                    } else if !raw.trimmingWhitespace().isEmpty && !raw.hasPrefix("#") { target = nil }
                    pending = ""
                    continue
                }
                guard let name = target else { continue }
                var line = String(raw.dropFirst())
                if line.hasSuffix("\\") { line.removeLast(); pending += line + " "; continue }
                line = pending + line
                pending = ""
                if name.hasPrefix("$") {
                    if Self.runsTheTarget(line) { taskRules.insert(name) }
                    continue
                }
                switch MakeTarget.classify(line, reality: reality) {
                case .runs, .mixed:
                    if !reported.contains(name) { reported.append(name) }
                case .delegates: delegating.insert(name)
                case .none: break
                }
            }
            // A target that runs tasks through its prerequisites runs them itself too (`make
            // bootstrap` with `bootstrap: cluster registry`): it is usually the documented one,
            // so it comes first.
            var aggregates: [String] = []
            var changed = true
            while changed {
                changed = false
                for (name, needs) in prerequisites where !reported.contains(name) && !aggregates.contains(name) && !delegating.contains(name) {
                    if needs.contains(where: { reported.contains($0) || aggregates.contains($0) || taskRules.contains($0) }) {
                        aggregates.append(name)
                        changed = true
                    }
                }
            }
            let order = prerequisites.map(\.name)
            aggregates.sort { (order.firstIndex(of: $0) ?? 0) < (order.firstIndex(of: $1) ?? 0) }
            let dir = parentFolder(path)
            for name in aggregates + reported { out.append(((dir.isEmpty ? "make " : "make -C \(dir) ") + name, path)) }
        }
        return out
    }

    /// The prerequisites of a rule line (`all: build test | dirs` -> build, test, dirs), without
    /// variables or files with a path.
    static func prerequisites(_ line: String) -> [String] {
        guard let colon = line.firstIndex(of: ":") else { return [] }
        var rest = line[line.index(after: colon)...]
        if let semicolon = rest.firstIndex(of: ";") { rest = rest[..<semicolon] }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        return rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            .filter { $0 != "|" && !$0.contains("$") && !$0.contains("/") }
    }

    /// The `$(NAME)` / `${NAME}` words among a rule line's prerequisites.
    static func variableWords(_ line: String) -> [String] {
        guard let colon = line.firstIndex(of: ":") else { return [] }
        return line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            .filter { Self.variableName($0) != nil }
    }

    /// `NAME` of a whole word `$(NAME)` or `${NAME}`.
    static func variableName(_ word: String) -> String? {
        guard word.count > 3, word.hasPrefix("$(") && word.hasSuffix(")") || word.hasPrefix("${") && word.hasSuffix("}") else { return nil }
        let name = word.dropFirst(2).dropLast()
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? String(name) : nil
    }

    /// A Makefile's variables (`NAME := value`, `=`, `?=`, `+=` appends), as written.
    static func makeVariables(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for raw in text.newlineSeparatedLines where !raw.hasPrefix("\t") {
            let line = String(raw.withoutCarriageReturn)
            guard let eq = line.firstIndex(of: "=") else { continue }
            var name = line[..<eq]
            let append = name.hasSuffix("+")
            if name.hasSuffix(":") || name.hasSuffix("?") || append { name = name.dropLast() }
            if name.hasSuffix(":") { name = name.dropLast() }  // `::=`
            let key = name.trimmingWhitespace()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            let value = line[line.index(after: eq)...].trimmingWhitespace()
            out[key] = append ? (out[key].map { $0 + " " } ?? "") + value : value
        }
        return out
    }

    /// The target of a rule line that is a variable naming the task files (`$(TASKS):` with
    /// `TASKS := $(sort $(wildcard $(INFRA)/tasks/*.sh))`), as written; nil for any other.
    static func taskListTarget(_ line: String, variables: [String: String], reality: RepoReality) -> String? {
        guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("\t") else { return nil }
        let word = line[..<colon].trimmingWhitespace()
        guard let name = variableName(word), var value = variables[name] else { return nil }
        // Other variables in the value, a few levels deep (`$(INFRA)/tasks`).
        for _ in 0..<4 {
            for (other, text) in variables where value.contains("$(\(other))") || value.contains("${\(other)}") {
                value = value.replacingOccurrences(of: "$(\(other))", with: text).replacingOccurrences(of: "${\(other)}", with: text)
            }
        }
        let tasks = reality.layout.tasksDir
        return !tasks.isEmpty && value.contains(tasks + "/") && value.contains(".sh") ? word : nil
    }

    /// Whether a recipe line runs the rule's target (`bash $@`, `sh $<`, `./$@`, `$@`).
    static func runsTheTarget(_ recipe: String) -> Bool {
        var line = Substring(recipe.trimmingWhitespace())
        while let c = line.first, "@-+".contains(c) { line = line.dropFirst() }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return false }
        let automatic = ["$@", "$<", "./$@", "./$<", "\"$@\"", "\"$<\""]
        if automatic.contains(first) { return true }
        return ["bash", "sh", "source", "."].contains(first) && words.dropFirst().first { !$0.hasPrefix("-") }.map(automatic.contains) == true
    }

    static func makefiles(_ reality: RepoReality) -> [String] {
        let folders = [""] + (reality.layout.infraDir.isEmpty ? [] : [reality.layout.infraDir])
        return folders.flatMap { folder in MakeTarget.fileNames.map { repoPath(folder, $0) } }.filter { reality.snapshot.text($0) != nil }
    }

    /// The sentence on the runners the plan leaves alone: none, those with options or work of
    /// their own, and any other that still runs the tasks itself.
    static func keptRunnersSentence(_ reality: RepoReality, entry: String) -> String {
        let partial = Runner.all(in: reality).filter { runner in
            !runner.delegates && runner.coverage == .partial
                && TaskLineDelegation.text(runner, reality: reality, entrypoint: entry) == nil
        }.map(\.file.path)
        let others = selfRunningScripts(reality).filter { !partial.contains($0) }.map { "`\($0)`" }
            + selfRunningMakeTargets(reality).map { "`\($0.command)` (\($0.path))" }
        var sentences: [String] = []
        if !partial.isEmpty {
            let names = partial.map { "`\($0)`" }.joined(separator: ", ")
            sentences.append(partial.count == 1
                ? "\(names) still runs tasks its own way: it has options or work of its own that `\(entry)` does not cover."
                : "\(names) still run tasks their own way: they have options or work of their own that `\(entry)` does not cover.")
        }
        if !others.isEmpty {
            sentences.append(others.joined(separator: ", ") + (others.count == 1 ? " still runs the tasks itself" : " still run the tasks themselves")
                             + ", not through `\(entry)`.")
        }
        return sentences.isEmpty ? "Every other runner hands over to it." : sentences.joined(separator: " ")
    }

    /// Env files a Makefile loads (`-include ai/infra/.env`, `include .env`): each with the
    /// Makefile and the template to create it from, if one is committed.
    static func makeLoadedEnvFiles(_ reality: RepoReality) -> [(path: String, makefile: String, template: String?)] {
        var out: [(String, String, String?)] = []
        for makefile in makefiles(reality) {
            guard let text = reality.snapshot.text(makefile) else { continue }
            for raw in text.newlineSeparatedLines {
                let words = raw.withoutCarriageReturn.trimmingWhitespace().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard let directive = words.first, ["include", "-include", "sinclude"].contains(directive) else { continue }
                for word in words.dropFirst() where !word.contains("$") {
                    guard isEnvFileName(String(fileName(word))) else { continue }
                    guard let path = joinPath(parentFolder(makefile), word), !out.contains(where: { $0.0 == path }) else { continue }
                    let template = EnvFiles.templateSuffixes.map { path + $0 }.first { reality.snapshot.text($0) != nil }
                    out.append((path, makefile, template))
                }
            }
        }
        return out
    }

    /// Env files the docs load before a run (`set -a; . ai/infra/.env; set +a`, `source
    /// env/staging.env`): each with the doc, the command as written and the template to create
    /// it from, if one is committed (brk14 item 13). A doc's commands run from the repository
    /// root, or from the folder an earlier `cd` of the same block entered.
    static func docLoadedEnvFiles(_ reality: RepoReality) -> [(path: String, doc: String, command: String, template: String?)] {
        var out: [(String, String, String, String?)] = []
        for doc in reality.docs where !doc.path.hasPrefix(Runbook.folder + "/") {
            for cmd in doc.commands where !cmd.isNarrative && cmd.words.count >= 2 && [".", "source"].contains(cmd.words[0]) {
                let word = cmd.words[1]
                guard !word.contains("$"), isEnvFileName(String(fileName(word))),
                      let path = joinPath(cmd.cdFolder ?? "", word), !out.contains(where: { $0.0 == path }) else { continue }
                let template = EnvFiles.templateSuffixes.map { path + $0 }.first { reality.snapshot.text($0) != nil }
                out.append((path, doc.path, cmd.command, template))
            }
        }
        return out
    }

    /// `.env`, `prod.env`, `.env.staging`: the names a Makefile `include` or a doc's `.` loads as env files.
    static func isEnvFileName(_ name: String) -> Bool { name == ".env" || name.hasSuffix(".env") || name.hasPrefix(".env.") }

    /// The paragraph on those env files, or "" when there is none. `viaMake`: the runbook
    /// sends people through the Makefile, which loads its own `include`s.
    static func envFileParagraph(_ reality: RepoReality, entry: String, viaMake: Bool = false) -> String {
        let envFiles = viaMake ? [] : makeLoadedEnvFiles(reality)
        let docLoaded = docLoadedEnvFiles(reality)
        // Most trees have neither: the tasks' variables below are then not worked out at all.
        guard !envFiles.isEmpty || !docLoaded.isEmpty else { return "" }
        // A file the tasks load themselves (`set -a; . ./.env`) reaches them either way.
        let loadedByTasks = Set(reality.tasks.concurrentMap { ScriptVariables.of($0, in: reality).loaded.values.map(\.path) }.joined())
        var out = ""
        // What the docs load by hand before running, the runbook loads too: without it the
        // tasks miss the names it sets (the entrypoint stops on the first required one).
        for env in docLoaded where !loadedByTasks.contains(env.path) && !envFiles.contains(where: { $0.path == env.path }) {
            out += "`\(env.doc)` loads `\(env.path)` before running (`\(env.command)`); `\(entry)` does not. "
            let load = "export it before running the script: `set -a; . ./\(env.path); set +a`.\n\n"
            if let template = env.template, reality.snapshot.text(env.path) == nil {
                out += "Create it from its template (`cp \(template) \(env.path)`, then fill it in) and " + load
            } else {
                out += "Load it the same way: " + load
            }
        }
        for env in envFiles where !loadedByTasks.contains(env.path) {
            out += "`\(env.makefile)` loads `\(env.path)` (its `include`); `\(entry)` does not. "
            if let template = env.template {
                out += "Create it from its template (`cp \(template) \(env.path)`, then fill it in) and "
            } else {
                out += "Create it and "
            }
            out += "export it before running the script: `set -a; . ./\(env.path); set +a`.\n\n"
        }
        return out
    }

    /// The one value the docs give each variable on a command line (`make infra
    /// ENVIRONMENT=production`, `ENVIRONMENT=production ./deploy.sh`); a name the docs give
    /// two values is left out.
    static func documentedValues(_ reality: RepoReality) -> [String: String] {
        var values: [String: Set<String>] = [:]
        for doc in reality.docs where !doc.path.hasPrefix(Runbook.folder + "/") {
            for cmd in doc.commands where !cmd.isNarrative {
                var assignments: [String] = []
                if cmd.words.first == "make" {
                    assignments = cmd.words.dropFirst().filter { $0.contains("=") }
                } else if cmd.script != nil {
                    assignments = DocCommandPrefix.environment(cmd).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                }
                for a in assignments {
                    guard let eq = a.firstIndex(of: "=") else { continue }
                    let name = String(a[..<eq])
                    var value = String(a[a.index(after: eq)...])
                    if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
                    guard RequiredEnvironment.isEnvName(name), !value.isEmpty, !value.contains("$") else { continue }
                    values[name, default: []].insert(value)
                }
            }
        }
        return values.compactMapValues { $0.count == 1 ? $0.first : nil }
    }

    /// The optional variables the docs give a value, as `NAME=value ` words to put before the
    /// run line (sorted by name).
    static func documentedPrefix(_ reality: RepoReality) -> String {
        let values = documentedValues(reality)
        guard !values.isEmpty else { return "" }
        let optional = Set(TaskEnvironment.variables(in: reality).filter { $0.role != .required }.map(\.name))
        return values.filter { optional.contains($0.key) }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(shellQuoted($0.value)) " }.joined()
    }

    static func shellQuoted(_ value: String) -> String {
        value.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@,+".contains($0) } ? value : "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
