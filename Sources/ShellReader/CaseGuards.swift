// `case "${OVERLAY:-dev}" in dev) ...;; prod) ...;; *) echo "unknown overlay $OVERLAY"; exit 1;; esac`:
// with OVERLAY unset (or empty) the subject is `dev`, so bash runs the first item whose pattern
// matches `dev` and never the `*)` one (bash manual, "Conditional Constructs": the first pattern
// that matches selects the item; `;;` ends the case, `;&` runs the next item's body, `;;&`
// tests the next patterns). A bare `$OVERLAY` in an item the default cannot reach only runs
// when OVERLAY is set, so under `set -u` it never stops the script: it is read as guarded, like
// the word of `${X:+word}`.

struct CaseItemBuild {
    var patterns: [ShellWord]
    /// From just after the `)` to the terminator (or `esac`).
    var body: Range<Int>
    /// `;;`, `;&`, `;;&`, or empty before `esac`.
    var terminator: String
}

struct CaseBuild {
    var subject: ShellWord?
    var start: Int
    var end: Int
    var items: [CaseItemBuild]
}

enum CaseGuards {
    /// The subject `${NAME:-word}` / `${NAME-word}` (quoted or not), with a static word: NAME and word.
    static func defaultedSubject(_ word: ShellWord) -> (name: String, fallback: String)? {
        let text = word.unquotedText
        guard text.hasPrefix("${"), text.hasSuffix("}") else { return nil }
        let body = text.dropFirst(2).dropLast()
        let name = body.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
        guard let first = name.first, first == "_" || first.isLetter else { return nil }
        var rest = body.dropFirst(name.count)
        if rest.hasPrefix(":-") { rest = rest.dropFirst(2) } else if rest.hasPrefix("-") { rest = rest.dropFirst() } else { return nil }
        // Only a word that stands for itself: no expansion, quote, escape or nested brace.
        guard !rest.contains(where: { "$`\"'\\{}".contains($0) }) else { return nil }
        return (String(name), String(rest))
    }

    /// Whether a case pattern matches `value`: true, false, or nil when it cannot be told
    /// (an expansion, quoting around glob characters, an extended pattern, a class).
    static func matches(_ pattern: ShellWord, _ value: String) -> Bool? {
        guard !pattern.hasExpansion else { return nil }
        let raw = pattern.raw
        if raw.contains(where: { "\"'\\".contains($0) }) {
            guard let literal = pattern.literal else { return nil }
            // Wholly quoted (`"d*v"`): every character stands for itself.
            if let q = raw.first, q == "\"" || q == "'", raw.count >= 2, raw.last == q, raw.filter({ $0 == q }).count == 2,
               !raw.contains("\\") {
                return literal == value
            }
            return literal.contains(where: { "*?[".contains($0) }) ? nil : literal == value
        }
        if raw.contains(where: { "(){}~".contains($0) }) { return nil }
        return glob(Array(raw.unicodeScalars), Array(value.unicodeScalars))
    }

    /// `*`, `?` and `[...]` (`!`/`^` negation, ranges) against the whole value; nil for a
    /// bracket it does not read (`[[:alpha:]]`, unclosed).
    static func glob(_ p: [Unicode.Scalar], _ v: [Unicode.Scalar]) -> Bool? {
        var memo: [Int: Bool?] = [:]
        func at(_ i: Int, _ j: Int) -> Bool? {
            let key = i * (v.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool?
            if i == p.count {
                result = j == v.count
            } else if p[i] == "*" {
                var any: Bool? = false
                for k in j...v.count {
                    guard let r = at(i + 1, k) else { any = nil; break }
                    if r { any = true; break }
                }
                result = any
            } else if j == v.count {
                result = false
            } else if p[i] == "?" {
                result = at(i + 1, j + 1)
            } else if p[i] == "[" {
                guard let close = p[(i + 1)...].dropFirst().firstIndex(of: "]") else { result = nil; memo[key] = result; return result }
                var set = Array(p[(i + 1)..<close])
                var negate = false
                if let f = set.first, f == "!" || f == "^" { negate = true; set.removeFirst() }
                if set.contains("[") || set.isEmpty { result = nil; memo[key] = result; return result }
                var hit = false
                var k = 0
                while k < set.count {
                    if k + 2 < set.count, set[k + 1] == "-" {
                        if set[k].value <= v[j].value && v[j].value <= set[k + 2].value { hit = true }
                        k += 3
                    } else {
                        if set[k] == v[j] { hit = true }
                        k += 1
                    }
                }
                result = hit != negate ? at(close + 1, j + 1) : false
            } else {
                result = p[i] == v[j] ? at(i + 1, j + 1) : false
            }
            memo[key] = result
            return result
        }
        return at(0, 0)
    }

    /// For each item, whether bash may run its body when the subject is `value`.
    static func reachable(_ items: [CaseItemBuild], _ value: String) -> [Bool] {
        var out: [Bool] = []
        var tested = true
        for (k, item) in items.enumerated() {
            let answers = item.patterns.map { matches($0, value) }
            let match: Bool? = answers.contains(true) ? true : answers.allSatisfy({ $0 == false }) ? false : nil
            let fallsInto = k > 0 && items[k - 1].terminator == ";&" && out[k - 1]
            out.append((tested && match != false) || fallsInto)
            if tested && match == true && item.terminator != ";;&" { tested = false }
        }
        return out
    }

    /// The expansions (in source order) with the bare reads of a defaulted case subject's name
    /// in items that subject's default cannot reach marked `isGuarded`. `unsets`: where a
    /// command unsets which names (a case that unsets its name is left alone).
    static func marking(_ expansions: [ShellExpansion], cases: [CaseBuild], unsets: [(offset: Int, names: [String])]) -> [ShellExpansion] {
        var out = expansions
        for c in cases {
            guard let subject = c.subject, let (name, fallback) = defaultedSubject(subject),
                  !unsets.contains(where: { c.start <= $0.offset && $0.offset < c.end && $0.names.contains(name) }) else { continue }
            let reach = reachable(c.items, fallback)
            let guarded = c.items.indices.filter { !reach[$0] }.map { c.items[$0].body }
            guard !guarded.isEmpty else { continue }
            for k in out.indices where out[k].name == name && guarded.contains(where: { $0.contains(out[k].startOffset) }) {
                out[k].isGuarded = true
            }
        }
        return out
    }
}

// `if [ "${ENV:-dev}" = prod ]; then echo "deploying $ENV"; fi`: the branch runs only when the
// test holds, and with ENV unset the test compares `dev` with `prod`, so the bare `$ENV` in the
// branch only ever runs with ENV set (the same reading as a case item the default cannot reach).
extension CaseGuards {
    /// The name a lone `[`/`[[`/`test` condition proves set: `X = c` / `X == c` with X written
    /// `${X:-d}`/`${X-d}` (d static), c a static word other than d; or `-n` of `${X:-}`/`${X-}`.
    static func provenSet(by command: ShellCommand) -> String? {
        guard let name = command.name, name == "[" || name == "[[" || name == "test", !command.negated else { return nil }
        var words = command.arguments
        if name == "[", words.last?.literal == "]" { words.removeLast() }
        if name == "[[", words.last?.literal == "]]" { words.removeLast() }
        if words.count == 2, words[0].literal == "-n", let (x, d) = defaultedSubject(words[1]), d.isEmpty { return x }
        guard words.count == 3, let op = words[1].literal, op == "=" || op == "==" else { return nil }
        for (side, other) in [(words[0], words[2]), (words[2], words[0])] {
            guard let (x, d) = defaultedSubject(side), let c = other.literal, !other.hasExpansion else { continue }
            // In `[[ ]]` the right side is a pattern: only a plain word is compared as text.
            if name == "[[", c.contains(where: { "*?[".contains($0) }) { continue }
            if c != d { return x }
        }
        return nil
    }

    /// The expansions with bare reads of a name in the then-branch of a lone test that proves
    /// it set (`provenSet`) marked `isGuarded`. `unsets`: as for `marking`.
    static func markingTests(_ expansions: [ShellExpansion], commands: [ShellCommand], conditionals: [ShellConditional],
                             unsets: [(offset: Int, names: [String])]) -> [ShellExpansion] {
        var out = expansions
        for conditional in conditionals {
            for branch in conditional.branches {
                guard let indices = branch.conditionCommandIndices, indices.count == 1, indices[0] < commands.count,
                      let name = provenSet(by: commands[indices[0]]),
                      !unsets.contains(where: { branch.startOffset <= $0.offset && $0.offset < branch.endOffset && $0.names.contains(name) })
                else { continue }
                for k in out.indices where out[k].name == name && branch.startOffset <= out[k].startOffset && out[k].startOffset < branch.endOffset {
                    out[k].isGuarded = true
                }
            }
        }
        return out
    }
}
