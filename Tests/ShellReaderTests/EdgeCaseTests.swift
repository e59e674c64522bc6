import Testing
import ShellReader

/// Corners of the grammar that line-based readers usually get wrong.
@Suite struct EdgeCaseTests {
    @Test func caseInsideASubstitution() {
        let s = ShellReader.read("kind=$(case \"$1\" in a) echo A ;; *) echo B ;; esac)\necho \"$kind\"\n")
        #expect(s.diagnostics.isEmpty)
        #expect(s.commands.compactMap(\.name) == ["echo", "echo", "echo"])
        #expect(s.commands[1].enclosing == [.substitution, .caseItem])
        #expect(s.commands.last?.startLine == 2)
    }

    @Test func commentsInsideSubstitutions() {
        let s = ShellReader.read("x=$(\n  # a comment with ) and \"\n  get value\n)\necho \"$x\"\n")
        #expect(s.diagnostics.isEmpty)
        #expect(s.commands.compactMap(\.name) == ["get", "echo"])
        #expect(s.commands(named: "get").first?.startLine == 3)
    }

    @Test func arithmeticOrNestedSubshell() {
        let s = ShellReader.read("a=$((1 + 2))\nb=$( (cd x && ls) )\nc=$((cd y; pwd) )\n")
        #expect(s.commands.compactMap(\.name) == ["cd", "ls", "cd", "pwd"])
        #expect(s.commands(named: "ls").first?.enclosing == [.substitution, .subshell])
        #expect(s.diagnostics.isEmpty)
    }

    @Test func timeAndNegationPrefixes() {
        let s = ShellReader.read("time -p make build\n! time grep -q x f || echo missing\n")
        #expect(s.commands.compactMap(\.name) == ["make", "grep", "echo"])
        #expect(s.commands[1].negated && s.commands[1].operatorAfter == "||")
    }

    @Test func bracesThatAreWords() {
        let s = ShellReader.read("echo {}\necho }\n{ echo a; }\necho {x,y}\n")
        #expect(s.commands.map(\.words.count) == [2, 2, 2, 2])
        #expect(s.commands[2].enclosing == [.braceGroup])
        #expect(s.diagnostics.isEmpty)
    }

    @Test func assignmentLookalikes() {
        let s = ShellReader.read("echo a=b\n=x\n1x=2\nenv FOO=1 cmd\n")
        #expect(s.assignments.isEmpty)
        #expect(s.commands.compactMap(\.name) == ["echo", "=x", "1x=2", "env"])
    }

    @Test func quotesSpanningLinesKeepLaterLinesRight() {
        let s = ShellReader.read("msg='one\ntwo\nthree'\necho \"$msg\"\n")
        #expect(s.assignments.first?.value?.literal == "one\ntwo\nthree")
        #expect(s.commands.last?.startLine == 4)
    }

    @Test func byteOrderMarkAndNUL() {
        let s = ShellReader.read("\u{FEFF}#!/bin/bash\necho a\u{0}b\n")
        #expect(s.shebang == "#!/bin/bash")
        #expect(s.commands.count == 1 && s.commands[0].words[1].literal == "a\u{0}b")
    }

    @Test func functionNamedLikeACommandWithDashes() {
        let s = ShellReader.read("gcloud-retry() {\n  \"$@\" || \"$@\"\n}\ngcloud-retry gcloud x\n")
        #expect(s.functions.map(\.name) == ["gcloud-retry"])
        #expect(s.commands.last?.name == "gcloud-retry")
    }
}
