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
        var counted = false
        if words.count == 2, let o = words[0].literal, o == "-z" || o == "-n" {
            (op, target) = (o, words[1])
        } else if words.count == 1 {
            (op, target) = ("-n", words[0])
        } else if let (word, m) = Self.countTest(words) {
            // `[ "$n" -eq 0 ]` after `n=$(lookup | grep -c X)`: what the count says.
            (op, target, counted) = (m == .absent ? "-z" : "-n", word, true)
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
            var counts = false
            while k < script.commands.count, script.commands[k].startOffset < a.endOffset {
                if script.commands[k].enclosing.last == .substitution, meaning(script.commands[k]) != nil { found = true }
                if Self.counts(script.commands[k]) { counts = true }
                k += 1
            }
            // A count compared with 0 says something only when the value is a count.
            guard !counted || counts else { return nil }
            return found ? (j + 1, op == "-z" ? .absent : .exists) : nil
        }
        return nil
    }

    /// A test of a count against zero, `[ X -eq 0 ]`, `[ X = 0 ]`, `[ X -gt 0 ]`, `[ X != 0 ]`
    /// (either side): X and whether true means none was found (`.absent`) or some (`.exists`).
    /// Bash manual, "Bash Conditional Expressions" (`-eq`, `-ne`, `-gt`, `-ge`, `-lt`, `-le`
    /// compare integers; `=`, `==`, `!=` compare strings: `grep -c` prints `0`, not `00`).
    static func countTest(_ words: [ShellWord]) -> (ShellWord, Meaning)? {
        guard words.count == 3, let op = words[1].literal else { return nil }
        let flipped = ["-gt": "-lt", "-lt": "-gt", "-ge": "-le", "-le": "-ge"]
        let (value, number, o): (ShellWord, String, String)
        if let n = words[2].literal, Int(n) != nil {
            (value, number, o) = (words[0], n, op)
        } else if let n = words[0].literal, Int(n) != nil {
            (value, number, o) = (words[2], n, flipped[op] ?? op)
        } else {
            return nil
        }
        switch (o, number) {
        case ("-eq", "0"), ("=", "0"), ("==", "0"), ("-lt", "1"), ("-le", "0"): return (value, .absent)
        case ("-ne", "0"), ("!=", "0"), ("-gt", "0"), ("-ge", "1"): return (value, .exists)
        default: return nil
        }
    }

    /// `grep -c` or `wc -l`: a command that prints how many lines matched.
    static func counts(_ c: ShellCommand) -> Bool {
        guard let name = c.name else { return false }
        let flags = c.arguments.compactMap(\.literal).filter { $0.hasPrefix("-") && !$0.hasPrefix("--") }
        if name == "grep" || name == "egrep" || name == "fgrep" { return flags.contains { $0.contains("c") } || c.arguments.contains { $0.literal == "--count" } }
        if name == "wc" { return flags.contains { $0.contains("l") } }
        return false
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
