import Foundation

/// Credentials that only their context makes one: the file's kind (a kubeconfig, an env
/// file, a docker config, a Secret manifest, a script, Helm values) and a credential-named
/// key (`SecretPlaceholder.isCredentialName`). Line based, so a broken file is still read.
enum KeyedSecrets {
    static func hits(in text: String, path: String) -> [SecretScanner.Hit] {
        var out: [SecretScanner.Hit] = []
        let file = fileName(path).lowercased()
        let yaml = file.hasSuffix(".yaml") || file.hasSuffix(".yml")
        if isKubeconfig(text) { out += kubeconfig(text) }
        if ByteSearch.contains(text, "\"auths\"") { out += dockerConfig(text) }
        if isEnvFile(path) { out += envFile(text) }
        if isScript(path, text) { out += ScriptLiterals.hits(in: text) }
        if yaml {
            out += KubernetesSecretData.hits(in: text, path: path)
            if isHelmValues(path) { out += helmValues(text) }
        }
        return out
    }

    // MARK: kinds of file

    /// A client config (`apiVersion: v1`, `kind: Config`, `clusters`/`users`): not a
    /// Kubernetes object, whatever its `kind` says.
    static func isKubeconfig(_ text: String) -> Bool {
        guard ByteSearch.contains(text, "kind: Config") || ByteSearch.contains(text, "kind: \"Config\"") else { return false }
        let top = Set(text.newlineSeparatedLines.compactMap { line -> String? in
            guard let first = line.first, first != " ", first != "#", let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[..<colon])
        })
        return top.contains("apiVersion") && (top.contains("clusters") || top.contains("users"))
    }

    /// `.env`, `*.env`, `.env.*`, `config.env`; never the committed shapes (`.example`, `.sample`, `.template`, `.dist`).
    static func isEnvFile(_ path: String) -> Bool {
        let name = fileName(path).lowercased()
        for suffix in [".example", ".sample", ".template", ".dist", ".tpl", ".defaults"] where name.hasSuffix(suffix) || name.contains(suffix + ".") {
            return false
        }
        return name == ".env" || name.hasSuffix(".env") || name.hasPrefix(".env.")
    }

    static func isScript(_ path: String, _ text: String) -> Bool {
        let name = fileName(path).lowercased()
        if name.hasSuffix(".sh") || name.hasSuffix(".bash") { return true }
        guard !name.contains("."), text.hasPrefix("#!") else { return false }
        let first = text.prefix { $0 != "\n" }
        return first.contains("sh")
    }

    /// `values.yaml`, `values-prod.yaml`, `*.values.yaml`, and YAML under a `helm/` folder.
    static func isHelmValues(_ path: String) -> Bool {
        let name = fileName(path).lowercased()
        return name.hasPrefix("values") || name.contains(".values.") || name.contains("-values.")
            || path.split(separator: "/").dropLast().contains { $0 == "helm" || $0 == "values" }
    }

    // MARK: detectors

    static let kubeconfigKeys = try! NSRegularExpression(pattern:
        #"^[ \t]*(?:-[ \t]+)?(token|client-key-data|password|client-secret|id-token|refresh-token|access-token)[ \t]*:[ \t]*(\S+)"#,
        options: .anchorsMatchLines)

    /// `users[].user.token`, `client-key-data`, `password`, and auth-provider secrets.
    static func kubeconfig(_ text: String) -> [SecretScanner.Hit] {
        matches(kubeconfigKeys, in: text, kind: SecretKind.kubeconfig) { _, value in !SecretPlaceholder.isPlaceholder(value) }
    }

    static let dockerKeys = try! NSRegularExpression(pattern: #""(auth|password|identitytoken|registrytoken)"\s*:\s*"([^"]+)""#)

    /// A docker config's `auths.<registry>.auth` (base64 `user:password`) and friends.
    static func dockerConfig(_ text: String) -> [SecretScanner.Hit] {
        matches(dockerKeys, in: text, kind: SecretKind.dockerConfig) { _, value in
            !SecretPlaceholder.isPlaceholder(value) && !SecretPlaceholder.isPlaceholder(Base64Text.decode(value) ?? "")
        }
    }

    static let envLine = try! NSRegularExpression(pattern:
        #"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s#]*)"#, options: .anchorsMatchLines)

    /// `SMTP_PASSWORD=...`: credential-named keys with literal, non-placeholder values.
    static func envFile(_ text: String) -> [SecretScanner.Hit] {
        matches(envLine, in: text, kind: SecretKind.envFile) { key, value in
            SecretPlaceholder.isCredentialName(key) && SecretPlaceholder.isLiteralSecret(value)
        }
    }

    static let yamlKey = try! NSRegularExpression(pattern:
        #"^[ \t]*(?:-[ \t]+)?([A-Za-z][A-Za-z0-9_.-]*)[ \t]*:[ \t]+("[^"\n]*"|'[^'\n]*'|[^\s"'#{}\[\]|>&*!][^\s]*)[ \t]*(?:[ \t]#.*)?$"#,
        options: .anchorsMatchLines)

    /// `adminPassword: hunter22` in a chart's values: keys named like a credential.
    static func helmValues(_ text: String) -> [SecretScanner.Hit] {
        matches(yamlKey, in: text, kind: SecretKind.helmValues) { key, value in
            SecretPlaceholder.isCredentialName(key) && SecretPlaceholder.isLiteralSecret(value)
        }
    }

    /// Every match of `regex` (group 1: key, group 2: value) that `keep` accepts.
    static func matches(_ regex: NSRegularExpression, in text: String, kind: String,
                        keep: (String, String) -> Bool) -> [SecretScanner.Hit] {
        let ns = text as NSString
        let lines = LineOffsets(text)
        var out: [SecretScanner.Hit] = []
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let key = ns.substring(with: m.range(at: 1))
            let value = SecretPlaceholder.unquoted(ns.substring(with: m.range(at: 2)))
            guard keep(key, value) else { continue }
            out.append(.init(kind: kind, line: lines.line(at: m.range(at: 2).location), value: value, key: key))
        }
        return out
    }
}

/// Base64 as Kubernetes Secrets and docker configs hold it.
enum Base64Text {
    static func decode(_ text: String) -> String? {
        var t = text.trimmingWhitespace()
        while t.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t).flatMap { String(data: $0, encoding: .utf8) }
    }
}
