import Foundation

/// No credential is committed: key files leave git (never copied, never deleted from the
/// person's disk), are ignored, and leave a template; the leaked credential is rotated by a
/// person, so the operation is HIGH risk and says how.
public struct SecretsRule: Rule {
    public let id = "secrets"
    public let purpose = "Committed keys and tokens leave git, are ignored and leave a template; the person rotates them."

    public init() {}

    struct Leak {
        let path: String
        let hits: [SecretScanner.Hit]
        /// A file that is a credential as a whole (a key file), as opposed to a script holding one.
        let isCredentialFile: Bool
    }

    func leaks(in reality: RepoReality) -> [Leak] {
        let snapshot = reality.snapshot
        let ignore = GitIgnore(text: snapshot.text(".gitignore"))
        var out: [Leak] = []
        for path in reality.allPaths {
            guard let text = snapshot.text(path) else { continue }
            // A local copy that git neither tracks nor would add is where a key belongs.
            if snapshot.tracked?.contains(path) != true && ignore.covers(path) { continue }
            let hits = SecretScanner.scan(file: text, path: path)
            guard !hits.isEmpty else { continue }
            out.append(Leak(path: path, hits: hits, isCredentialFile: Self.isCredentialFile(path, text)))
        }
        return out
    }

    static func isCredentialFile(_ path: String, _ text: String) -> Bool {
        let lower = path.lowercased()
        if [".pem", ".key", ".p12", ".pfx", ".json", ".env", ".yaml", ".yml", ".txt", ".cred", ".credentials"].contains(where: lower.hasSuffix) {
            return !lower.hasSuffix(".sh")
        }
        return !path.contains(".") || lower.contains("secret") || lower.contains("key")
    }

    public func findings(in reality: RepoReality) -> [Finding] {
        let ignore = GitIgnore(text: reality.snapshot.text(".gitignore"))
        return leaks(in: reality).map { leak in
            let kinds = Array(Set(leak.hits.map(\.kind))).sorted().joined(separator: ", ")
            let ignored = ignore.covers(leak.path) ? "" : "; .gitignore does not cover it"
            let how = leak.isCredentialFile ? "" : " (inside a file that is not only a credential: move it to the environment by hand)"
            return Finding(rule: id, key: "committed", severity: .error, file: leak.path, line: leak.hits[0].line,
                           message: "commits a \(kinds)\(ignored)\(how)")
        }
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        var drafts: [OperationDraft] = []
        var ignore = GitIgnore(text: reality.snapshot.text(".gitignore"))
        let leaks = leaks(in: reality).filter(\.isCredentialFile)
        guard !leaks.isEmpty else { return [] }
        for leak in leaks {
            guard let text = reality.snapshot.text(leak.path) else { continue }
            var edits: [String: FileEdit] = [leak.path: .untrack]
            let template = CredentialTemplate.make(for: leak.path, text: text)
            if let template, reality.snapshot.files[template.path] == nil {
                edits[template.path] = .write(template.text, mode: .regular)
            }
            if !ignore.covers(leak.path) { ignore.add("/" + leak.path, comment: "Credential kept out of git by infra-tui; see \(template?.path ?? "the runbook")") }
            let sa = ServiceAccountKey(text)
            let name = String(leak.path.split(separator: "/").last ?? "")
            var commands = ["git log --all --oneline -- \(leak.path)   # every commit that carried it"]
            var expected = ["the file is still on disk, `git status` no longer lists it, `git check-ignore \(leak.path)` prints it"]
            var group: OpsBlock.Group = .external
            if let sa {
                group = .cloud
                commands += [
                    "gcloud iam service-accounts keys list --iam-account \(sa.clientEmail) --project \(sa.projectID)",
                    "gcloud iam service-accounts keys create NEW_KEY.json --iam-account \(sa.clientEmail)   # store it in a secret manager, not the repo",
                    "gcloud iam service-accounts keys delete KEY_ID --iam-account \(sa.clientEmail)   # KEY_ID: private_key_id of the leaked copy",
                ]
                expected.append("`keys list` no longer shows the leaked key id")
            } else {
                commands.append("rotate the credential with its issuer, then revoke the leaked one")
            }
            drafts.append(OperationDraft(
                id: OperationID.slug("secrets", "untrack", name),
                title: "Take \(leak.path) out of git and rotate it",
                group: group, risk: .high,
                rationale: "\(leak.path) holds a \(Set(leak.hits.map(\.kind)).sorted().joined(separator: ", ")) and is committed: "
                    + "anyone with the repository has it. The patch removes it from the tree without copying its content, "
                    + "ignores it and leaves \(template.map { "a template (\($0.path))" } ?? "a note in the runbook"); "
                    + "`apply` keeps your local copy on disk. Removing it from git does not un-leak it: rotate it.",
                findings: ["\(id):\(leak.path):committed"],
                preconditions: ["a replacement credential can be issued (you have the rights to rotate it)",
                                "anything that reads \(leak.path) gets it from the environment or a secret manager instead"],
                commands: commands, expectedOutputs: expected,
                rollback: ["the leak cannot be rolled back; `infra-tui undo` only puts the file back into git's index"],
                edits: edits))
        }
        if ignore.text != (reality.snapshot.text(".gitignore") ?? ""), var first = drafts.first {
            first.edits[".gitignore"] = .write(ignore.text, mode: reality.snapshot[".gitignore"]?.mode ?? .regular)
            drafts[0] = first
        }
        return drafts
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
