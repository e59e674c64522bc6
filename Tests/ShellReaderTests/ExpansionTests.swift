import Testing
import ShellReader

@Suite struct ExpansionTests {
    @Test func everyOperator() {
        let s = ShellReader.read(#"echo ${A:-x} ${B-x} ${C:=x} ${D:?msg} ${E:+x} ${F#p} ${G##p} ${H%s} ${I%%s} ${J/a/b} ${K:1:2} ${!L:-} ${#M} $N ${O} ${P//a/b} ${Q^} ${R^^} ${S,} ${T,,} ${U=} ${V?} ${W+x} ${X@Q} ${ZONE%-*}"#)
        let ops = Dictionary(uniqueKeysWithValues: s.expansions.map { ($0.name, $0.op ?? "") })
        #expect(ops == ["A": ":-", "B": "-", "C": ":=", "D": ":?", "E": ":+", "F": "#", "G": "##", "H": "%", "I": "%%",
                        "J": "/", "K": ":", "L": ":-", "M": "", "N": "", "O": "", "P": "//", "Q": "^", "R": "^^", "S": ",",
                        "T": ",,", "U": "=", "V": "?", "W": "+", "X": "@", "ZONE": "%"])
        #expect(s.expansions.first { $0.name == "L" }?.isIndirect == true)
        #expect(s.expansions.first { $0.name == "M" }?.isLength == true)
        #expect(s.expansions.filter(\.hasDefault).map(\.name) == ["A", "B", "C", "D", "E", "L", "U", "V", "W"])
        #expect(s.diagnostics.isEmpty)
    }

    /// bash expands the word of `${X:+word}` / `${X+word}` only when X is set: a read of X
    /// inside it never meets an unset X (`set -u` passes it); another name inside still can.
    @Test func readsInsideTheirOwnAlternativeAreGuarded() {
        let s = ShellReader.read(#"run ${LABELS:+--labels "$LABELS"} ${T+-t "${T}" "$OTHER"} ${U:-"$U"} "$LABELS""#)
        let guarded = s.expansions.filter(\.isGuarded).map(\.name)
        #expect(guarded == ["LABELS", "T"])
        #expect(s.expansions.filter { !$0.hasDefault }.map(\.name) == ["OTHER", "U", "LABELS"])
    }

    /// `case "${X:-d}" in`: with X unset the subject is `d`, so an item `d` cannot reach runs
    /// only with X set, and a bare `$X` there is guarded; one `d` can reach (its own item, an
    /// item after a `;&` fall-through or a `;;&` retest, a pattern that cannot be told) is not.
    @Test func readsInCaseItemsTheSubjectsDefaultCannotReachAreGuarded() {
        func guarded(_ text: String) -> [Int] {
            ShellReader.read(text).expansions.filter { $0.name == "X" && $0.isGuarded }.map(\.line)
        }
        #expect(guarded("case \"${X:-dev}\" in\n  dev) echo \"$X\" ;;\n  prod) echo \"$X\" ;;\n  *) echo \"bad $X\"; exit 1 ;;\nesac\n") == [3, 4])
        #expect(guarded("case ${X-d?v} in\n  [a-c]*|prod) echo $X ;;\n  \"d*v\") echo $X ;;\n  d[!x]v) echo $X ;;\n  *) echo $X ;;\nesac\n") == [2, 3, 5])
        // Fall-through and retest reach later items; an unknown pattern may match the default.
        #expect(guarded("case ${X:-dev} in\n  dev) : ;&\n  prod) echo $X ;;\n  *) echo $X ;;\nesac\n") == [4])
        #expect(guarded("case ${X:-dev} in\n  dev) : ;;&\n  *) echo $X ;;\nesac\n") == [])
        #expect(guarded("case ${X:-dev} in\n  $MODE) : ;;\n  prod) echo $X ;;\n  *) echo $X ;;\nesac\n") == [3])
        // A subject without a static default, or that unsets its name, guards nothing.
        #expect(guarded("case \"$X\" in\n  dev) : ;;\n  *) echo $X ;;\nesac\n") == [])
        #expect(guarded("case ${X:-$D} in\n  dev) : ;;\n  *) echo $X ;;\nesac\n") == [])
        #expect(guarded("case ${X:-dev} in\n  prod) unset X; echo $X ;;\n  *) : ;;\nesac\n") == [])
    }

    /// The same for an `if` whose lone test compares the defaulted name with another word (or
    /// asks `-n` of `${X:-}`): its then-branch runs only with X set. An `elif`'s own test guards
    /// its own branch; `!=`, a negated test, a second command or the default itself guard nothing.
    @Test func readsInABranchATestProvesSetAreGuarded() {
        func guarded(_ text: String) -> [Int] {
            ShellReader.read(text).expansions.filter { $0.name == "X" && $0.isGuarded }.map(\.line)
        }
        #expect(guarded("if [ \"${X:-dev}\" = prod ]; then\n  echo \"$X\"\nelif [[ -n ${X-} ]]; then\n  echo $X\nelse\n  echo $X\nfi\n") == [2, 4])
        #expect(guarded("if test prod == \"${X:-}\"; then echo $X; fi\nif [[ ${X:-dev} == p* ]]; then echo $X; fi\n") == [1])
        #expect(guarded("if [ \"${X:-dev}\" != prod ]; then echo $X; fi\nif ! [ \"${X:-dev}\" = prod ]; then echo $X; fi\n") == [])
        #expect(guarded("if [ \"${X:-dev}\" = dev ]; then echo $X; fi\nif [ \"${X:-d}\" = p ] && true; then echo $X; fi\n") == [])
    }

    @Test func specialParameters() {
        let s = ShellReader.read(#"echo $1 $@ "$*" $# $? $$ $! $- $0 ${10} ${#} ${!} ${#@} ${@:2} $12"#)
        #expect(s.expansions.map(\.name) == ["1", "@", "*", "#", "?", "$", "!", "-", "0", "10", "#", "!", "@", "@", "1"])
        #expect(s.expansions.filter(\.isLength).map(\.name) == ["@"])
        #expect(s.expansions.first { $0.name == "@" && $0.op == ":" } != nil)
    }

    @Test func nestedOperandsAreRead() {
        let s = ShellReader.read(#"echo "${A:-${B:-$C}}" ${D:-"$(get "$E")"} ${F:-'$notread'} "${G:-'$H'}" ${arr[$i]} ${x:$off:$len}"#)
        #expect(s.expansions.map(\.name) == ["A", "B", "C", "D", "E", "F", "G", "H", "arr", "i", "x", "off", "len"])
        #expect(s.commands(named: "get").first?.enclosing == [.substitution])
    }

    @Test func arithmeticReadsNames() {
        let s = ShellReader.read("echo $(( N + 1 )) $((16#ff + 0x1F + COUNT * 2)) $[ M ]\n(( i++ ))\nx=$(( $Y * (Z - 1) ))\n")
        #expect(s.expansions.map(\.name) == ["N", "COUNT", "M", "i", "Y", "Z"])
        #expect(s.expansions.map(\.line) == [1, 1, 1, 2, 3, 3])
    }

    @Test func enclosingAndLines() {
        let s = ShellReader.read("if [ -n \"$A\" ]; then\n  echo \"$B\"\nfi\nf() { echo \"$(get $C)\"; }\n")
        #expect(s.expansions.map(\.enclosing) == [[.ifCondition(0)], [.ifBody(0)], [.function("f"), .substitution]])
        #expect(s.expansions.map(\.line) == [1, 2, 4])
        #expect(s.expansions.allSatisfy { !$0.inHeredoc })
    }

    @Test func notExpansions() {
        let s = ShellReader.read("echo '$A' \\$B \"\\$C\" $ \"$\" a$ $'$D' $\"$E\"\n")
        #expect(s.expansions.map(\.name) == ["E"])
        #expect(s.commands[0].words[1].literal == "$A")
        #expect(s.commands[0].words[2].literal == "$B")
        #expect(s.commands[0].words[3].literal == "$C")
        #expect(s.commands[0].words[4].literal == "$")
    }
}
