import Foundation

/// helm: identity is release + namespace.
enum Helm {
    static let bools: Set<String> = [
        "wait", "create-namespace", "atomic", "install", "i", "force-update", "reuse-values", "reset-values",
        "reset-then-reuse-values", "devel", "skip-crds", "debug", "wait-for-jobs", "all-namespaces", "A", "short", "q",
        "cleanup-on-fail", "force", "no-hooks", "pass-credentials", "insecure-skip-tls-verify", "generate-name", "g",
        "dependency-update", "keep-history", "ignore-not-found", "all", "a", "deployed", "failed", "pending",
        "uninstalled", "uninstalling", "superseded", "plain-http", "include-crds", "verify", "untar", "fail-on-change",
        "dry-run", "render-subchart-notes", "disable-openapi-validation", "skip-refresh", "replace", "no-update",
    ]
    static let shortValue: Set<Character> = ["n", "f", "o", "l"]
    static let builtinNamespaces: Set<String> = ["default", "kube-system", "kube-public", "kube-node-lease"]

    static func key(_ ns: String, _ release: String) -> String { "helm release \(ns)/\(release)" }

    static func run(_ c: inout ToolContext) {
        let p = ParsedArgs(c.inv.args, isBool: { bools.contains($0) }, shortValue: shortValue)
        let ns = p.value("n", "namespace") ?? "default"
        guard let verb = p.positionals.first else {
            c.outcome.callClass = .other
            c.outcome.out("The Kubernetes package manager (test double)")
            return
        }
        let rest = Array(p.positionals.dropFirst())
        switch verb {
        case "repo": repo(&c, p, rest: rest)
        case "install": install(&c, p, rest: rest, ns: ns, upgrade: false)
        case "upgrade": install(&c, p, rest: rest, ns: ns, upgrade: true)
        case "status", "history", "get":
            c.outcome.callClass = .probe
            let name = verb == "get" ? (rest.count > 1 ? rest[1] : "") : (rest.first ?? "")
            let k = key(ns, name)
            c.outcome.resource = k
            guard let r = c.state.resources[k] else {
                return c.outcome.fail(1, "Error: release: not found")
            }
            switch verb {
            case "status": c.outcome.out("NAME: \(name)\nLAST DEPLOYED: Thu Jan  1 00:00:00 2026\nNAMESPACE: \(ns)\nSTATUS: deployed\nREVISION: \(r.attrs?["revision"] ?? "1")")
            case "history": c.outcome.out("REVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\tDESCRIPTION\n\(r.attrs?["revision"] ?? "1")\tThu Jan  1 00:00:00 2026\tdeployed\t\(r.attrs?["chart"] ?? "")\t\tInstall complete")
            default: c.outcome.out("USER-SUPPLIED VALUES:\nnull")
            }
        case "list", "ls":
            c.outcome.callClass = .probe
            let all = p.has("A", "all-namespaces")
            let rows = c.state.resources(prefix: "helm release ").map(\.1).filter { all || $0.namespace == ns }
                .filter { r in p.value("filter").map { f in r.name.range(of: f, options: .regularExpression) != nil } ?? true }
            c.outcome.resource = "helm release \(all ? "*" : ns)/*"
            let out = p.value("o", "output") ?? ""
            if p.has("q", "short") {
                for r in rows { c.outcome.out(r.name) }
            } else if out == "json" {
                c.outcome.stdout += JSONValue.array(rows.map { .object(["name": .string($0.name), "namespace": .string($0.namespace ?? ""), "status": "deployed", "revision": .string($0.attrs?["revision"] ?? "1")]) }).printed + "\n"
            } else {
                c.outcome.out("NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION")
                for r in rows { c.outcome.out("\(r.name)\t\(r.namespace ?? "")\t\(r.attrs?["revision"] ?? "1")\t2026-01-01\tdeployed\t\(r.attrs?["chart"] ?? "")\t") }
            }
        case "uninstall", "delete", "del", "un":
            c.outcome.callClass = .delete
            var keys: [String] = []
            for name in rest {
                let k = key(ns, name)
                keys.append(k)
                if c.state.resources[k] == nil {
                    if p.has("ignore-not-found") { continue }
                    c.outcome.resource = keys.joined(separator: "; ")
                    return c.outcome.fail(1, "Error: uninstall: Release not loaded: \(name): release: not found")
                }
                c.state.resources[k] = nil
                c.outcome.out("release \"\(name)\" uninstalled")
            }
            c.outcome.resource = keys.joined(separator: "; ")
        case "rollback":
            c.outcome.callClass = .apply
            let name = rest.first ?? ""
            c.outcome.resource = key(ns, name)
            guard c.state.resources[key(ns, name)] != nil else { return c.outcome.fail(1, "Error: release: not found") }
            c.outcome.out("Rollback was a success! Happy Helming!")
        case "template", "lint", "show", "inspect", "search", "env", "version", "dependency", "dep", "pull", "fetch", "package", "plugin", "registry", "verify":
            c.outcome.callClass = ["template", "show", "inspect", "search", "env", "version", "lint"].contains(verb) ? .read : .other
            if verb == "version" { c.outcome.out("version.BuildInfo{Version:\"v3.16.2\", GitCommit:\"test-double\", GoVersion:\"go1.22\"}") }
            if verb == "template" || verb == "pull" || verb == "fetch" || verb == "show" {
                let chart = verb == "template" ? (rest.count > 1 ? rest[1] : rest.first) : rest.first
                if let e = chartError(c, p, chart: chart, prefix: "Error: ") { return c.outcome.fail(1, e) }
            }
        default:
            c.outcome.callClass = .other
        }
    }

    static func repo(_ c: inout ToolContext, _ p: ParsedArgs, rest: [String]) {
        let sub = rest.first ?? ""
        switch sub {
        case "add":
            c.outcome.callClass = .apply
            guard rest.count >= 3 else { return c.outcome.fail(1, "Error: \"helm repo add\" requires 2 arguments") }
            let name = rest[1], url = rest[2]
            c.outcome.resource = "helm repo \(name)"
            if let old = c.state.helmRepos[name], old != url, !p.has("force-update") {
                return c.outcome.fail(1, "Error: repository name (\(name)) already exists, please specify a different name")
            }
            if c.state.helmRepos[name] == url {
                c.outcome.out("\"\(name)\" already exists with the same configuration, skipping")
            } else {
                c.outcome.out("\"\(name)\" has been added to your repositories")
            }
            c.state.helmRepos[name] = url
        case "update", "up":
            // Succeeds even with no repository added here: the user's machine may have some (a
            // chart from a repository not added in the rehearsal still fails at install).
            c.outcome.callClass = .other
            c.outcome.out("Hang tight while we grab the latest from your chart repositories...")
            for name in c.state.helmRepos.keys.sorted() { c.outcome.out("...Successfully got an update from the \"\(name)\" chart repository") }
            c.outcome.out("Update Complete. ⎈Happy Helming!⎈")
        case "list", "ls":
            c.outcome.callClass = .read
            guard !c.state.helmRepos.isEmpty else { return c.outcome.fail(1, "Error: no repositories to show") }
            c.outcome.out("NAME\tURL")
            for (n, u) in c.state.helmRepos.sorted(by: { $0.key < $1.key }) { c.outcome.out("\(n)\t\(u)") }
        case "remove", "rm":
            c.outcome.callClass = .delete
            for name in rest.dropFirst() {
                guard c.state.helmRepos[name] != nil else { return c.outcome.fail(1, "Error: no repo named \"\(name)\" found") }
                c.state.helmRepos[name] = nil
                c.outcome.out("\"\(name)\" has been removed from your repositories")
            }
        default:
            c.outcome.callClass = .other
        }
    }

    /// A chart reference helm cannot resolve: `repo/chart` without `repo add`, a missing local path.
    static func chartError(_ c: ToolContext, _ p: ParsedArgs, chart: String?, prefix: String) -> String? {
        guard let chart else { return "\(prefix)must either provide a name or specify --generate-name" }
        if p.value("repo") != nil { return nil }
        if chart.hasPrefix("oci://") || chart.hasPrefix("http://") || chart.hasPrefix("https://") || chart.hasPrefix("file://") { return nil }
        if chart.hasPrefix("/") || chart.hasPrefix("./") || chart.hasPrefix("../") || chart.hasPrefix("~") || c.inv.fileExists(chart) {
            return c.inv.fileExists(chart) ? nil : "\(prefix)path \"\(chart)\" not found"
        }
        let parts = chart.split(separator: "/", maxSplits: 1)
        if parts.count == 2 {
            return c.state.helmRepos[String(parts[0])] == nil ? "\(prefix)repo \(parts[0]) not found" : nil
        }
        return "\(prefix)non-absolute URLs should be in form of repo_name/path_to_chart, got: \(chart)"
    }

    static func install(_ c: inout ToolContext, _ p: ParsedArgs, rest: [String], ns: String, upgrade: Bool) {
        let isInstall = !upgrade
        let upsert = upgrade && p.has("install", "i")
        c.outcome.callClass = isInstall ? .create : .apply
        let generate = p.has("generate-name", "g")
        let name: String
        let chart: String?
        if isInstall && generate {
            chart = rest.first
            name = (chart.map { String($0.split(separator: "/").last ?? "") } ?? "release") + "-1700000000"
        } else {
            name = rest.first ?? ""
            chart = rest.count > 1 ? rest[1] : nil
        }
        let failPrefix = isInstall || (upsert && c.state.resources[key(ns, name)] == nil) ? "Error: INSTALLATION FAILED: " : "Error: UPGRADE FAILED: "
        if p.has("dry-run") { c.outcome.callClass = .read }
        let k = key(ns, name)
        c.outcome.resource = k
        guard !name.isEmpty else { return c.outcome.fail(1, "Error: \(isInstall ? "INSTALLATION FAILED: must either provide a name or specify --generate-name" : "\"helm upgrade\" requires 2 arguments")") }
        for vf in p.values("f", "values") where vf != "-" && !vf.hasPrefix("http://") && !vf.hasPrefix("https://") {
            if !c.inv.fileExists(vf) { return c.outcome.fail(1, "Error: open \(vf): no such file or directory") }
        }
        for spec in p.values("set-file") {
            let path = String(spec.split(separator: "=", maxSplits: 1).last ?? "")
            if !c.inv.fileExists(path) { return c.outcome.fail(1, "Error: failed parsing --set-file data: open \(path): no such file or directory") }
        }
        if let e = chartError(c, p, chart: chart, prefix: failPrefix) { return c.outcome.fail(1, e) }
        let exists = c.state.resources[k] != nil
        if isInstall && exists && !p.has("replace") {
            return c.outcome.fail(1, "Error: INSTALLATION FAILED: cannot re-use a name that is still in use")
        }
        if upgrade && !upsert && !exists {
            return c.outcome.fail(1, "Error: UPGRADE FAILED: \"\(name)\" has no deployed releases")
        }
        if !exists && !p.has("create-namespace") && !Helm.builtinNamespaces.contains(ns)
            && c.state.resources[Kubectl.key("namespace", "", ns)] == nil && c.inv.env("INFRA_TUI_DOUBLE_STRICT_NAMESPACES") == "1" {
            return c.outcome.fail(1, "\(failPrefix)create: failed to create: namespaces \"\(ns)\" not found")
        }
        if p.has("dry-run") {
            c.outcome.out("NAME: \(name)\nNAMESPACE: \(ns)\nSTATUS: pending-install\nREVISION: 1")
            return
        }
        if p.has("create-namespace") && c.state.resources[Kubectl.key("namespace", "", ns)] == nil && !Helm.builtinNamespaces.contains(ns) {
            Kubectl.store(&c, kind: "namespace", ns: "", name: ns,
                          object: .object(["apiVersion": "v1", "kind": "Namespace", "metadata": .object(["name": .string(ns)])]))
        }
        let revision = (Int(c.state.resources[k]?.attrs?["revision"] ?? "0") ?? 0) + 1
        c.state.resources[k] = DoubleResource(tool: "helm", kind: "release", name: name, namespace: ns,
                                              attrs: ["chart": chart ?? "", "revision": String(revision), "version": p.value("version") ?? ""])
        if exists {
            c.outcome.out("Release \"\(name)\" has been upgraded. Happy Helming!")
        } else if upgrade {
            c.outcome.out("Release \"\(name)\" does not exist. Installing it now.")
        }
        c.outcome.out("NAME: \(name)\nLAST DEPLOYED: Thu Jan  1 00:00:00 2026\nNAMESPACE: \(ns)\nSTATUS: deployed\nREVISION: \(revision)\nTEST SUITE: None")
    }
}
