import ShellReader

/// One command that fails (or piles up) on a second run, with the rewrite that makes it safe
/// when the rule can make one.
struct RerunHazard {
    enum Tool { case gcloud, kubectl, helm, local }
    let key: String
    let line: Int
    let message: String
    let tool: Tool
    /// Lines of the task to replace, and what replaces them; nil when reported only.
    let fix: (range: ClosedRange<Int>, lines: [String])?
}

/// A flag a gcloud command does not accept (a zonal flag on a regional resource, say).
struct FlagProblem {
    let key: String
    let line: Int
    let message: String
}

/// Finds the re-run hazards and wrong flags of one task.
struct RerunAnalysis {
    let file: ShellFile
    /// Functions that run `gcloud ... "$@"` (name -> the flags they add, and where).
    let gcloudWrappers: [String: (flags: [String], path: String, line: Int)]
    private(set) var hazards: [RerunHazard] = []
    private(set) var flagProblems: [FlagProblem] = []
    private var keys: Set<String> = []

    init(_ file: ShellFile, wrappers: [String: (flags: [String], path: String, line: Int)]) {
        self.file = file
        gcloudWrappers = wrappers
        for cmd in file.script.commands where !cmd.enclosing.contains(.substitution) {
            inspect(cmd)
        }
    }

    /// Functions, in the given files, that hand their arguments to gcloud (`gc() { gcloud "$@" --zone "$ZONE"; }`).
    static func wrappers(in files: [ShellFile]) -> [String: (flags: [String], path: String, line: Int)] {
        var out: [String: (flags: [String], path: String, line: Int)] = [:]
        for file in files {
            for cmd in file.script.commands where cmd.name == "gcloud" {
                guard let fn = cmd.functionName, cmd.words.contains(where: { $0.raw == "\"$@\"" || $0.raw == "$@" }) else { continue }
                let flags = cmd.arguments.map(\.unquotedText).filter { $0.hasPrefix("--") }.map { String($0.prefix { $0 != "=" }) }
                out[fn] = (flags, file.path, cmd.startLine)
            }
        }
        return out
    }

    private var script: ShellScript { file.script }

    private mutating func add(_ parts: [String], _ cmd: ShellCommand, _ message: String, _ tool: RerunHazard.Tool,
                              _ fix: (ClosedRange<Int>, [String])?) {
        var key = "unguarded-" + findingKey(parts)
        if keys.contains(key) {
            var n = 2
            while keys.contains("\(key)-\(n)") { n += 1 }
            key += "-\(n)"
        }
        keys.insert(key)
        hazards.append(RerunHazard(key: key, line: cmd.startLine, message: message, tool: tool,
                                   fix: fix.map { (range: $0.0, lines: $0.1) }))
    }

    /// The commands of the `if` conditions around `cmd`.
    private func guardCommands(_ cmd: ShellCommand) -> [ShellCommand] {
        var out: [ShellCommand] = []
        for construct in cmd.enclosing {
            let index: Int
            switch construct {
            case .ifBody(let i), .ifCondition(let i): index = i
            default: continue
            }
            guard index < script.conditionals.count else { continue }
            out += script.conditionals[index].conditionCommandIndices.compactMap { $0 < script.commands.count ? script.commands[$0] : nil }
        }
        return out
    }

    /// `check || create` or `create || true`: already tolerated on a second run.
    private func chainedWithOr(_ cmd: ShellCommand) -> Bool { cmd.operatorBefore == "||" || cmd.operatorAfter == "||" }

    private mutating func inspect(_ cmd: ShellCommand) {
        guard let name = cmd.name else { return }
        if name == "gcloud" { gcloud(cmd, from: 1, program: "gcloud", added: []) }
        else if let w = gcloudWrappers[name] { gcloud(cmd, from: 1, program: name, added: w.flags, wrapper: w) }
        else if name == "kubectl" { kubectl(cmd) }
        else if name == "helm" { helm(cmd) }
        else if name == "mkdir" { mkdir(cmd) }
        else if name == "ln" { ln(cmd) }
        if name == "echo" || name == "printf" { append(cmd) }
    }

    // MARK: - gcloud

    private mutating func gcloud(_ cmd: ShellCommand, from start: Int, program: String, added: [String],
                                 wrapper: (flags: [String], path: String, line: Int)? = nil) {
        guard let inv = GcloudKnowledge.invocation(cmd.words, from: start) else { return }
        let shown = "gcloud \(inv.path) \(inv.verb)"
        for (flag, why) in GcloudKnowledge.rejectedFlags(inv.path).sorted(by: { $0.key < $1.key }) {
            if inv.flags.contains(where: { $0.name == flag }) {
                flagProblems.append(FlagProblem(key: "flag-\(findingKey([inv.path, inv.verb, flag]))", line: cmd.startLine,
                                                message: "passes \(flag) to `\(shown)`, which does not accept it: the resource is \(why)"))
            } else if added.contains(flag), let wrapper {
                flagProblems.append(FlagProblem(
                    key: "flag-\(findingKey([program, inv.path, inv.verb, flag]))", line: cmd.startLine,
                    message: "runs `\(shown)` through `\(program)` (\(wrapper.path):\(wrapper.line)), which adds \(flag) to every gcloud command; the resource is \(why)"))
            }
        }
        guard GcloudKnowledge.createVerbs.contains(inv.verb), !GcloudKnowledge.unguardable.contains(inv.path) else { return }
        if chainedWithOr(cmd) { return }
        let guarded = guardCommands(cmd).contains { g in
            guard g.name == "gcloud" || g.name == program,
                  let gi = GcloudKnowledge.invocation(g.words, from: 1), ["describe", "list"].contains(gi.verb) else { return false }
            return inv.path.hasPrefix(gi.path) || gi.path.hasPrefix(inv.path)
        }
        if guarded { return }
        let resourceName = inv.nameIndex.map { cmd.words[$0].unquotedText } ?? "?"
        let message = "`\(shown) \(resourceName)` is unguarded: a second run fails because it already exists; "
            + "check first with `gcloud \(inv.path) describe`"
        add([inv.path, inv.verb, resourceName], cmd, message, .gcloud, gcloudFix(cmd, inv, program: program))
    }

    private func gcloudFix(_ cmd: ShellCommand, _ inv: GcloudKnowledge.Invocation, program: String) -> (ClosedRange<Int>, [String])? {
        let t = CommandText(cmd, in: script)
        guard let nameIndex = inv.nameIndex, t.ownsItsLines, !t.hasHeredoc, !t.hasMultilineWord else { return nil }
        let words = cmd.words
        let scope = GcloudKnowledge.resource(inv.path).scopeFlags
        var describe = words[0..<inv.verbIndex].map(\.raw) + ["describe"]
        var name = words[nameIndex].raw
        if inv.path == "iam service-accounts", !words[nameIndex].unquotedText.contains("@") {
            // Service accounts are described by e-mail, not by the account id `create` takes.
            let project = inv.flags.first { $0.name == "--project" }.flatMap { flag -> String? in
                let text = words[flag.index].unquotedText
                if let eq = text.firstIndex(of: "=") { return String(text[text.index(after: eq)...]) }
                return flag.index + 1 < words.count ? words[flag.index + 1].unquotedText : nil
            } ?? "$(gcloud config get-value project 2>/dev/null)"
            let project2 = project.hasPrefix("$") && !project.hasPrefix("${") && !project.hasPrefix("$(")
                ? "${" + project.dropFirst() + "}" : project
            name = "\"\(words[nameIndex].unquotedText)@\(project2).iam.gserviceaccount.com\""
        }
        describe.append(name)
        for flag in inv.flags where scope.contains(flag.name) {
            let raw = words[flag.index].raw
            if words[flag.index].unquotedText.contains("=") || flag.name == "--global" || flag.index + 1 >= words.count {
                describe.append(raw)
            } else {
                describe.append(raw + " " + words[flag.index + 1].raw)
            }
        }
        let indent = t.indentation
        let body = t.lines(inserting: []).map { "  " + $0 }
        return (cmd.startLine...cmd.endLine,
                ["\(indent)if ! \(describe.joined(separator: " ")) >/dev/null 2>&1; then"] + body + ["\(indent)fi"])
    }

    // MARK: - kubectl, helm

    /// Index of the first word after the program that is not a global flag (or its value).
    private func verbIndex(_ cmd: ShellCommand, valueFlags: Set<String>) -> Int? {
        var i = 1
        while i < cmd.words.count {
            let w = cmd.words[i].unquotedText
            if w.hasPrefix("-") { i += valueFlags.contains(w) ? 2 : 1; continue }
            return i
        }
        return nil
    }

    static let kubectlGenerators: Set<String> = [
        "namespace", "ns", "secret", "configmap", "cm", "serviceaccount", "sa", "role", "rolebinding", "clusterrole",
        "clusterrolebinding", "quota", "resourcequota", "priorityclass", "service", "svc", "deployment", "deploy",
        "job", "cronjob", "cj", "ingress", "ing", "poddisruptionbudget", "pdb",
    ]

    private mutating func kubectl(_ cmd: ShellCommand) {
        let valueFlags: Set<String> = ["-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-s", "--server"]
        guard let v = verbIndex(cmd, valueFlags: valueFlags), cmd.words[v].literal == "create", v + 1 < cmd.words.count else { return }
        let rest = cmd.words[(v + 1)...].map(\.unquotedText)
        if rest.contains(where: { $0.hasPrefix("--dry-run") }) || cmd.operatorAfter == "|" || chainedWithOr(cmd) { return }
        if guardCommands(cmd).contains(where: { $0.name == "kubectl" && $0.words.contains { $0.literal == "get" } }) { return }
        let kind = rest[0]
        let t = CommandText(cmd, in: script)
        guard let ranges = t.wordRanges else { return }
        let objectName = rest.dropFirst().first { !$0.hasPrefix("-") } ?? ""
        if kind == "-f" || kind.hasPrefix("--filename") || kind.hasPrefix("-f") {
            let fix = (cmd.startLine...cmd.endLine, t.lines(inserting: [], replacing: [(ranges[v], "apply")]))
            add(["kubectl", "create", kind, rest.dropFirst().first ?? ""], cmd,
                "`kubectl create -f` is unguarded: a second run fails because the objects already exist; `kubectl apply -f` is idempotent",
                .kubectl, fix)
            return
        }
        let generator = kind == "secret" ? ["secret"] + rest.dropFirst().prefix(1) : [kind]
        guard Self.kubectlGenerators.contains(kind) else { return }
        let message = "`kubectl create \(generator.joined(separator: " ")) \(kind == "secret" ? rest.dropFirst(2).first { !$0.hasPrefix("-") } ?? "" : objectName)` is unguarded: "
            + "a second run fails with AlreadyExists; render it with `--dry-run=client -o yaml | kubectl apply -f -`"
        var fix: (ClosedRange<Int>, [String])?
        if cmd.redirections.allSatisfy({ $0.fd == "2" }) {
            let prefix = cmd.words[0..<v].map(\.raw).joined(separator: " ")
            fix = (cmd.startLine...cmd.endLine,
                   t.lines(inserting: [(cmd.endOffset, " --dry-run=client -o yaml | \(prefix) apply -f -")]))
        }
        add(["kubectl", "create"] + rest.prefix(3).filter { !$0.hasPrefix("-") }, cmd, message, .kubectl, fix)
    }

    private mutating func helm(_ cmd: ShellCommand) {
        let valueFlags: Set<String> = ["-n", "--namespace", "--kube-context", "--kubeconfig"]
        guard let v = verbIndex(cmd, valueFlags: valueFlags), cmd.words[v].literal == "install" else { return }
        if chainedWithOr(cmd) { return }
        if guardCommands(cmd).contains(where: { $0.name == "helm" && $0.words.contains { ["status", "list", "ls"].contains($0.literal ?? "") } }) { return }
        let release = cmd.words.dropFirst(v + 1).first { !$0.unquotedText.hasPrefix("-") }?.unquotedText ?? ""
        let t = CommandText(cmd, in: script)
        var fix: (ClosedRange<Int>, [String])?
        if !cmd.words.contains(where: { $0.literal == "--generate-name" }), let ranges = t.wordRanges {
            fix = (cmd.startLine...cmd.endLine, t.lines(inserting: [], replacing: [(ranges[v], "upgrade --install")]))
        }
        add(["helm", "install", release], cmd,
            "`helm install \(release)` is unguarded: a second run fails because the release exists; `helm upgrade --install` is idempotent",
            .helm, fix)
    }

    // MARK: - mkdir, ln, appends

    private func shortFlags(_ cmd: ShellCommand) -> [(index: Int, text: String)] {
        cmd.words.enumerated().dropFirst().compactMap { i, w in
            let t = w.unquotedText
            return t.hasPrefix("-") && !t.hasPrefix("--") && t.count > 1 ? (i, t) : nil
        }
    }

    private func testGuarded(_ cmd: ShellCommand) -> Bool {
        chainedWithOr(cmd) || guardCommands(cmd).contains { ["[", "[[", "test"].contains($0.name ?? "") }
    }

    private mutating func mkdir(_ cmd: ShellCommand) {
        let flags = shortFlags(cmd)
        if flags.contains(where: { $0.text.contains("p") }) || cmd.words.contains(where: { $0.literal == "--parents" }) { return }
        if testGuarded(cmd) { return }
        let dir = cmd.arguments.first { !$0.unquotedText.hasPrefix("-") }?.unquotedText ?? ""
        let t = CommandText(cmd, in: script)
        let fix = t.wordRanges.map { r in (cmd.startLine...cmd.endLine, t.lines(inserting: [(r[0].upperBound, " -p")])) }
        add(["mkdir", dir], cmd, "`mkdir \(dir)` (no -p) fails on a second run because the folder exists; `mkdir -p` does not", .local, fix)
    }

    private mutating func ln(_ cmd: ShellCommand) {
        let flags = shortFlags(cmd)
        guard let symbolic = flags.first(where: { $0.text.contains("s") }) else { return }
        if flags.contains(where: { $0.text.contains("f") }) || cmd.words.contains(where: { $0.literal == "--force" }) { return }
        if testGuarded(cmd) { return }
        let link = cmd.arguments.last?.unquotedText ?? ""
        let t = CommandText(cmd, in: script)
        let fix = t.wordRanges.map { r in
            (cmd.startLine...cmd.endLine, t.lines(inserting: [], replacing: [(r[symbolic.index], symbolic.text + (symbolic.text.contains("n") ? "f" : "fn"))]))
        }
        add(["ln", link], cmd, "`ln -s ... \(link)` fails on a second run because the link exists; `ln -sfn` replaces it", .local, fix)
    }

    /// Whether an append target is a log (appending there on every run is the point).
    static func isLog(_ target: String) -> Bool {
        let t = target.lowercased()
        return t.contains("log") || t.hasPrefix("/dev/") || t.contains("github_") || t.hasSuffix(".out") || t.hasSuffix(".txt")
    }

    private mutating func append(_ cmd: ShellCommand) {
        guard let r = cmd.redirections.first(where: { $0.op == ">>" && ($0.fd == nil || $0.fd == "1") }),
              let target = r.target else { return }
        let text = target.unquotedText
        if Self.isLog(text) { return }
        // Only files the scaffolding can name: a fixed path, or one under the home folder.
        if target.hasExpansion && !(text.hasPrefix("$HOME/") || text.hasPrefix("${HOME}/")) { return }
        if chainedWithOr(cmd) || guardCommands(cmd).contains(where: { $0.name == "grep" }) { return }
        let t = CommandText(cmd, in: script)
        let args = cmd.arguments
        var fix: (ClosedRange<Int>, [String])?
        if cmd.name == "echo", args.count == 1, !args[0].unquotedText.hasPrefix("-"), cmd.redirections.count == 1,
           t.ownsItsLines, !t.hasMultilineWord {
            fix = (cmd.startLine...cmd.endLine,
                   t.lines(inserting: [(cmd.startOffset, "grep -qxF \(args[0].raw) \(target.raw) 2>/dev/null || ")]))
        }
        add(["append", text], cmd, "appends to \(text) on every run, so a second run adds the line again; append only when the line is missing (`grep -qxF LINE FILE || echo LINE >> FILE`)",
            .local, fix)
    }
}
