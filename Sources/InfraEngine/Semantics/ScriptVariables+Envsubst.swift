import ShellReader

// `export DOMAIN` then `envsubst '${DOMAIN}' < gateway.yaml.tpl | kubectl apply -f -`: bash
// never expands `${DOMAIN}` (it is in single quotes, or in a quoted heredoc), envsubst does,
// from its environment (GNU gettext manual, "envsubst Invocation": with SHELL-FORMAT only the
// variables it names are substituted, an unset one by the empty string). The value is data
// (the session-10 tester's (brk12) s07: the Gateway applied with `hostname: ""`): a name the script
// does not set itself is read from whoever runs it, like a bare `$DOMAIN`.
extension ScriptVariables {
    /// The names `envsubst` commands of `script` substitute that bash does not expand first:
    /// those its SHELL-FORMAT argument names, else those of a quoted heredoc it reads; with
    /// the line of the command.
    static func envsubstNames(_ script: ShellScript) -> [(name: String, line: Int)] {
        var out: [(name: String, line: Int)] = []
        for command in script.commands where command.name == "envsubst" {
            let operands = command.arguments.filter { !($0.literal ?? $0.unquotedText).hasPrefix("-") }
            var text = ""
            if let format = operands.first {
                // A format bash expands itself (`"$VARS"`) names what the script reads already.
                guard let literal = format.literal else { continue }
                text = literal
            } else {
                for r in command.redirections {
                    if let i = r.heredocIndex, i < script.heredocs.count, script.heredocs[i].quoted { text += script.heredocs[i].body }
                }
            }
            for name in referencedNames(text) where RequiredEnvironment.isEnvName(name) && !out.contains(where: { $0.name == name }) {
                out.append((name, command.startLine))
            }
        }
        return out
    }

    /// `$NAME` and `${NAME}` in a text, in order.
    static func referencedNames(_ text: String) -> [String] {
        var out: [String] = []
        let bytes = Array(text.utf8)
        func isName(_ b: UInt8, first: Bool) -> Bool {
            b == 95 || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (!first && b >= 48 && b <= 57)
        }
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "$") else { i += 1; continue }
            var j = i + 1
            let braced = j < bytes.count && bytes[j] == UInt8(ascii: "{")
            if braced { j += 1 }
            let start = j
            while j < bytes.count, isName(bytes[j], first: j == start) { j += 1 }
            if j > start, !braced || (j < bytes.count && bytes[j] == UInt8(ascii: "}")) {
                let name = String(decoding: bytes[start..<j], as: UTF8.self)
                if !out.contains(name) { out.append(name) }
            }
            i = max(j, i + 1)
        }
        return out
    }
}
