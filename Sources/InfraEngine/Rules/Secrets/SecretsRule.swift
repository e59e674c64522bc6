import Foundation

/// No credential is committed: credential files leave git (never copied, never deleted from
/// the person's disk), are ignored and leave a template; literals in scripts are read from
/// the environment instead; folders people write keys into are ignored. The leaked value is
/// still in earlier commits, so a person rotates it: those operations are HIGH risk and say how.
public struct SecretsRule: Rule {
    public let id = "secrets"
    public let purpose = "Committed keys and tokens leave git, are ignored and leave a template; the person rotates them."

    public init() {}

    struct Leak {
        enum Fix { case untrackFile, literalsToEnvironment, none }
        let path: String
        let hits: [SecretScanner.Hit]
        let fix: Fix
    }

    func leaks(in reality: RepoReality) -> [Leak] {
        let snapshot = reality.snapshot
        let ignore = GitIgnore(text: snapshot.text(".gitignore"))
        // Every file on every core: a rule that rewrites a thousand tasks leaves them to scan again.
        return reality.allPaths.concurrentMap { path -> Leak? in
            guard let text = snapshot.text(path) else { return nil }
            // A local copy that git neither tracks nor would add is where a key belongs.
            if snapshot.tracked?.contains(path) != true && ignore.covers(path) { return nil }
            let hits = SecretScanner.scan(file: text, path: path, cache: reality.cache)
            guard !hits.isEmpty else { return nil }
            // git stores it encrypted (an unlocked git-crypt checkout shows plaintext on disk).
            // Asked only of files with hits: walking the folders' attributes for every path was
            // more than the (cached) scan.
            if EncryptedFiles.isGitCrypted(path, in: snapshot) { return nil }
            return Leak(path: path, hits: hits, fix: Self.fix(path, text, hits))
        }.compactMap { $0 }
    }

    static func fix(_ path: String, _ text: String, _ hits: [SecretScanner.Hit]) -> Leak.Fix {
        let kinds = Set(hits.map(\.kind))
        // A value SOPS left in plaintext beside encrypted ones: the file is meant to be
        // committed, so the fix is to encrypt that value (by hand, with sops), never to untrack it.
        if EncryptedFiles.isSops(text) { return .none }
        if KeyedSecrets.isScript(path, text) {
            return kinds == [SecretKind.scriptLiteral] ? .literalsToEnvironment : .none
        }
        // A Secret beside other objects in one file: untracking it would take them along.
        if kinds.contains(SecretKind.secretData), KubernetesSecretData.holdsOtherObjects(text) { return .none }
        if !kinds.isDisjoint(with: SecretKind.wholeFile) { return .untrackFile }
        if kinds.contains(SecretKind.helmValues) { return .none }
        return isCredentialFile(path) ? .untrackFile : .none
    }

    /// A file that is a credential as a whole by its name (`tls.key`, `id_rsa`,
    /// `secrets/api-token.json`), as opposed to a config or manifest that holds one among
    /// other things: taking that out of git would break what reads it, so it is reported only.
    static func isCredentialFile(_ path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".sh") || lower.hasSuffix(".bash") { return false }
        if [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".cred", ".credentials"].contains(where: lower.hasSuffix) { return true }
        return ["key", "secret", "token", "credential", "password", "passwd", "id_rsa", "id_ed25519", "id_ecdsa"].contains(where: lower.contains)
    }

    public func findings(in reality: RepoReality) -> [Finding] {
        let ignore = GitIgnore(text: reality.snapshot.text(".gitignore"))
        var out: [Finding] = []
        for leak in leaks(in: reality) {
            let rotate = " The value stays in earlier commits: rotate it."
            switch leak.fix {
            case .literalsToEnvironment:
                for hit in leak.hits {
                    out.append(Finding(rule: id, key: "literal-\(hit.key ?? "value")", severity: .error, file: leak.path, line: hit.line,
                                       message: "\(hit.kind): `\(hit.key ?? "?")` is given a literal (\(hit.fingerprint)); read it from the environment instead.\(rotate)"))
                }
            case .untrackFile, .none:
                let kinds = Array(Set(leak.hits.map(\.kind))).sorted().joined(separator: ", ")
                let prints = Array(Set(leak.hits.map(\.fingerprint))).sorted().prefix(3).joined(separator: "; ")
                let ignored = ignore.covers(leak.path) ? "" : "; .gitignore does not cover it"
                let sops = leak.fix == .none && reality.snapshot.text(leak.path).map(EncryptedFiles.isSops) == true
                let how = sops ? " (left in plaintext in a SOPS-encrypted file: encrypt it with `sops`, which keeps the file committed)"
                    : leak.fix == .none ? " (inside a file that is not only a credential: move it to the environment by hand)" : ""
                out.append(Finding(rule: id, key: "committed", severity: .error, file: leak.path, line: leak.hits[0].line,
                                   message: "commits a credential: \(kinds) (\(prints))\(ignored)\(how).\(rotate)"))
            }
        }
        out += KeyFolders.findings(in: reality, rule: id)
        out += PrintedCredentials.findings(in: reality, rule: id)
        out += MissingTemplates.findings(in: reality, rule: id)
        return out
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        // Counted only when a fix moves a value to the environment: it reads every task.
        var required: RequiredEnvironment.Tally?
        var tree = reality.snapshot
        var drafts: [(draft: OperationDraft, ignores: [(pattern: String, comment: String)])] = []
        // In the order the planner queues them (by id): a later draft edits the text an
        // earlier one left (a task guarded for two files, the entrypoint's list).
        for leak in leaks(in: reality).sorted(by: { Self.draftID($0) < Self.draftID($1) }) {
            switch leak.fix {
            case .untrackFile:
                if let made = SecretFileFix.draft(for: leak, context: context, tree: &tree, required: &required) { drafts.append(made) }
            case .literalsToEnvironment:
                if let made = LiteralToEnvironment.draft(for: leak, context: context, tree: &tree, required: &required) {
                    drafts.append((made, []))
                }
            case .none:
                continue
            }
        }
        if let folders = KeyFolders.draft(in: reality, context: context) { drafts.append(folders) }
        drafts += MissingTemplates.drafts(in: reality).map { ($0, []) }
        return Self.withIgnores(drafts, original: reality.snapshot)
    }

    static func draftID(_ leak: Leak) -> String {
        let name = String(fileName(leak.path))
        return OperationID.slug("secrets", leak.fix == .literalsToEnvironment ? "env" : "untrack", name)
    }

    /// Each draft adds its own lines to `.gitignore`, on top of those of the drafts the
    /// planner queues before it (by id), so each operation ignores what it untracks.
    static func withIgnores(_ drafts: [(draft: OperationDraft, ignores: [(pattern: String, comment: String)])],
                            original: RepoSnapshot) -> [OperationDraft] {
        var ignore = GitIgnore(text: original.text(".gitignore"))
        let mode = original[".gitignore"]?.mode ?? .regular
        return drafts.sorted { $0.draft.id < $1.draft.id }.map { item in
            var draft = item.draft
            let before = ignore.text
            for entry in item.ignores where !ignore.covers(entry.pattern.hasPrefix("/") ? String(entry.pattern.dropFirst()) : entry.pattern) {
                ignore.add(entry.pattern, comment: entry.comment)
            }
            if ignore.text != before { draft.edits[".gitignore"] = .write(ignore.text, mode: mode) }
            return draft
        }
    }
}

/// The fields of a GCP service-account key that are not secret (who it belongs to).
struct ServiceAccountKey {
    let clientEmail: String
    let projectID: String

    init?(_ text: String) {
        guard let data = text.data(using: .utf8),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              obj["type"] as? String == "service_account",
              let email = obj["client_email"] as? String else { return nil }
        clientEmail = email
        projectID = obj["project_id"] as? String ?? "PROJECT_ID"
    }
}
