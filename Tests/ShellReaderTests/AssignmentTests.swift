import Testing
import ShellReader

@Suite struct AssignmentTests {
    @Test func everyKind() {
        let s = ShellReader.read("A=1\nB+=2\nexport C=3 D\nlocal E\nreadonly F=x\ndeclare -a G=(a b)\nH=(\n  x\n  y\n)\nI=1 cmd\nread -r -p 'q' J K\nfor L in a; do :; done\ntypeset M=2\nmapfile -t N < f\nread -ra O\n")
        let kinds = Dictionary(uniqueKeysWithValues: s.assignments.map { ($0.name, $0.kind) })
        #expect(kinds == ["A": .plain, "B": .append, "C": .export, "D": .export, "E": .local, "F": .readonly, "G": .declare,
                          "H": .plain, "I": .prefix, "J": .read, "K": .read, "L": .forLoopVariable, "M": .declare, "N": .read,
                          "O": .read])
        #expect(s.assignments.map(\.line) == [1, 2, 3, 3, 4, 5, 6, 7, 11, 12, 12, 13, 14, 15, 16])
        #expect(s.diagnostics.isEmpty)
    }

    @Test func values() {
        let s = ShellReader.read("A=1\nB=\"x y\"\nC=\nD=$(date)\nE=(a \"b c\")\nexport F=\"$G\"/bin\nH=*.txt\n")
        let values = Dictionary(uniqueKeysWithValues: s.assignments.map { ($0.name, $0.value) })
        #expect(values["A"]??.literal == "1" && values["A"]??.raw == "1")
        #expect(values["B"]??.literal == "x y" && values["B"]??.raw == "\"x y\"")
        #expect(values["C"]??.literal == "" && values["C"]??.raw == "")
        #expect(values["D"]??.literal == nil && values["D"]??.hasExpansion == true)
        #expect(values["E"]??.raw == "(a \"b c\")" && values["E"]??.literal == nil)
        #expect(values["F"]??.unquotedText == "$G/bin")
        // Assignment values are not globbed.
        #expect(values["H"]??.literal == "*.txt")
        #expect(s.commands.count == 8)
    }

    @Test func prefixesBelongToTheirCommand() {
        let s = ShellReader.read("FOO=bar BAZ=\"q\" cmd --x\nX=1\n")
        #expect(s.commands[0].name == "cmd")
        #expect(s.commands[0].prefixAssignments.map(\.name) == ["FOO", "BAZ"])
        #expect(s.commands[0].prefixAssignments.allSatisfy { $0.kind == .prefix })
        #expect(s.commands[0].words.count == 2 && s.commands[0].startOffset == 0)
        // A standalone assignment is a command without words.
        #expect(s.commands[1].words.isEmpty && s.commands[1].name == nil)
        #expect(s.commands[1].prefixAssignments.first?.kind == .plain)
    }

    @Test func declarationsKeepTheirWords() {
        let s = ShellReader.read("local -r name=\"$1\" other\nexport -f helper\ndeclare -p X\nexport PATH=\"$HOME/bin:$PATH\"\n")
        #expect(s.commands[0].words.map(\.raw) == ["local", "-r", "name=\"$1\"", "other"])
        #expect(s.commands[0].words[2].unquotedText == "name=$1")
        #expect(s.assignments.map(\.name) == ["name", "other", "PATH"])
        #expect(s.assignments[0].value?.unquotedText == "$1")
        #expect(s.assignments[2].value?.unquotedText == "$HOME/bin:$PATH")
    }

    @Test func subscriptsAndArithmeticTargets() {
        let s = ShellReader.read("arr[$i]=x\nm[key]+=y\n(( n = 1 ))\n")
        #expect(s.assignments.map(\.name) == ["arr", "m"])
        #expect(s.assignments.map(\.kind) == [.plain, .append])
        #expect(s.expansions.map(\.name) == ["i"])
    }

    @Test func enclosingOfAssignments() {
        let s = ShellReader.read("f() {\n  local x=1\n  for i in 1; do y=2; done\n}\n")
        #expect(s.assignments.map(\.enclosing) == [[.function("f")], [.function("f"), .loopHead(0)], [.function("f"), .loopBody(0)]])
    }

    @Test func readOptionsWithArguments() {
        let s = ShellReader.read("read -r -t 5 -d '' -a ARR\nread -p \"$P\" A B\nread -n1 C\nprintf -v OUT '%s' x\n")
        #expect(s.assignments.map(\.name) == ["ARR", "A", "B", "C", "OUT"])
    }
}
