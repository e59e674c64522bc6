import ShellReader

// kubectl, helm and local-cluster tools (k3d, kind): creates that fail on a second run, and
// creates whose `|| true` hides every error.
extension RerunAnalysis {
    static let kubectlGenerators: Set<String> = [
        "namespace", "ns", "secret", "configmap", "cm", "serviceaccount", "sa", "role", "rolebinding", "clusterrole",
        "clusterrolebinding", "quota", "resourcequota", "priorityclass", "service", "svc", "deployment", "deploy",
        "job", "cronjob", "cj", "ingress", "ing", "poddisruptionbudget", "pdb",
    ]

    mutating func kubectl(_ e: EffectiveCommand) {
        guard e.action == .create, e.command.operatorAfter != "|" else { return }
        let guardState = commands.guardOf(e)
        if guardState.isGuarded { return }
        let p = ToolGrammar.positionals(e.words, valueFlags: ToolGrammar.kubectlValueFlags)
        guard p.count >= 2 || e.words.contains(where: { ["-f", "--filename"].contains($0.unquotedText) }) else { return }
        let cmd = e.command
        let t = commandText(cmd)
        let verbAt = e.callSiteIndex(p[0].index)
        let rest = e.words[(p[0].index + 1)...].map(\.unquotedText)
        // `create -f x`, also after other flags (`create -n "$NS" -f - <<YAML`).
        let fileAt = rest.firstIndex { $0 == "-f" || $0.hasPrefix("--filename") || ($0.hasPrefix("-f") && !$0.hasPrefix("--")) }
        if let fileAt, p.count < 2 || fileAt < p[1].index - p[0].index - 1 {
            let first = rest[fileAt]
            guard guardState == .unguarded else { return }
            let logic = CreateShape.statusIsLogic(cmd, in: script)
            let fix = logic ? nil : t.wordRanges.flatMap { r in verbAt.map { (cmd.startLine...cmd.endLine, t.lines(inserting: [], replacing: [(r[$0], "apply")])) } }
            add(["kubectl", "create", first, fileAt + 1 < rest.count ? rest[fileAt + 1] : ""], cmd,
                "`kubectl create -f` is unguarded: a second run fails because the objects already exist; `kubectl apply -f` is idempotent",
                .kubectl, fix)
            return
        }
        // The generator is the first positional after the verb (`create -n x configmap c`).
        guard p.count > 1, Self.kubectlGenerators.contains(p[1].text) else { return }
        let kind = p[1].text
        let objectName = e.subject?.split(separator: "/").last.map(String.init) ?? ""
        let generator = kind == "secret" ? ["secret"] + p.dropFirst(2).prefix(1).map(\.text) : [kind]
        let what = "kubectl create \(generator.joined(separator: " ")) \(objectName)"
        let keyParts = ["kubectl", "create"] + rest.prefix(3).filter { !$0.hasPrefix("-") }
        if CreateShape.statusIsLogic(cmd, in: script) {
            add(keyParts, cmd, "\(shown(e, what)) decides what runs next (its exit status is tested): rendering it with "
                    + "`kubectl apply` would make it succeed when the object exists and change that; guard it by hand", .kubectl, nil)
            return
        }
        // A word that can split into flags (`${DRY}` = `--dry-run=client`) would meet the
        // render's own flags and the apply would write what the line only previewed: keep
        // the line as written behind a lookup instead.
        if cmd.words.dropFirst().contains(where: CreateShape.canSplit) {
            let fix = guardState == .unguarded ? kubectlLookupGuard(e, kind: kind, positionals: p) : nil
            add(keyParts, cmd, "\(shown(e, what)) is \(guardState == .swallowed ? "swallowing its errors" : "unguarded"): a second run fails with "
                    + "AlreadyExists; it has words that can expand to flags, so it is checked first with `kubectl get` and kept as written",
                .kubectl, fix, prefix: guardState == .swallowed ? "swallowed" : "unguarded")
            return
        }
        // The line's `VAR=value` prefix (KUBECONFIG, HTTPS_PROXY) goes to the apply too, or the
        // apply would reach another cluster.
        let env = t.assignmentPrefix
        let prefix = verbAt.flatMap { at in env.map { $0 + cmd.words[0..<at].map(\.raw).joined(separator: " ") } }
        let render = prefix.map { " --dry-run=client -o yaml | \($0) apply -f -" }
        if guardState == .swallowed {
            let secret = kind == "secret" ? ", and a re-run does not update the Secret when its value changes" : ""
            add(keyParts, cmd, "\(shown(e, what)) swallows its errors (`|| ...`): errors are swallowed, so a missing cluster or a denied "
                    + "request goes unnoticed\(secret); render it with `--dry-run=client -o yaml | kubectl apply -f -` instead",
                .kubectl, render.flatMap { rewriteSwallowed(e, prefix: "", suffix: $0) }, prefix: "swallowed")
            return
        }
        var fix: (ClosedRange<Int>, [String])?
        if cmd.redirections.allSatisfy({ $0.fd == "2" }), let render {
            fix = (cmd.startLine...cmd.endLine, t.lines(inserting: [(cmd.endOffset, render)]))
        }
        add(keyParts, cmd, "\(shown(e, what)) is unguarded: a second run fails with AlreadyExists; "
                + "render it with `--dry-run=client -o yaml | kubectl apply -f -`", .kubectl, fix)
    }

    mutating func helm(_ e: EffectiveCommand) {
        guard e.action == .create else { return }
        let guardState = commands.guardOf(e)
        if guardState.isGuarded { return }
        let p = ToolGrammar.positionals(e.words, valueFlags: ToolGrammar.helmValueFlags)
        let release = e.subject ?? ""
        let cmd = e.command
        if guardState == .swallowed {
            add(["helm", "install", release], cmd, "\(shown(e, "helm install \(release)")) swallows its errors: a failed install goes unnoticed; "
                + "check first with `helm status \(release)`", .helm, nil, prefix: "swallowed")
            return
        }
        let t = commandText(cmd)
        var fix: (ClosedRange<Int>, [String])?
        if !e.has("--generate-name"), !CreateShape.statusIsLogic(cmd, in: script), let ranges = t.wordRanges, let at = e.callSiteIndex(p[0].index), at > 0 {
            fix = (cmd.startLine...cmd.endLine, t.lines(inserting: [], replacing: [(ranges[at], "upgrade --install")]))
        }
        add(["helm", "install", release], cmd,
            "\(shown(e, "helm install \(release)")) is unguarded: a second run fails because the release exists; `helm upgrade --install` is idempotent",
            .helm, fix)
    }

    /// `k3d cluster create N`, `k3d registry create N`, `kind create cluster --name N`:
    /// checked first with the tool's own lookup.
    mutating func localCluster(_ e: EffectiveCommand) {
        guard e.action == .create, let subject = e.subject else { return }
        let guardState = commands.guardOf(e)
        if guardState.isGuarded { return }
        let name = String(subject.drop { $0 != "/" }.dropFirst())
        let cmd = e.command
        let check: String?
        let quoted = name.allSatisfy { $0.isLetter || $0.isNumber || "-._".contains($0) } ? name : "'\(name)'"
        if e.tool == "kind" {
            check = "kind get clusters 2>/dev/null | grep -qx \(quoted) || "
        } else {
            // k3d names a registry's container `k3d-NAME`, which is what `registry get` takes.
            let noun = e.subcommand.split(separator: " ").first.map(String.init) ?? "cluster"
            check = "k3d \(noun) get \(noun == "registry" ? "k3d-" + name : name) >/dev/null 2>&1 || "
        }
        let what = e.tool == "kind" ? "kind \(e.subcommand) --name \(name)" : "\(e.tool) \(e.subcommand) \(name)"
        let lookup = e.tool == "kind" ? "kind get clusters" : "k3d \(e.subcommand.replacingOccurrences(of: "create", with: "get")) \(name)"
        let direct = e.via == nil && !name.contains("$")
        if guardState == .swallowed {
            add([e.tool, e.subcommand, name], cmd, "\(shown(e, what)) swallows its errors: errors are swallowed, so a port in use or a "
                    + "stopped Docker daemon goes unnoticed, not only \"already exists\"; check first with `\(lookup)`",
                .local, direct ? check.flatMap { c in commandText(cmd).assignmentPrefix.flatMap { rewriteSwallowed(e, prefix: $0 + c, suffix: "") } } : nil, prefix: "swallowed")
            return
        }
        let t = commandText(cmd)
        // The check runs in the line's environment (`DOCKER_HOST=... k3d ...`): the
        // `VAR=value` prefix applies to one command only, so the check gets its own copy.
        let env = t.assignmentPrefix
        let fix = direct && t.ownsItsLines && !t.hasHeredoc && !CreateShape.statusIsLogic(cmd, in: script)
            ? check.flatMap { c in env.map { (cmd.startLine...cmd.endLine, t.lines(inserting: [(cmd.startOffset, $0 + c)])) } } : nil
        add([e.tool, e.subcommand, name], cmd, "\(shown(e, what)) is unguarded: a second run fails because it already exists; "
                + "check first with `\(lookup)`", .local, fix)
    }
}
