import Foundation
import ShellReader

/// Credentials a task prints: `echo "admin password: $ADMIN_PASSWORD"`, or a Secret decoded
/// to the terminal (`... | base64 -d`). The entrypoint logs every task's output to
/// `logs/`, so the log keeps them. Reported, not patched: what the person wanted to see is
/// theirs to decide (print where to find it instead).
enum PrintedCredentials {
    static let expansion = try! NSRegularExpression(pattern: #"\$\{?([A-Za-z_][A-Za-z0-9_]*)"#)

    static func findings(in reality: RepoReality, rule: String) -> [Finding] {
        var out: [Finding] = []
        for file in reality.tasks + reality.libraries {
            var seen: Set<String> = []
            for cmd in file.script.commands where !cmd.enclosing.contains(.substitution) && !writesToFile(cmd) {
                var what: String?
                // Piped into another command (`echo "$PW" | docker login --password-stdin`) is not printed.
                if (cmd.name == "echo" || cmd.name == "printf"), cmd.operatorAfter != "|" {
                    what = cmd.arguments.lazy.compactMap(credentialVariable).first.map { "`$\($0)`" }
                } else if cmd.name == "base64", cmd.operatorBefore == "|", cmd.operatorAfter != "|",
                          cmd.arguments.contains(where: { ["-d", "--decode", "-D"].contains($0.unquotedText) }) {
                    what = "a decoded Secret value"
                }
                guard let what, seen.insert(what).inserted else { continue }
                out.append(Finding(rule: rule, key: "printed-\(what.filter { $0.isLetter || $0.isNumber || $0 == "_" })", severity: .warning,
                                   file: file.path, line: cmd.startLine,
                                   message: "prints \(what); the entrypoint's task logs keep it. Print where to find it instead "
                                       + "(the Secret's name, the command that reads it)"))
            }
        }
        return out
    }

    /// The credential-named variable a word expands, if any.
    static func credentialVariable(_ word: ShellWord) -> String? {
        guard word.hasExpansion else { return nil }
        let ns = word.raw as NSString
        for m in expansion.matches(in: word.raw, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: m.range(at: 1))
            if SecretPlaceholder.isCredentialName(name) { return name }
        }
        return nil
    }

    /// Output redirected into a file (not the terminal, not another stream): not printed.
    static func writesToFile(_ cmd: ShellCommand) -> Bool {
        cmd.redirections.contains { r in
            (r.op == ">" || r.op == ">>") && (r.fd == nil || r.fd == "1") && !(r.target?.unquotedText.hasPrefix("/dev/") ?? true)
        }
    }
}
