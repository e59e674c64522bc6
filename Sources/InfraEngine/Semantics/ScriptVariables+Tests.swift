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
    /// `[ "$DRY_RUN" = true ]`, `[ -n "$DEBUG" ]`, `(( VERBOSE ))`): optional switches. The
    /// default keeps the test's meaning when unset: `0` next to a number or in arithmetic,
    /// else empty.
    /// `neutral`: whether a read outside a test leaves the task as it was with the name
    /// unset (printed, glued onto a name: `optionalValues`): `if [ "$DRY_RUN" != 0 ]; then
    /// echo "dry run (DRY_RUN=$DRY_RUN)"; fi` is still a switch.
    static func switchReads(_ script: ShellScript, reads: [String: [Int]], validated: [String: Int],
                            neutral: (ShellExpansion) -> Bool = { _ in false }) -> [String: String] {
        // Made when a name first gets as far as its lines, and only then: a script whose
        // reads are all validated or arithmetic never needs it (an array per line).
        var linesMade: [Int: [ShellCommand]]?
        func commands(on line: Int) -> [ShellCommand] {
            if linesMade == nil {
                var byLine: [Int: [ShellCommand]] = [:]
                for c in script.commands where c.startLine == c.endLine { byLine[c.startLine, default: []].append(c) }
                linesMade = byLine
            }
            return linesMade![line] ?? []
        }
        var out: [String: String] = [:]
        for (name, lines) in reads where validated[name] == nil {
            // Read only as a bare name in arithmetic (`for (( d = 0; d < EXTRA_DISKS; d++ ))`,
            // `$(( N + 1 ))`), never changed there: unset is 0 to every one of them.
            // Only where arithmetic decides (a `(( ))` command, a `for (( ))` head): inside
            // `$(( ))` it makes a value (`--replicas=$((BASE_REPLICAS))`), which is data (the
            // session-9 third tester's D2).
            // Without a filtered copy of every expansion per name: when all pass, every one
            // was visited, so `anyRead` is complete.
            var anyRead = false
            if script.expansions.allSatisfy({ e in
                guard e.name == name && !e.hasDefault && !e.isIndirect else { return true }
                anyRead = true
                return e.op == nil && !e.inHeredoc && arithmeticReadOnly(e, in: script) && !script.text.utf8.dropFirst(e.startOffset).starts(with: [UInt8(ascii: "$")])
                    && decidingArithmetic(e, in: script)
            }), anyRead {
                out[name] = "0"
                continue
            }
            var numeric = false
            // Whether `0` tests the same as the empty word an unset name gave (`[[ $X == 1 ]]`
            // either way false; `[[ $CACHE == 0 ]]` false unset, true with `0`: the session-9
            // tester's D1). Else the default is empty, which is exactly what unset expanded to.
            var zeroSafe = true
            var sawTest = false
            let all = lines.allSatisfy { line in
                let commands = commands(on: line)
                var tested = false
                // Read on this line only where the value is printed or glued (never tested).
                var used = false
                for c in commands {
                    let words = c.words.map(\.unquotedText)
                    let mentions = words.indices.filter { RequiredEnvironment.variableName(in: words[$0]) == name && isBare(words[$0], name) }
                    // `[ x"$TRACE" = x1 ]`: the old guard against an empty operand.
                    let prefixed = words.indices.filter { i in
                        !mentions.contains(i) && (words[i].hasSuffix("$" + name) || words[i].hasSuffix("${\(name)}"))
                            && words[i].dropLast(words[i].hasSuffix("}") ? name.count + 3 : name.count + 1).allSatisfy { $0.isLetter || $0.isNumber }
                    }
                    // A read the parser sees in the command (in single quotes or a comment `$X` is
                    // no read: `echo 'set $VERBOSE to 1'` beside the test leaves it a switch).
                    let elsewhere = script.expansions.contains {
                        $0.name == name && $0.startOffset >= c.startOffset && $0.startOffset < c.endOffset
                    }
                    // `(( VERBOSE ))`: an unset name is 0 in arithmetic (bash manual, "Shell
                    // Arithmetic": a null or unset variable evaluates to 0), so without `-u`
                    // the test is off; one that changes the name (`X++`, `X += 1`) is no test.
                    if c.name == "((" {
                        let inside = script.expansions.filter {
                            $0.name == name && $0.startOffset >= c.startOffset && $0.startOffset < c.endOffset
                        }
                        guard inside.allSatisfy({ arithmeticReadOnly($0, in: script) }) else { return false }
                        if !inside.isEmpty { tested = true; numeric = true }
                        continue
                    }
                    guard let name0 = c.name, testCommands.contains(name0) else {
                        if elsewhere {
                            let here = script.expansions.filter {
                                $0.name == name && $0.startOffset >= c.startOffset && $0.startOffset < c.endOffset && !$0.hasDefault
                            }
                            if !here.allSatisfy(neutral) { return false }
                            // The value itself is used (printed): the default must be the empty word
                            // an unset name gave, never `0`.
                            if !here.isEmpty { used = true; zeroSafe = false }
                        }
                        continue
                    }
                    // `[ "$VERBOSE" ]`, `[[ $DEBUG ]]`, `test "$X"`: one operand is `-n` (bash manual,
                    // "Bash Conditional Expressions": true if the string is not null).
                    let operands = words.dropFirst().filter { $0 != "]" && $0 != "]]" }
                    if operands.count == 1, mentions.count == 1 { tested = true; zeroSafe = false; continue }
                    for i in prefixed {
                        guard i + 2 < words.count || i >= 2 else { return false }
                        let op = i + 1 < words.count ? words[i + 1] : ""
                        let back = i >= 1 ? words[i - 1] : ""
                        guard ["=", "==", "!="].contains(op) || ["=", "==", "!="].contains(back) else { return false }
                        tested = true
                        zeroSafe = false
                    }
                    for i in mentions {
                        if let found = comparison(words, at: i, double: name0 == "[["), found.isComparison {
                            tested = true
                            numeric = numeric || found.numeric
                            zeroSafe = zeroSafe && found.zeroSafe
                        } else { return false }
                    }
                }
                if tested { sawTest = true }
                return tested || used
            }
            // A name only printed or glued is no switch (`optionalValues` reads that kind, and
            // knows when `set -u` made it required); a switch is tested somewhere.
            if all && sawTest { out[name] = numeric && zeroSafe ? "0" : "" }
        }
        return out
    }

    /// Whether an arithmetic read only reads its name: not `X++`, `--X`, `X += 1` (the plain
    /// `X = v` is an assignment the parser does not record as a read).
    static func arithmeticReadOnly(_ e: ShellExpansion, in script: ShellScript) -> Bool {
        let bytes = script.text.utf8
        func at(_ k: Int) -> UInt8? { k >= 0 && k < bytes.count ? bytes[bytes.index(bytes.startIndex, offsetBy: k)] : nil }
        var after = e.endOffset
        while at(after) == UInt8(ascii: " ") || at(after) == UInt8(ascii: "\t") { after += 1 }
        var before = e.startOffset - 1
        while at(before) == UInt8(ascii: " ") || at(before) == UInt8(ascii: "\t") { before -= 1 }
        let plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), equals = UInt8(ascii: "=")
        if let a = at(after), a == plus || a == minus, at(after + 1) == a { return false }
        if let b = at(before), b == plus || b == minus, at(before - 1) == b { return false }
        // `+=`, `-=`, `*=`, `/=`, `%=`, `&=`, `|=`, `^=`, `<<=`, `>>=`
        let compound: Set<UInt8> = Set("+-*/%&|^".utf8)
        if let a = at(after), compound.contains(a), at(after + 1) == equals { return false }
        if let a = at(after), a == UInt8(ascii: "<") || a == UInt8(ascii: ">"), at(after + 1) == a, at(after + 2) == equals { return false }
        return true
    }

    /// Whether an arithmetic read sits in a `(( ))` command or a `for (( ))` head, where the
    /// arithmetic is a condition, not in a `$(( ))` that makes a value.
    static func decidingArithmetic(_ e: ShellExpansion, in script: ShellScript) -> Bool {
        if script.commands.contains(where: { $0.name == "((" && $0.startOffset <= e.startOffset && e.startOffset < $0.endOffset }) {
            return true
        }
        return e.enclosing.contains { c in
            if case .loopHead(let k) = c, k < script.loops.count { return script.loops[k].kind == .forArithmetic }
            return false
        }
    }

    /// `$X` or `${X}` and nothing else.
    private static func isBare(_ word: String, _ name: String) -> Bool { word == "$\(name)" || word == "${\(name)}" }

    /// The word at `i` compared with a constant: whether the constant is a number, whether it
    /// is a comparison at all, and whether `0` in place of the empty word an unset name gives
    /// keeps the test's answer. `double`: inside `[[ ]]`, where `-eq` and the like evaluate an
    /// empty word as 0 (bash manual, "Bash Conditional Expressions"); `[`/`test` fails on it.
    private static func comparison(_ words: [String], at i: Int, double: Bool) -> (numeric: Bool, isComparison: Bool, zeroSafe: Bool)? {
        let operators: Set<String> = ["==", "=", "!=", "-eq", "-ne", "-gt", "-lt", "-ge", "-le"]
        if i > 1, words[i - 1] == "-n" || words[i - 1] == "-z" { return (false, true, false) }
        var other: String?
        var op: String?
        var nameFirst = true
        if i + 2 < words.count, operators.contains(words[i + 1]) { op = words[i + 1]; other = words[i + 2] }
        else if i >= 2, operators.contains(words[i - 1]) { op = words[i - 1]; other = words[i - 2]; nameFirst = false }
        guard let op, let other, !other.contains("$") else { return nil }
        let number = op.hasPrefix("-") || Int(other) != nil
        let zeroSafe: Bool
        if !op.hasPrefix("-") {
            zeroSafe = other != "0" && !other.isEmpty
        } else if double {
            zeroSafe = true
        } else if let c = Int(other) {
            // `[ "" OP c ]` is an error, so false: `0 OP c` must be false too.
            let (a, b) = nameFirst ? (0, c) : (c, 0)
            let holds: Bool
            switch op {
            case "-eq": holds = a == b
            case "-ne": holds = a != b
            case "-gt": holds = a > b
            case "-lt": holds = a < b
            case "-ge": holds = a >= b
            default: holds = a <= b
            }
            zeroSafe = !holds
        } else {
            zeroSafe = false
        }
        return (number, true, zeroSafe)
    }
}
