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
        let kind = rest.first ?? ""
        if kind == "-f" || kind.hasPrefix("--filename") || kind.hasPrefix("-f") {
            guard guardState == .unguarded else { return }
            let fix = t.wordRanges.flatMap { r in verbAt.map { (cmd.startLine...cmd.endLine, t.lines(inserting: [], replacing: [(r[$0], "apply")])) } }
            add(["kubectl", "create", kind, rest.dropFirst().first ?? ""], cmd,
                "`kubectl create -f` is unguarded: a second run fails because the objects already exist; `kubectl apply -f` is idempotent",
                .kubectl, fix)
            return
        }
        guard Self.kubectlGenerators.contains(kind) else { return }
        let objectName = e.subject?.split(separator: "/").last.map(String.init) ?? ""
        let generator = kind == "secret" ? ["secret"] + rest.dropFirst().prefix(1) : [kind]
        let what = "kubectl create \(generator.joined(separator: " ")) \(objectName)"
        let prefix = verbAt.map { cmd.words[0..<$0].map(\.raw).joined(separator: " ") }
        let render = prefix.map { " --dry-run=client -o yaml | \($0) apply -f -" }
        let keyParts = ["kubectl", "create"] + rest.prefix(3).filter { !$0.hasPrefix("-") }
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
        if !e.has("--generate-name"), let ranges = t.wordRanges, let at = e.callSiteIndex(p[0].index), at > 0 {
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
                .local, direct ? check.flatMap { rewriteSwallowed(e, prefix: $0, suffix: "") } : nil, prefix: "swallowed")
            return
        }
        let t = commandText(cmd)
        let fix = direct && t.ownsItsLines && !t.hasHeredoc ? check.map { (cmd.startLine...cmd.endLine, t.lines(inserting: [(cmd.startOffset, $0)])) } : nil
        add([e.tool, e.subcommand, name], cmd, "\(shown(e, what)) is unguarded: a second run fails because it already exists; "
                + "check first with `\(lookup)`", .local, fix)
    }
}
