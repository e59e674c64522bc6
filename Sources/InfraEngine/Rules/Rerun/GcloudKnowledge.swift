import ShellReader

/// What the re-run rule knows about gcloud resources: how to ask whether one exists, which
/// flags scope that question, and which location flags a resource does not accept. Only
/// facts that hold for every gcloud release in use are recorded; unknown groups fall back to
/// copying the usual scope flags.
enum GcloudKnowledge {
    enum Location: Sendable {
        /// Global resources: no --region, no --zone.
        case global
        /// Regional resources: --region (some also --global); never --zone.
        case regional
        /// Zonal resources: --zone; never --region.
        case zonal
        /// Artifact Registry, KMS: --location only.
        case location
        /// Accepts several (clusters: --zone, --region or --location); nothing to check.
        case any
    }

    struct Resource: Sendable {
        let location: Location
        /// Flags copied from the create command to the describe command.
        let scopeFlags: Set<String>
    }

    /// For a group not listed below: the location flags, and the parent flags gcloud's
    /// resource arguments share between `create` and `describe` (a child named inside its
    /// instance, cluster, key ring, router, database, dataset or namespace: `--instance`
    /// in `sql databases`, `spanner databases`, `bigtable clusters`; `--cluster` in
    /// `alloydb instances`; `--dataset` in `healthcare fhir-stores`; `--namespace` in
    /// `service-directory services`). Attribute flags that only `create` takes (`--topic`
    /// of a subscription, `--network` of a subnet) are left out: a describe rejects them,
    /// fails every time, and the guard would never skip the create.
    static let defaultScope: Set<String> = [
        "--project", "--region", "--zone", "--location", "--global",
        "--instance", "--cluster", "--keyring", "--router", "--database", "--dataset", "--namespace",
    ]

    /// Keyed by the group path without `alpha`/`beta` (`compute networks subnets`).
    static let resources: [String: Resource] = [
        "compute networks": Resource(location: .global, scopeFlags: ["--project"]),
        "compute networks subnets": Resource(location: .regional, scopeFlags: ["--project", "--region"]),
        "compute addresses": Resource(location: .regional, scopeFlags: ["--project", "--region", "--global"]),
        "compute routers": Resource(location: .regional, scopeFlags: ["--project", "--region"]),
        "compute routers nats": Resource(location: .regional, scopeFlags: ["--project", "--region", "--router"]),
        "compute firewall-rules": Resource(location: .global, scopeFlags: ["--project"]),
        "compute instances": Resource(location: .zonal, scopeFlags: ["--project", "--zone"]),
        "compute disks": Resource(location: .any, scopeFlags: ["--project", "--zone", "--region"]),
        "compute instance-templates": Resource(location: .any, scopeFlags: ["--project", "--region", "--global"]),
        "compute ssl-certificates": Resource(location: .any, scopeFlags: ["--project", "--region", "--global"]),
        "container clusters": Resource(location: .any, scopeFlags: ["--project", "--region", "--zone", "--location"]),
        "container node-pools": Resource(location: .any, scopeFlags: ["--project", "--region", "--zone", "--location", "--cluster"]),
        "dns managed-zones": Resource(location: .any, scopeFlags: ["--project"]),
        // `--zone` here names the managed zone, not a compute zone.
        "dns record-sets": Resource(location: .any, scopeFlags: ["--project", "--zone", "--type"]),
        "iam service-accounts": Resource(location: .global, scopeFlags: ["--project"]),
        "artifacts repositories": Resource(location: .location, scopeFlags: ["--project", "--location"]),
        "secrets": Resource(location: .any, scopeFlags: ["--project"]),
        "pubsub topics": Resource(location: .global, scopeFlags: ["--project"]),
        "pubsub subscriptions": Resource(location: .global, scopeFlags: ["--project"]),
        "sql instances": Resource(location: .any, scopeFlags: ["--project"]),
        "storage buckets": Resource(location: .any, scopeFlags: ["--project"]),
        "kms keyrings": Resource(location: .location, scopeFlags: ["--project", "--location"]),
        "kms keys": Resource(location: .location, scopeFlags: ["--project", "--location", "--keyring"]),
        "redis instances": Resource(location: .regional, scopeFlags: ["--project", "--region"]),
        // Children of an instance (gcloud reference: `sql databases describe DATABASE
        // --instance=INSTANCE, -i INSTANCE`; `sql users describe USERNAME --instance [--host]`;
        // `spanner databases describe DATABASE --instance`; `bigtable instances tables
        // describe TABLE --instance`).
        "sql databases": Resource(location: .any, scopeFlags: ["--project", "--instance", "-i"]),
        "sql users": Resource(location: .any, scopeFlags: ["--project", "--instance", "-i", "--host"]),
        "spanner databases": Resource(location: .any, scopeFlags: ["--project", "--instance"]),
        "bigtable instances tables": Resource(location: .any, scopeFlags: ["--project", "--instance"]),
        "bigtable clusters": Resource(location: .any, scopeFlags: ["--project", "--instance"]),
        "bigtable app-profiles": Resource(location: .any, scopeFlags: ["--project", "--instance"]),
    ]

    /// Verbs that make something new and fail when it exists.
    static let createVerbs: Set<String> = ["create", "create-auto"]
    /// Groups whose `create` makes a fresh object every time (keys): no describe can guard them.
    static let unguardable: Set<String> = ["iam service-accounts keys", "container clusters get-credentials"]

    static func resource(_ path: String) -> Resource {
        resources[path] ?? Resource(location: .any, scopeFlags: defaultScope)
    }

    /// The location flags `path` does not accept, with the reason to show.
    static func rejectedFlags(_ path: String) -> [String: String] {
        guard let r = resources[path] else { return [:] }
        switch r.location {
        case .global: return ["--zone": "global (no --zone)", "--region": "global (no --region)"]
        case .regional: return ["--zone": "regional (--region\(r.scopeFlags.contains("--global") ? " or --global" : ""), no --zone)"]
        case .zonal: return ["--region": "zonal (--zone, no --region)"]
        case .location: return ["--zone": "located by --location (no --zone)", "--region": "located by --location (no --region)"]
        case .any: return [:]
        }
    }

    /// gcloud-wide flags written `--flag VALUE` (without `=`).
    static let globalValueFlags: Set<String> = [
        "--project", "--account", "--configuration", "--impersonate-service-account", "--billing-project",
        "--format", "--verbosity", "--flags-file", "--filter", "--trace-token",
    ]

    /// gcloud flags that never take a value (`--no-...` neither): the word after one is
    /// not its value.
    static let booleanFlags: Set<String> = ["--async", "--quiet", "-q", "--global", "--verbose"]

    /// The positional words of `inv` after its verb, by index in `words`: the resource names
    /// a create makes (`pubsub topics create TOPIC [TOPIC ...]`, `compute instances create
    /// INSTANCE_NAMES ...`, `compute addresses create NAME [NAME ...]` in the gcloud
    /// reference). A word right after a flag written without `=` is read as that flag's
    /// value unless the flag is known to take none; nothing after `--` counts.
    static func positionalNames(_ words: [ShellWord], _ inv: Invocation) -> [Int] {
        var out: [Int] = []
        var flagWantsValue = false
        for j in (inv.verbIndex + 1)..<max(words.count, inv.verbIndex + 1) {
            let text = words[j].unquotedText
            if text == "--" { break }
            if text.hasPrefix("-"), text.count > 1 {
                flagWantsValue = !text.contains("=") && !booleanFlags.contains(text) && !text.hasPrefix("--no-")
                continue
            }
            if flagWantsValue { flagWantsValue = false; continue }
            out.append(j)
        }
        return out
    }

    /// Whether a create names more than one resource: a second name, or a name that
    /// expands to one word per element (`"$@"`, `"${NAMES[@]}"`, `$*`, an unquoted `$(...)`).
    /// A check of one name cannot guard such a create: with the first resource there, the
    /// others would never be made.
    static func namesSeveral(_ words: [ShellWord], _ inv: Invocation) -> Bool {
        let names = positionalNames(words, inv)
        return names.count > 1 || names.contains { expandsToList(words[$0]) }
    }

    /// Bash manual, "Special Parameters" and "Arrays": `$@`/`$*` and `${name[@]}`/`${name[*]}`
    /// give one word per element (quoted `@` forms too); an unquoted command substitution is
    /// split on IFS ("Word Splitting").
    static func expandsToList(_ word: ShellWord) -> Bool {
        guard word.hasExpansion else { return false }
        let raw = word.raw
        if raw.contains("$@") || raw.contains("$*") || raw.contains("[@]}") || raw.contains("[*]}") { return true }
        return raw.hasPrefix("$(") || raw.hasPrefix("`")
    }

    /// A parsed `gcloud [alpha|beta] GROUP... VERB [NAME] FLAGS...` invocation.
    struct Invocation {
        /// Index in the command's words of the verb.
        let verbIndex: Int
        let verb: String
        /// The group path, without release track (`compute networks`).
        let path: String
        /// Index of the resource name (the first word after the verb), when it is not a flag.
        let nameIndex: Int?
        /// The command's words, read for `flags`.
        let words: [ShellWord]

        /// Flags present after the verb (`--zone`, `-i`), with the word index where each appears.
        /// Worked out when asked: most readers want the group path and verb alone.
        var flags: [(name: String, index: Int)] {
            var flags: [(String, Int)] = []
            for j in (verbIndex + 1)..<max(words.count, verbIndex + 1) {
                let text = words[j].unquotedText
                // Short aliases count too (`-i` is `--instance` in `gcloud sql`).
                guard text.hasPrefix("-"), text.count > 1 else { continue }
                let name = String(text.prefix { $0 != "=" })
                flags.append((name, j))
            }
            return flags
        }
    }

    /// The verbs besides `createVerbs` that end a command's group path.
    private static let otherVerbs: Set<String> = ["describe", "delete", "update", "list", "get-credentials", "add-iam-policy-binding",
                                                  "enable", "set", "get-value", "configure-docker", "deploy", "resize"]

    /// Reads `words` (starting after the program name, at `from`) as a gcloud invocation.
    static func invocation(_ words: [ShellWord], from start: Int) -> Invocation? {
        // The group path joined as it is read, release tracks left out (one string, not an
        // array, its filtered copy and their join: this reads every gcloud command of every view).
        var path = ""
        var i = start
        while i < words.count {
            // `--zone="$Z"` is a flag even with an expansion in its value.
            if words[i].literal == nil, words[i].unquotedText.hasPrefix("-") { i += 1; continue }
            guard let w = words[i].literal else { return nil }
            if w.hasPrefix("-") {
                // A global flag before the group takes the next word as its value (a wrapper's
                // `--project "$P"`): skip both.
                i += globalValueFlags.contains(w) ? 2 : 1
                continue
            }
            if createVerbs.contains(w) || Self.otherVerbs.contains(w) {
                let nameIndex = i + 1 < words.count && !words[i + 1].unquotedText.hasPrefix("-") ? i + 1 : nil
                return Invocation(verbIndex: i, verb: w, path: path, nameIndex: nameIndex, words: words)
            }
            if w != "alpha" && w != "beta" {
                if !path.isEmpty { path += " " }
                path += w
            }
            i += 1
        }
        return nil
    }
}
