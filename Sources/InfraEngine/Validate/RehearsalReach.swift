import Foundation

/// What a rehearsed script can read, so its cached runs are keyed by exactly that: every
/// file of the scaffolding folder that is not a shell script (manifests, configs, values),
/// and of the shell scripts, for a numbered task the ones it sources or names (followed
/// through), for any other script (an entrypoint or runner, which may reach tasks by a glob)
/// all of them. Two operations that leave a task and what it reads the same then share its
/// runs: an operation's "before" is the last one's "after".
struct RehearsalReach {
    let infraDir: String
    /// path -> (bytes, SHA-256), so a file hashed for one key is not hashed again for the next.
    private var digests: [String: (data: Data, sha: String)] = [:]

    init(infraDir: String) { self.infraDir = infraDir }

    mutating func material(_ script: String, in tree: RepoSnapshot) -> String {
        var out = ""
        for path in paths(script, in: tree).sorted() {
            guard let file = tree.files[path] else { continue }
            out += "\(path)\0\(file.mode.rawValue)\0\(digest(path, file.data))\0"
        }
        return out
    }

    private mutating func digest(_ path: String, _ data: Data) -> String {
        if let known = digests[path], known.data == data { return known.sha }
        let sha = ContentHash.sha256(data)
        digests[path] = (data, sha)
        return sha
    }

    /// The entries of `environment` the script can read: a name written in some file it can
    /// read (a script's `$NAME`, a manifest's `${NAME}` for envsubst), or one the tools read
    /// on their own (`CLOUDSDK_*`, `KUBECONFIG`, `HELM_*`, `GOOGLE_*`, the doubles' knobs). A
    /// name spelled nowhere it reads cannot change what it does.
    func relevant(_ environment: [String: String], to script: String, in tree: RepoSnapshot) -> [String: String] {
        let toolRead = ["CLOUDSDK_", "KUBECONFIG", "HELM_", "GOOGLE_", "INFRA_TUI_DOUBLE_"]
        var left = Set(environment.keys.filter { name in !toolRead.contains { name.hasPrefix($0) } })
        for path in paths(script, in: tree) where !left.isEmpty {
            guard let text = tree.files[path]?.text else { continue }
            left = left.filter { !text.contains($0) }
        }
        return environment.filter { !left.contains($0.key) }
    }

    func paths(_ script: String, in tree: RepoSnapshot) -> Set<String> {
        let prefix = infraDir.isEmpty ? "" : infraDir + "/"
        var out = Set<String>()
        var shells: [String] = []
        for path in tree.allPaths {
            if ShellContext.isShell(path) { shells.append(path) } else if path.hasPrefix(prefix) { out.insert(path) }
        }
        guard InfraLayout.isNumberedScript(fileName(script)) else { return out.union(shells) }
        let byName = Dictionary(grouping: shells) { String(fileName($0)) }
        var queue = [script]
        while let path = queue.popLast() {
            guard out.insert(path).inserted, let text = tree.files[path]?.text else { continue }
            for (name, paths) in byName where text.contains(name) { queue += paths }
        }
        return out
    }
}
