import Testing
@testable import ShellReader

@Suite struct ModelTests {
    @Test func functionsInEverySyntax() {
        let text = """
            log() { echo "[vpc] $*"; }
            function die {
              echo "FATAL: $*" >&2   # explain
              exit 2
            }
            function warn() ( echo "$*" )
            retry ()
            {
              "$@"
            }

            """
        let s = ShellReader.read(text)
        #expect(s.functions.map(\.name) == ["log", "die", "warn", "retry"])
        #expect(s.functions[1].startLine == 2 && s.functions[1].endLine == 5)
        #expect(s.functions[3].startLine == 7 && s.functions[3].endLine == 10)
        #expect(s.commands.first { $0.name == "exit" }?.functionName == "die")
        let a = ShellReader.read("die() {\n  echo \"x\"   # why\n  exit 1\n}\n").functions[0]
        let b = ShellReader.read("die() { echo \"x\"\n exit 1\n}").functions[0]
        #expect(a.normalizedBody == b.normalizedBody)
    }

    @Test func assignmentsOfEveryKind() {
        let s = ShellReader.read("A=1\nB+=2\nexport C=3 D\nlocal E\nreadonly F=x\ndeclare -a G=(a b)\nH=(\n  x\n  y\n)\nI=1 cmd\nread -r -p 'q' J K\nfor L in a; do :; done\n")
        let kinds = Dictionary(uniqueKeysWithValues: s.assignments.map { ($0.name, $0.kind) })
        #expect(kinds["A"] == .plain && kinds["B"] == .append && kinds["C"] == .export && kinds["D"] == .export)
        #expect(kinds["E"] == .local && kinds["F"] == .readonly && kinds["G"] == .declare && kinds["H"] == .plain)
        #expect(kinds["I"] == .prefix && kinds["J"] == .read && kinds["K"] == .read && kinds["L"] == .forLoopVariable)
        #expect(s.assignments.first { $0.name == "C" }?.value?.literal == "3")
        #expect(s.commands.first { $0.name == "cmd" }?.prefixAssignments.map(\.name) == ["I"])
    }

    @Test func expansionOperators() {
        let s = ShellReader.read(#"echo ${A:-x} ${B-x} ${C:=x} ${D:?msg} ${E:+x} ${F#p} ${G##p} ${H%s} ${I%%s} ${J/a/b} ${K:1:2} ${!L:-} ${#M} $N ${O}"#)
        let ops = Dictionary(uniqueKeysWithValues: s.expansions.map { ($0.name, $0.op ?? "") })
        #expect(ops == ["A": ":-", "B": "-", "C": ":=", "D": ":?", "E": ":+", "F": "#", "G": "##", "H": "%", "I": "%%",
                        "J": "/", "K": ":", "L": ":-", "M": "", "N": "", "O": ""])
        #expect(s.expansions.first { $0.name == "L" }?.isIndirect == true)
        #expect(s.expansions.first { $0.name == "M" }?.isLength == true)
        #expect(s.expansions.filter(\.hasDefault).map(\.name).sorted() == ["A", "B", "C", "D", "E", "L"])
    }

    @Test(arguments: [
        ("set -euo pipefail", true), ("set -Eeuo pipefail", true), ("set -e; set -u; set -o pipefail", true),
        ("set -o errexit -o nounset -o pipefail", true), ("set -eu", false), ("", false),
        ("set -euo pipefail\nset +e", false), ("f() { set -euo pipefail; }", false),
    ])
    func strictMode(_ text: String, _ strict: Bool) {
        #expect(ShellReader.read(text).strictMode.isStrict == strict, "\(text)")
    }

    @Test func wordsKeepQuotesAndLiterals() {
        let s = ShellReader.read(#"cmd 'a b' "c $D" e\ f $'g\n' *.yaml [x] x=[1]"#)
        let w = s.commands[0].words
        #expect(w[1].literal == "a b" && w[1].raw == "'a b'")
        #expect(w[2].literal == nil && w[2].unquotedText == "c $D" && w[2].hasExpansion)
        #expect(w[3].literal == "e f")
        #expect(w[5].literal == nil)
        #expect(w[6].literal == nil)
        #expect(w[7].literal == "x=[1]" || w[7].literal == nil)
    }

    @Test func crlfLines() {
        let s = ShellReader.read("set -e\r\necho a \\\r\n  b\r\necho c\r\n")
        #expect(s.lines.count == 5)
        #expect(s.commands.map(\.startLine) == [1, 2, 4])
    }
}
