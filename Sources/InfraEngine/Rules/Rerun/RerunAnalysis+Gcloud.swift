import ShellReader

// gcloud: unguarded creates (guard through the same wrapper, in the same project and
// location), flags the resource does not accept, and wrappers that add a zone to calls on a
// regional cluster.
extension RerunAnalysis {
    /// How a call must be rewritten to reach its resource: the wrapper's flags without the
    /// wrong one, plus the resource's own scope (`--region R`).
    struct ScopeRewrite {
        /// The program words that replace the call's first word (`gcloud --project "$P"`).
        let program: [String]
        /// Flags to add after the call's last word.
        let extra: [String]
        /// Scope flag pairs (`--project "$P"`) the describe needs besides the call site's.
        let scope: [String]
        /// A variable the new flags read that the task never mentions: validate it.
        let newVariable: String?
    }

    mutating func gcloud(_ e: EffectiveCommand) {
        guard let inv = GcloudKnowledge.invocation(e.words, from: 1) else { return }
        let shownText = "gcloud \(inv.path) \(inv.verb)"
        for (flag, why) in GcloudKnowledge.rejectedFlags(inv.path).sorted(by: { $0.key < $1.key }) where e.has(flag) {
            let message: String
            if let via = e.via, e.wrapperAdds(flag) {
                let at = commands.scope[via].flatMap { s in s.definitionLine(in: reality).map { " (\(s.path):\($0))" } } ?? ""
                message = "runs `\(shownText)` through `\(via)`\(at), which adds \(flag) to every gcloud command; the resource is \(why)"
            } else {
                message = "passes \(flag) to `\(shownText)`, which does not accept it: the resource is \(why)"
            }
            add([e.via ?? "", inv.path, inv.verb, flag].filter { !$0.isEmpty }, e.command, message, .gcloud, nil, prefix: "flag", isFlag: true)
        }
        let rewrite = regionalRewrite(e, inv)
        if let rewrite, let region = rewrite.extra.last, let via = e.via, let cluster = clusterName(e, inv),
           let known = regionalClusters[cluster] {
            let zone = e.wrapper?.addedArguments.firstIndex { $0.unquotedText == "--zone" }.flatMap { i in
                i + 1 < e.wrapper!.addedArguments.count ? e.wrapper!.addedArguments[i + 1].raw : nil } ?? ""
            let message = "`\(via)` adds `--zone \(zone)` to `\(shownText)`, but `\(cluster)` is a regional cluster "
                + "(\(known.path):\(known.line), `--region \(region)`): the call looks in the zone and does not find it; "
                + "call gcloud with the cluster's region"
            add([via, inv.path, inv.verb, "zone"], e.command, message, .gcloud, gcloudFix(e, inv, rewrite: rewrite, wrap: isUnguardedCreate(e, inv) && !GcloudKnowledge.namesSeveral(e.words, inv)),
                prefix: "flag", isFlag: true)
        }
        guard isUnguardedCreate(e, inv) else { return }
        let guardState = commands.guardOf(e)
        let resourceName = inv.nameIndex.map { e.words[$0].unquotedText } ?? "?"
        let checker = (callSitePrefix(e, before: inv.verbIndex) ?? ["gcloud"] + [inv.path]).joined(separator: " ")
        if guardState == .swallowed {
            add([inv.path, inv.verb, resourceName], e.command,
                "\(shown(e, "\(shownText) \(resourceName)")) swallows its errors: every failure is hidden, not only \"already exists\"; "
                    + "check first with `\(checker) describe` and let other errors stop the task", .gcloud, nil, prefix: "swallowed")
            return
        }
        if GcloudKnowledge.namesSeveral(e.words, inv) {
            // A describe takes one name: guarding the first would skip the others whenever it
            // exists (a second run after a partial first one never makes them).
            let names = GcloudKnowledge.positionalNames(e.words, inv).map { "`\(e.words[$0].raw)`" }.joined(separator: ", ")
            add([inv.path, inv.verb, resourceName], e.command,
                "\(shown(e, shownText)) names several resources in one call (\(names)) and is unguarded: a second run fails "
                    + "because they already exist, and a check of one name cannot guard the others; "
                    + "create each in its own call, checked first with `\(checker) describe`", .gcloud, nil)
            return
        }
        let message = "\(shown(e, "\(shownText) \(resourceName)")) is unguarded: a second run fails because it already exists; "
            + "check first with `\(checker) describe`"
        add([inv.path, inv.verb, resourceName], e.command, message, .gcloud, gcloudFix(e, inv, rewrite: rewrite, wrap: true))
    }

    func isUnguardedCreate(_ e: EffectiveCommand, _ inv: GcloudKnowledge.Invocation) -> Bool {
        GcloudKnowledge.createVerbs.contains(inv.verb) && !GcloudKnowledge.unguardable.contains(inv.path)
            && !commands.guardOf(e).isGuarded
    }

    /// The cluster a `container clusters`/`container node-pools` call names.
    func clusterName(_ e: EffectiveCommand, _ inv: GcloudKnowledge.Invocation) -> String? {
        if inv.path == "container clusters" { return inv.nameIndex.map { e.words[$0].unquotedText } }
        if inv.path == "container node-pools" { return e.flagValue("--cluster")?.unquotedText }
        return nil
    }

    /// A call through a wrapper that adds `--zone` to a regional cluster (or its node pools):
    /// how to call it at its site instead.
    func regionalRewrite(_ e: EffectiveCommand, _ inv: GcloudKnowledge.Invocation) -> ScopeRewrite? {
        guard let wrapper = e.wrapper, wrapper.shifted == 0, e.wrapperAdds("--zone"), !e.has("--region"), !e.has("--location"),
              !(inv.path == "container clusters" && GcloudKnowledge.createVerbs.contains(inv.verb)),
              let cluster = clusterName(e, inv), let known = regionalClusters[cluster] else { return nil }
        func withoutZone(_ words: [ShellWord]) -> [String] {
            var out: [String] = []
            var i = 0
            while i < words.count {
                let t = words[i].unquotedText
                if t == "--zone" { i += 2; continue }
                if t.hasPrefix("--zone=") { i += 1; continue }
                out.append(words[i].raw)
                i += 1
            }
            return out
        }
        let leading = withoutZone(wrapper.leadingArguments)
        let trailing = withoutZone(wrapper.trailingArguments)
        let variable = RequiredEnvironment.variableName(in: known.region.unquotedText)
        let mentioned = variable.map { v in script.text.contains("$" + v) || script.text.contains("${" + v) } ?? true
        return ScopeRewrite(program: [wrapper.tool] + leading, extra: trailing + ["--region", known.region.raw],
                            scope: pairs(trailing + leading) + ["--region \(known.region.raw)"],
                            newVariable: mentioned ? nil : variable)
    }

    /// `--flag value` pairs of a word list, joined (`--project "$P"`), flags with `=` alone.
    private func pairs(_ words: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if w.hasPrefix("--"), !w.contains("="), i + 1 < words.count, !words[i + 1].hasPrefix("-") {
                out.append(w + " " + words[i + 1])
                i += 2
            } else {
                if w.hasPrefix("--") { out.append(w) }
                i += 1
            }
        }
        return out
    }

    /// The call rewritten with `rewrite` (when given) and, when `wrap`, inside
    /// `if ! DESCRIBE >/dev/null 2>&1; then ... fi`, the describe going through the same
    /// wrapper (or the same flags) as the create.
    func gcloudFix(_ e: EffectiveCommand, _ inv: GcloudKnowledge.Invocation, rewrite: ScopeRewrite?, wrap: Bool) -> (ClosedRange<Int>, [String])? {
        let cmd = e.command
        let t = commandText(cmd)
        guard t.ownsItsLines, !t.hasHeredoc, !t.hasMultilineWord, let ranges = t.wordRanges,
              let verbAt = e.callSiteIndex(inv.verbIndex), verbAt > 0 else { return nil }
        var replacements: [(Range<Int>, String)] = []
        var insertions: [(at: Int, text: String)] = []
        if let rewrite {
            replacements.append((ranges[0], rewrite.program.joined(separator: " ")))
            insertions.append((ranges[ranges.count - 1].upperBound, " " + rewrite.extra.joined(separator: " ")))
        }
        var body = t.lines(inserting: insertions, replacing: replacements)
        let indent = t.indentation
        let validation = rewrite?.newVariable.map { ["\(indent): \"${\($0):?export \($0)}\""] } ?? []
        guard wrap else { return (cmd.startLine...cmd.endLine, validation + body) }
        // A create whose status is tested (`if gcloud ... create`) is not wrapped: the
        // guard would change what its caller sees. The describe runs in the line's
        // environment (`CLOUDSDK_CORE_PROJECT=... gcloud ...`).
        // Nor one naming several resources: a describe checks one of them.
        guard !CreateShape.statusIsLogic(cmd, in: script), !GcloudKnowledge.namesSeveral(e.words, inv), let env = t.assignmentPrefix,
              let nameIndex = inv.nameIndex, let nameAt = e.callSiteIndex(nameIndex) else { return nil }
        let words = cmd.words
        let scope = GcloudKnowledge.resource(inv.path).scopeFlags
        var describe = (rewrite.map { $0.program } ?? [words[0].raw]) + words[1..<verbAt].map(\.raw) + ["describe"]
        var name = words[nameAt].raw
        if inv.path == "iam service-accounts", !words[nameAt].unquotedText.contains("@") {
            // Service accounts are described by e-mail, built from the project the create
            // really uses: its own or its wrapper's `--project`, else the active configuration.
            let project = e.flagValue("--project")?.unquotedText ?? "$(gcloud config get-value project 2>/dev/null)"
            let braced = project.hasPrefix("$") && !project.hasPrefix("${") && !project.hasPrefix("$(") ? "${" + project.dropFirst() + "}" : project
            name = "\"\(words[nameAt].unquotedText)@\(braced).iam.gserviceaccount.com\""
        }
        describe.append(name)
        for flag in inv.flags where scope.contains(flag.name) {
            guard let at = e.callSiteIndex(flag.index), at > 0 else { continue }
            if words[at].unquotedText.contains("=") || flag.name == "--global" || at + 1 >= words.count {
                describe.append(words[at].raw)
            } else {
                describe.append(words[at].raw + " " + words[at + 1].raw)
            }
        }
        if let rewrite { describe += rewrite.scope.filter { pair in scope.contains(String(pair.prefix { $0 != " " && $0 != "=" })) } }
        body = body.map { "  " + $0 }
        return (cmd.startLine...cmd.endLine,
                validation + ["\(indent)if ! \(env)\(describe.joined(separator: " ")) >/dev/null 2>&1; then"] + body + ["\(indent)fi"])
    }
}
