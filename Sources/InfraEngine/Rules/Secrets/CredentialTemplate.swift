import Foundation
import ShellReader
import Yams

/// The template left where a credential was: the same shape, every secret value replaced by
/// a placeholder. Built from the structure, never by copying secret bytes.
enum CredentialTemplate {
    struct Template { let path: String; let text: String }

    /// Where the template of `path` goes: `.env` -> `.env.example`, `config.env` ->
    /// `config.env.example`, `kubeconfig.yaml` -> `kubeconfig.example.yaml`.
    static func path(for path: String) -> String {
        if KeyedSecrets.isEnvFile(path) { return path + ".example" }
        let folder = parentFolder(path)
        let (stem, ext) = split(String(fileName(path)))
        return (folder.isEmpty ? "" : folder + "/") + stem + ".example" + (ext.isEmpty ? "" : "." + ext)
    }

    static func make(for path: String, text: String) -> Template? {
        let templatePath = self.path(for: path)
        let file = String(fileName(path))
        let ext = split(file).1.lowercased()
        let note = "# Template of \(path), which is git-ignored: copy this file there and fill in the values.\n"
        if let sa = ServiceAccountKey(text) {
            let body = """
                {
                  "type": "service_account",
                  "project_id": "\(sa.projectID)",
                  "private_key_id": "REPLACE_ME_KEY_ID",
                  "private_key": "REPLACE_ME_PRIVATE_KEY",
                  "client_email": "\(sa.clientEmail)",
                  "client_id": "REPLACE_ME_CLIENT_ID",
                  "token_uri": "https://oauth2.googleapis.com/token"
                }

                """
            return Template(path: templatePath, text: body)
        }
        if KeyedSecrets.isKubeconfig(text) {
            return Template(path: templatePath, text: note + replacingMatches(KeyedSecrets.kubeconfigKeys, in: text))
        }
        if ext == "yaml" || ext == "yml", text.contains("kind: Secret") {
            return Template(path: templatePath, text: note + KubernetesSecretData.redacted(text))
        }
        if KeyedSecrets.isEnvFile(path) {
            let lines = text.newlineSeparatedLines.map(String.init).map { line -> String in
                let trimmed = line.trimmingWhitespace()
                guard let eq = line.firstIndex(of: "="), !trimmed.hasPrefix("#") else { return line }
                return line[..<eq] + "=REPLACE_ME"
            }
            return Template(path: templatePath, text: note + lines.joined(separator: "\n"))
        }
        if ext == "json" && text.contains("\"auths\"") {
            return Template(path: templatePath, text: "{\n  \"auths\": {\n    \"REGISTRY_HOST\": { \"auth\": \"REPLACE_ME_BASE64_USER_COLON_PASSWORD\" }\n  }\n}\n")
        }
        return Template(path: templatePath,
                        text: "# \(file) is a credential and is not committed. Put your own copy at \(path) (git ignores it).\n")
    }

    /// `text` with group 2 of every match (the value) replaced by `REPLACE_ME`.
    static func replacingMatches(_ regex: NSRegularExpression, in text: String) -> String {
        let ns = NSMutableString(string: text)
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).reversed() {
            ns.replaceCharacters(in: m.range(at: 2), with: "REPLACE_ME")
        }
        return ns as String
    }

    static func split(_ file: String) -> (String, String) {
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return (file, "") }
        return (String(file[..<dot]), String(file[file.index(after: dot)...]))
    }
}

/// Kubernetes Secret manifests with real values under `data`/`stringData`.
enum KubernetesSecretData {
    /// Keys that name who or where, not a secret: a Secret's `username` is no leak on its own.
    static let descriptiveKeys: Set<String> = ["username", "user", "login", "host", "hostname", "port", "database", "db",
                                               "dbname", "name", "email", "namespace", "region", "project", "ca.crt", "tls.crt"]

    /// `value` decoded (for the task that recreates the Secret), `raw` as the file holds it.
    struct Entry { let key: String; let value: String; let raw: String; let line: Int; let isSecret: Bool }

    /// Every Secret's entries, decoded (`data` is base64), document by document.
    static func secrets(in text: String) -> [(name: String, namespace: String?, entries: [Entry])] {
        guard let docs = try? YAMLDocuments.composeAll(text) else { return [] }
        var out: [(name: String, namespace: String?, entries: [Entry])] = []
        for doc in docs {
            guard let map = doc.mapping, map["kind"]?.string == "Secret" else { continue }
            var entries: [Entry] = []
            for key in ["data", "stringData"] {
                guard let values = map[key]?.mapping else { continue }
                for (k, v) in values {
                    guard let name = k.string, let raw = v.string else { continue }
                    let value = key == "data" ? (Base64Text.decode(raw) ?? raw) : raw
                    let secret = !descriptiveKeys.contains(name.lowercased()) && !SecretPlaceholder.isPlaceholder(raw)
                        && !SecretPlaceholder.isPlaceholder(value)
                    entries.append(Entry(key: name, value: value, raw: raw, line: v.mark.map { $0.line } ?? 1, isSecret: secret))
                }
            }
            let meta = map["metadata"]?.mapping
            out.append((meta?["name"]?.string ?? "", meta?["namespace"]?.string, entries))
        }
        return out
    }

    static func hits(in text: String, path: String) -> [SecretScanner.Hit] {
        // Composing YAML is the cost: only files that declare a Secret are composed.
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml"),
              ByteSearch.contains(text, "kind: Secret") || ByteSearch.contains(text, "kind: \"Secret\"") else { return [] }
        return secrets(in: text).flatMap { secret in
            secret.entries.filter(\.isSecret).map { SecretScanner.Hit(kind: SecretKind.secretData, line: $0.line, value: $0.raw, key: $0.key) }
        }
    }

    static let topLevelKind = try! NSRegularExpression(pattern: #"^kind:[ \t]*["']?([A-Za-z]+)"#, options: .anchorsMatchLines)

    /// True when a document of `text` declares a kind other than Secret.
    static func holdsOtherObjects(_ text: String) -> Bool {
        let ns = text as NSString
        return topLevelKind.matches(in: text, range: NSRange(location: 0, length: ns.length)).contains { ns.substring(with: $0.range(at: 1)) != "Secret" }
    }

    /// The manifest with every Secret value replaced by a placeholder, line by line.
    static func redacted(_ text: String) -> String {
        var inData = false
        var dataIndent = 0
        return text.newlineSeparatedLines.map(String.init).map { line -> String in
            let indent = line.prefix { $0 == " " }.count
            let trimmed = line.trimmingWhitespace()
            if trimmed == "data:" || trimmed == "stringData:" { inData = true; dataIndent = indent; return line }
            if inData, !trimmed.isEmpty, indent <= dataIndent { inData = false }
            if inData, let colon = line.firstIndex(of: ":") { return line[...colon] + " REPLACE_ME" }
            return line
        }.joined(separator: "\n")
    }
}
