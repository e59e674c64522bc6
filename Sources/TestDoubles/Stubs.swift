import Foundation

/// kind and k3d (clusters are stateful: a second create fails like the real tool), curl and wget
/// (downloads write a placeholder), and silent recording stubs for the rest.
enum Stubs {
    static func kind(_ c: inout ToolContext) {
        let p = ParsedArgs(c.inv.args, isBool: { ["retain", "quiet", "q", "all", "A", "internal"].contains($0) }, shortValue: [])
        let name = p.value("name") ?? c.inv.env("KIND_CLUSTER_NAME") ?? "kind"
        let pos = p.positionals
        guard pos.count >= 2 else {
            c.outcome.callClass = pos.first == "version" ? .read : .other
            if pos.first == "version" { c.outcome.out("kind v0.24.0 go1.22 linux/amd64") }
            return
        }
        let k = "kind cluster \(name)"
        switch (pos[0], pos[1]) {
        case ("create", "cluster"):
            c.outcome.callClass = .create
            c.outcome.resource = k
            if let cfg = p.value("config"), !cfg.isEmpty, cfg != "-", !c.inv.fileExists(cfg) {
                return c.outcome.fail(1, "ERROR: failed to create cluster: error reading file: open \(cfg): no such file or directory")
            }
            if c.state.resources[k] != nil {
                return c.outcome.fail(1, "ERROR: failed to create cluster: node(s) already exist for a cluster with the name \"\(name)\"")
            }
            c.state.resources[k] = DoubleResource(tool: "kind", kind: "cluster", name: name)
            c.state.setContext("kind-" + name)
            c.outcome.err("Creating cluster \"\(name)\" ...\nSet kubectl context to \"kind-\(name)\"")
        case ("get", "clusters"):
            c.outcome.callClass = .probe
            let names = c.state.resources(prefix: "kind cluster ").map(\.1.name)
            if names.isEmpty { c.outcome.err("No kind clusters found.") } else { c.outcome.out(names.joined(separator: "\n")) }
        case ("get", "kubeconfig"), ("export", "kubeconfig"):
            c.outcome.callClass = .probe
            c.outcome.resource = k
            guard c.state.resources[k] != nil else {
                return c.outcome.fail(1, "ERROR: could not locate any control plane nodes for cluster named '\(name)'. Use the --name option to select a different cluster")
            }
            if pos[0] == "export" { c.state.setContext("kind-" + name); c.outcome.err("Set kubectl context to \"kind-\(name)\"") }
            else { c.outcome.out("apiVersion: v1\nkind: Config\ncurrent-context: kind-\(name)") }
        case ("get", "nodes"):
            c.outcome.callClass = .probe
            if c.state.resources[k] != nil { c.outcome.out("\(name)-control-plane") }
        case ("delete", "cluster"):
            c.outcome.callClass = .delete
            c.outcome.resource = k
            c.state.resources[k] = nil
            c.outcome.err("Deleting cluster \"\(name)\" ...")
        case ("delete", "clusters"):
            c.outcome.callClass = .delete
            for (key, _) in c.state.resources(prefix: "kind cluster ") { c.state.resources[key] = nil }
        case ("load", _):
            c.outcome.callClass = .other
            c.outcome.resource = k
            guard c.state.resources[k] != nil else {
                return c.outcome.fail(1, "ERROR: no nodes found for cluster \"\(name)\"")
            }
        default:
            c.outcome.callClass = .other
        }
    }

    static func k3d(_ c: inout ToolContext) {
        let p = ParsedArgs(c.inv.args, isBool: { ["wait", "kubeconfig-switch-context", "kubeconfig-update-default", "no-lb", "no-rollback", "all", "a", "no-headers", "verbose", "trace"].contains($0) || $0.hasPrefix("no-") },
                           shortValue: ["p", "a", "s", "c", "i", "o", "v", "e"])
        let pos = p.positionals
        guard pos.count >= 2 else {
            c.outcome.callClass = pos.first == "version" ? .read : .other
            if pos.first == "version" { c.outcome.out("k3d version v5.7.4\nk3s version v1.30.4-k3s1 (default)") }
            return
        }
        let noun = pos[0] == "registries" ? "registry" : pos[0] == "clusters" ? "cluster" : pos[0]
        let verb = pos[1]
        var name = pos.count > 2 ? pos[2] : (noun == "cluster" ? "k3s-default" : "")
        if noun == "registry" && name.hasPrefix("k3d-") { name = String(name.dropFirst(4)) }
        let k = "k3d \(noun) \(name)"
        switch verb {
        case "create":
            c.outcome.callClass = .create
            c.outcome.resource = k
            if let cfg = p.value("config", "c"), !cfg.isEmpty, !c.inv.fileExists(cfg) {
                return c.outcome.fail(1, "FATA[0000] Failed to read config file \(cfg): open \(cfg): no such file or directory")
            }
            if c.state.resources[k] != nil {
                if noun == "registry" {
                    return c.outcome.fail(1, "FATA[0000] Failed to create registry: failed to create registry node 'k3d-\(name)': runtime failed to create node 'k3d-\(name)': failed to create container for node 'k3d-\(name)': docker failed to create container 'k3d-\(name)': Error response from daemon: Conflict. The container name \"/k3d-\(name)\" is already in use")
                }
                return c.outcome.fail(1, "FATA[0000] Failed to create cluster '\(name)' because a cluster with that name already exists")
            }
            c.state.resources[k] = DoubleResource(tool: "k3d", kind: noun, name: name)
            if noun == "cluster" {
                if !p.has("kubeconfig-switch-context") || p.value("kubeconfig-switch-context") != "false" { c.state.setContext("k3d-" + name) }
                c.outcome.err("INFO[0000] Cluster '\(name)' created successfully!\nINFO[0000] You can now use it like this:\nkubectl cluster-info")
            } else {
                c.outcome.err("INFO[0000] Successfully created registry 'k3d-\(name)'")
            }
        case "get", "list", "ls":
            c.outcome.callClass = .probe
            // `-o json` prints an array of objects with their `name` (k3d's own output), which
            // guards read with `jq -e '.[] | select(.name == ...)'`; otherwise a NAME table.
            let json = ["json", "yaml"].contains(p.value("output", "o") ?? "")
            func listing(_ names: [String]) -> String {
                guard json else { return (["NAME"] + names).joined(separator: "\n") }
                return "[" + names.map { "{\"name\":\"\($0)\"}" }.joined(separator: ",") + "]"
            }
            if pos.count > 2 {
                c.outcome.resource = k
                guard c.state.resources[k] != nil else {
                    return c.outcome.fail(1, noun == "cluster" ? "FATA[0000] failed to get cluster \(name): No nodes found for given cluster" : "FATA[0000] failed to get \(noun) '\(name)': not found")
                }
                c.outcome.out(listing([(noun == "registry" ? "k3d-" : "") + name]))
            } else {
                let rows = c.state.resources(prefix: "k3d \(noun) ").map { (noun == "registry" ? "k3d-" : "") + $0.1.name }
                c.outcome.out(listing(rows))
            }
        case "delete", "rm":
            c.outcome.callClass = .delete
            c.outcome.resource = k
            c.state.resources[k] = nil
        case "start", "stop", "edit":
            c.outcome.callClass = .other
            c.outcome.resource = k
            guard c.state.resources[k] != nil else { return c.outcome.fail(1, "FATA[0000] failed to get cluster \(name): No nodes found for given cluster") }
        case "merge", "write", "print":
            c.outcome.callClass = .other
            if noun == "kubeconfig", pos.count > 2, c.state.resources["k3d cluster \(pos[2])"] != nil { c.state.setContext("k3d-" + pos[2]) }
        default:
            c.outcome.callClass = .other
        }
    }

    static func curl(_ c: inout ToolContext) {
        let bools: Set<String> = ["fail", "f", "silent", "s", "show-error", "S", "location", "L", "insecure", "k", "compressed",
                                  "progress-bar", "#", "v", "verbose", "I", "head", "create-dirs", "remote-name", "O", "fail-with-body",
                                  "no-progress-meter", "http1.1", "http2", "g", "globoff", "J", "remote-header-name", "N", "no-buffer", "i", "include", "4", "6"]
        let p = ParsedArgs(c.inv.args, isBool: { bools.contains($0) }, shortValue: ["o", "H", "X", "d", "u", "w", "A", "e", "m", "T", "F", "K", "x", "r", "C", "b", "c", "E", "U", "Y", "y", "z", "Q", "t", "P"])
        c.outcome.callClass = .read
        let url = p.positionals.first ?? ""
        c.outcome.resource = url.isEmpty ? nil : url
        var dest = p.value("o", "output")
        if dest == nil && p.has("O", "remote-name") {
            dest = String(url.split(separator: "?").first?.split(separator: "/").last ?? "index.html")
        }
        if let dest, dest != "-", dest != "/dev/null" {
            guard c.effects else { return }
            let path = c.inv.resolve(dest)
            let dir = (path as NSString).deletingLastPathComponent
            if p.has("create-dirs") { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            let body = "#!/bin/sh\n# placeholder written by the rehearsal's curl double for \(url)\nexit 0\n"
            if !FileManager.default.createFile(atPath: path, contents: Data(body.utf8)) {
                return c.outcome.fail(23, "curl: (23) Failure writing output to destination")
            }
        }
        if let w = p.value("w", "write-out") {
            c.outcome.stdout += w.replacingOccurrences(of: "%{http_code}", with: "200").replacingOccurrences(of: "%{response_code}", with: "200")
                .replacingOccurrences(of: "\\n", with: "\n")
        }
    }

    static func wget(_ c: inout ToolContext) {
        let bools: Set<String> = ["q", "quiet", "nv", "no-verbose", "c", "continue", "N", "timestamping", "no-check-certificate", "v", "verbose", "S", "server-response", "r", "recursive", "np", "spider", "nc", "no-clobber"]
        let p = ParsedArgs(c.inv.args, isBool: { bools.contains($0) }, shortValue: ["O", "P", "o", "a", "T", "t", "U", "e", "i"])
        c.outcome.callClass = .read
        let url = p.positionals.first ?? ""
        c.outcome.resource = url.isEmpty ? nil : url
        if p.has("spider") { return }
        var dest = p.value("O", "output-document")
        if dest == nil {
            let base = String(url.split(separator: "?").first?.split(separator: "/").last ?? "index.html")
            dest = (p.value("P", "directory-prefix").map { $0 + "/" } ?? "") + base
        }
        guard let dest, dest != "-", dest != "/dev/null", c.effects else { return }
        let body = "#!/bin/sh\n# placeholder written by the rehearsal's wget double for \(url)\nexit 0\n"
        if !FileManager.default.createFile(atPath: c.inv.resolve(dest), contents: Data(body.utf8)) {
            return c.outcome.fail(1, "\(dest): No such file or directory")
        }
    }

    /// Tools that only record: the class comes from the verb words (destroy, delete, apply, create, ...).
    static func generic(_ c: inout ToolContext) {
        let words = c.inv.args.filter { !$0.hasPrefix("-") }.prefix(4).map { $0.lowercased() }
        let tool = c.inv.tool
        func any(_ set: Set<String>) -> Bool { words.contains { set.contains($0) } }
        if any(["destroy", "delete", "remove", "rm", "rmi", "rb", "uninstall", "purge", "halt", "prune", "down"])
            || words.contains(where: { $0.hasPrefix("delete-") || $0.hasPrefix("remove-") || $0.hasPrefix("deregister-") || $0.hasPrefix("terminate-") }) {
            c.outcome.callClass = .delete
        } else if tool == "terraform" || tool == "tofu" {
            c.outcome.callClass = words.first == "apply" || words.first == "import" ? .apply : .other
            if ["plan", "show", "output", "validate", "state"].contains(words.first ?? "") { c.outcome.callClass = .read }
        } else if any(["apply", "put", "push", "install", "enable", "upgrade", "update", "set", "tag", "up", "provision", "load", "reload"])
            || words.contains(where: { $0.hasPrefix("put-") || $0.hasPrefix("update-") || $0.hasPrefix("attach-") || $0.hasPrefix("create-") }) {
            c.outcome.callClass = .apply
        } else if any(["get", "describe", "list", "ls", "show", "status", "inspect", "version", "info", "ps", "images", "logs", "wait"])
            || words.contains(where: { $0.hasPrefix("get-") || $0.hasPrefix("describe-") || $0.hasPrefix("list-") }) {
            c.outcome.callClass = .read
        } else {
            c.outcome.callClass = .other
        }
    }
}
