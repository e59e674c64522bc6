import ShellReader

extension BranchFacts {
    /// A test of a variable that holds a lookup's output: `existing="$(gcloud ... list
    /// --filter=... --format='value(name)')"` then `[[ -z "$existing" ]]`, or `url="$(probe)"`
    /// then `[ -n "$url" ]`. The test says what the lookup found, so it reads as a literal of
    /// the assignment's pipeline (`-z`: absent, `-n` or a bare word: exists), the same one
    /// `! url="$(probe)"` gives in `! url="$(probe)" || [[ -z "$url" ]]`.
    ///
    /// Bash manual, "Bash Conditional Expressions" (`-z string`: true if the length of string
    /// is zero; `-n string` / `string`: non-zero) and "Command Substitution" (the output,
    /// trailing newlines removed, replaces the substitution). Only an assignment that runs on
    /// every way to the test counts: same function, enclosing constructs a prefix of the
    /// test's, and no other assignment of the variable between them.
    func captured(_ index: Int) -> (pipeline: Int, meaning: Meaning)? {
        let test = script.commands[index]
        guard let name = test.name, ["[", "[[", "test"].contains(name) else { return nil }
        let words = test.arguments.filter { $0.literal != "]" && $0.literal != "]]" }
        let op: String
        let target: ShellWord
        if words.count == 2, let o = words[0].literal, o == "-z" || o == "-n" {
            (op, target) = (o, words[1])
        } else if words.count == 1 {
            (op, target) = ("-n", words[0])
        } else {
            return nil
        }
        guard let variable = Self.plainVariable(target.unquotedText) else { return nil }
        var j = index - 1
        while j >= 0 {
            let a = script.commands[j]
            j -= 1
            guard !a.enclosing.contains(.substitution), a.startOffset < test.startOffset, Self.assigns(a, variable) else { continue }
            guard a.functionName == test.functionName, a.enclosing.count <= test.enclosing.count,
                  Array(test.enclosing.prefix(a.enclosing.count)) == a.enclosing,
                  !script.assignments.contains(where: { $0.name == variable && $0.line > a.endLine && $0.line < test.startLine })
            else { return nil }
            // The value must be a lookup's output: a lookup inside the assignment's substitution.
            var k = j + 2
            var found = false
            while k < script.commands.count, script.commands[k].startOffset < a.endOffset {
                if script.commands[k].enclosing.last == .substitution, meaning(script.commands[k]) != nil { found = true }
                k += 1
            }
            return found ? (j + 1, op == "-z" ? .absent : .exists) : nil
        }
        return nil
    }

    /// `$NAME` or `${NAME}` and nothing else.
    static func plainVariable(_ text: String) -> String? {
        var body = Substring(text)
        guard body.hasPrefix("$") else { return nil }
        body = body.dropFirst()
        if body.hasPrefix("{") {
            guard body.hasSuffix("}") else { return nil }
            body = body.dropFirst().dropLast()
        }
        guard let first = body.first, first.isLetter || first == "_",
              body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        return String(body)
    }

    /// Whether `c` sets shell variable `name`: `name=...` alone, or `local`/`declare`/
    /// `readonly`/`export`/`typeset name=...`.
    static func assigns(_ c: ShellCommand, _ name: String) -> Bool {
        if c.words.isEmpty { return c.prefixAssignments.contains { $0.name == name } }
        guard let n = c.name, ["local", "declare", "readonly", "export", "typeset"].contains(n) else { return false }
        return c.arguments.contains { $0.unquotedText.hasPrefix(name + "=") }
    }
}
