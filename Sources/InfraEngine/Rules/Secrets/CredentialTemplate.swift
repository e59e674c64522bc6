import Foundation
import ShellReader
import Yams

/// The template left where a credential was: the same shape, every secret value replaced by
/// a placeholder. Built from the structure, never by copying secret bytes.
enum CredentialTemplate {
    struct Template { let path: String; let text: String }

    static func make(for path: String, text: String) -> Template? {
        let folder = parentFolder(path)
        let file = String(path.split(separator: "/").last ?? "")
        let (stem, ext) = split(file)
        let templatePath = (folder.isEmpty ? "" : folder + "/") + stem + ".example" + (ext.isEmpty ? "" : "." + ext)
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
        if ext == "yaml" || ext == "yml", text.contains("kind: Secret") {
            return Template(path: templatePath, text: KubernetesSecretData.redacted(text))
        }
        if ext == "env" || file == ".env" {
            let lines = text.newlineSeparatedLines.map(String.init).map { line -> String in
                guard let eq = line.firstIndex(of: "="), !line.hasPrefix("#") else { return line }
                return line[..<eq] + "=REPLACE_ME"
            }
            return Template(path: templatePath, text: lines.joined(separator: "\n"))
        }
        return Template(path: templatePath,
                        text: "# \(file) is a credential and is not committed. Put your own copy at \(path) (git ignores it).\n")
    }

    static func split(_ file: String) -> (String, String) {
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return (file, "") }
        return (String(file[..<dot]), String(file[file.index(after: dot)...]))
    }
}

/// Kubernetes Secret manifests with real values under `data`/`stringData`.
enum KubernetesSecretData {
    static func hits(in text: String, path: String) -> [SecretScanner.Hit] {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml"), text.contains("Secret") else { return [] }
        var out: [SecretScanner.Hit] = []
        guard let docs = try? YAMLDocuments.composeAll(text) else { return [] }
        for doc in docs {
            guard let map = doc.mapping, map["kind"]?.string == "Secret" else { continue }
            for key in ["data", "stringData"] {
                guard let values = map[key]?.mapping else { continue }
                for (_, value) in values {
                    guard let s = value.string, !SecretScanner.isPlaceholder(s) else { continue }
                    out.append(.init(kind: "Kubernetes Secret value", line: value.mark.map { $0.line } ?? 1))
                }
            }
        }
        return out
    }

    /// The manifest with every Secret value replaced by a placeholder, line by line.
    static func redacted(_ text: String) -> String {
        var inData = false
        var dataIndent = 0
        return text.newlineSeparatedLines.map(String.init).map { line -> String in
            let indent = line.prefix { $0 == " " }.count
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "data:" || trimmed == "stringData:" { inData = true; dataIndent = indent; return line }
            if inData, !trimmed.isEmpty, indent <= dataIndent { inData = false }
            if inData, let colon = line.firstIndex(of: ":") { return line[...colon] + " REPLACE_ME" }
            return line
        }.joined(separator: "\n")
    }
}
