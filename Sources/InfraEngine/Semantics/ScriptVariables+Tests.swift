import ShellReader

// Validation written as a test, and variables read only as switches: the two readings of
// `[`, `[[` and `test` that `ScriptVariables` needs.
extension ScriptVariables {
    static let testCommands: Set<String> = ["[", "[[", "test"]

    /// `[ -n "$X" ] || die`, `[[ -z ${X:-} ]] && exit 1`, and
    /// `if [[ -z "${X:-}" ]]; then echo ...; exit 1; fi`: name -> line of the test. Only a
    /// failing stop validates: `if [ -z "$X" ]; then exit 0; fi` makes X optional
    /// (`optionalTests`), and so does `[ -n "$X" ] && notify`.
    static func testValidations(_ script: ShellScript, scope: FunctionScope) -> [(String, Int)] {
        emptinessTests(script).filter { validates(script, $0, scope: scope) }.map { ($0.name, $0.command.startLine) }
    }

    /// Names every bare read of which is a test against a constant (`[[ $VERBOSE == 1 ]]`,
    /// `[ "$DRY_RUN" = true ]`, `[ -n "$DEBUG" ]`): optional switches. The default keeps the
    /// test's meaning when unset: `0` next to a number, else empty.
    static func switchReads(_ script: ShellScript, reads: [String: [Int]], validated: [String: Int]) -> [String: String] {
        var byLine: [Int: [ShellCommand]] = [:]
        for c in script.commands where c.startLine == c.endLine { byLine[c.startLine, default: []].append(c) }
        var out: [String: String] = [:]
        for (name, lines) in reads where validated[name] == nil {
            var numeric = false
            let all = lines.allSatisfy { line in
                let commands = byLine[line] ?? []
                var tested = false
                for c in commands {
                    let words = c.words.map(\.unquotedText)
                    let mentions = words.indices.filter { RequiredEnvironment.variableName(in: words[$0]) == name && isBare(words[$0], name) }
                    // A read the parser sees in the command (in single quotes or a comment `$X` is
                    // no read: `echo 'set $VERBOSE to 1'` beside the test leaves it a switch).
                    let elsewhere = script.expansions.contains {
                        $0.name == name && $0.startOffset >= c.startOffset && $0.startOffset < c.endOffset
                    }
                    guard let name0 = c.name, testCommands.contains(name0) else {
                        if elsewhere { return false }
                        continue
                    }
                    for i in mentions {
                        if let found = comparison(words, at: i), found.1 { tested = true; numeric = numeric || found.0 }
                        else { return false }
                    }
                }
                return tested
            }
            if all { out[name] = numeric ? "0" : "" }
        }
        return out
    }

    /// `$X` or `${X}` and nothing else.
    private static func isBare(_ word: String, _ name: String) -> Bool { word == "$\(name)" || word == "${\(name)}" }

    /// The word at `i` compared with a constant: (compared with a number, is a comparison).
    private static func comparison(_ words: [String], at i: Int) -> (Bool, Bool)? {
        let operators: Set<String> = ["==", "=", "!=", "-eq", "-ne", "-gt", "-lt", "-ge", "-le"]
        if i > 1, words[i - 1] == "-n" || words[i - 1] == "-z" { return (false, true) }
        var other: String?
        var op: String?
        if i + 2 < words.count, operators.contains(words[i + 1]) { op = words[i + 1]; other = words[i + 2] }
        else if i >= 2, operators.contains(words[i - 1]) { op = words[i - 1]; other = words[i - 2] }
        guard let op, let other, !other.contains("$") else { return nil }
        let number = op.hasPrefix("-") || Int(other) != nil
        return (number, true)
    }
}
