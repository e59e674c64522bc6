/// How a person rotates a leaked credential, by kind: the ops block's commands. The engine
/// never runs them (it never holds the credential); they name keys and owners, never values.
enum Rotation {
    struct Steps {
        var group: OpsBlock.Group
        var commands: [String]
        var expected: [String]
        var preconditions: [String] = []
    }

    static func steps(for leak: SecretsRule.Leak, text: String, keys: [String]) -> Steps {
        let kinds = Set(leak.hits.map(\.kind))
        let named = keys.isEmpty ? "" : " (\(keys.joined(separator: ", ")))"
        if let sa = ServiceAccountKey(text) {
            return Steps(group: .cloud, commands: [
                "gcloud iam service-accounts keys list --iam-account \(sa.clientEmail) --project \(sa.projectID)",
                "gcloud iam service-accounts keys create NEW_KEY.json --iam-account \(sa.clientEmail)   # store it in a secret manager, not the repo",
                "gcloud iam service-accounts keys delete KEY_ID --iam-account \(sa.clientEmail)   # KEY_ID: private_key_id of the leaked copy",
            ], expected: ["`keys list` no longer shows the leaked key id"])
        }
        if kinds.contains(SecretKind.kubeconfig) {
            return Steps(group: .cluster, commands: [
                "revoke the leaked credential\(named): for a service-account token, delete its token Secret (or the service account) so the API server stops accepting it",
                "issue a new one (`kubectl create token SERVICE_ACCOUNT -n NAMESPACE` or a new client certificate) and write it into your local \(leak.path)",
                "kubectl --kubeconfig \(leak.path) auth can-i --list   # the new credential works",
            ], expected: ["the old token is refused (`Unauthorized`), the new one works"])
        }
        if kinds.contains(SecretKind.secretData) {
            return Steps(group: .cluster, commands: [
                "change the credential\(named) where it is checked (the database or service that accepts it)",
                "export the new value in the variable the task now reads, then run the task that creates the Secret",
            ], expected: ["the workload restarts with the new value; the old one is refused"])
        }
        if kinds.contains(SecretKind.privateKey) {
            return Steps(group: .external, commands: [
                "replace the key pair: generate a new key, install its public half wherever the old one was trusted, remove the old public half",
            ], expected: ["the old key is no longer accepted anywhere"])
        }
        return Steps(group: .external, commands: [
            "rotate each credential the file held\(named) with its issuer, then revoke the leaked one",
            "write the new values into your local \(leak.path) (git ignores it)",
        ], expected: ["the leaked values are refused by their issuers"])
    }
}
