import Testing
import ShellReader

@Suite struct HeredocTests {
    @Test func bodiesAreNotCommands() {
        let text = """
            cat <<EOF > values.yaml
            kubectl create namespace x
            domain: $DOMAIN
            EOF
            cat <<'RAW' <<-TABS
            helm install $NOPE
            RAW
            \tgcloud create $TABBED
            \tTABS
            echo after

            """
        let s = ShellReader.read(text)
        #expect(s.commands.compactMap(\.name) == ["cat", "cat", "echo"])
        #expect(s.commands.last?.startLine == 10)
        #expect(s.commands[0].endLine == 1)
        #expect(s.heredocs.count == 3)
        #expect(s.commands[0].redirections.map(\.op) == ["<<", ">"])
        #expect(s.commands[0].redirections[0].heredocIndex == 0 && s.commands[0].redirections[0].target == nil)
        #expect(s.commands[1].redirections.map(\.heredocIndex) == [1, 2])
        #expect(s.diagnostics.isEmpty)
    }

    @Test func bodyLinesAndText() {
        let s = ShellReader.read("cat <<EOF\nline one\nline two\nEOF\ncat <<-X\n\t\tindented\n\tX\n")
        #expect(s.heredocs[0] == ShellHeredoc(delimiter: "EOF", quoted: false, stripTabs: false, bodyStartLine: 2, bodyEndLine: 4,
                                              body: "line one\nline two\n"))
        #expect(s.heredocs[1].stripTabs && s.heredocs[1].body == "indented\n")
        #expect(s.heredocs[1].bodyStartLine == 6 && s.heredocs[1].bodyEndLine == 7)
    }

    @Test func quotingForms() {
        let s = ShellReader.read("cat <<'A'\n$X\nA\ncat <<\"B\"\n$X\nB\ncat <<\\C\n$X\nC\ncat << D\n$Y\nD\n")
        #expect(s.heredocs.map(\.delimiter) == ["A", "B", "C", "D"])
        #expect(s.heredocs.map(\.quoted) == [true, true, true, false])
        #expect(s.expansions.map(\.name) == ["Y"])
    }

    @Test func expansionsInUnquotedBodies() {
        let s = ShellReader.read("f() {\n  cat <<EOF\nname: ${NAME:-x}\nhome: $HOME \\$ESCAPED\nwho: $(whoami)\nEOF\n}\n")
        let names = s.expansions.map(\.name)
        #expect(names == ["NAME", "HOME"])
        #expect(s.expansions.allSatisfy { $0.inHeredoc })
        #expect(s.expansions[0].line == 3 && s.expansions[0].op == ":-")
        #expect(s.expansions[0].enclosing == [.function("f")])
        // A substitution in an unquoted body runs, so it is a command.
        #expect(s.commands(named: "whoami").first?.enclosing == [.function("f"), .substitution])
        #expect(s.commands(named: "whoami").first?.startLine == 5)
    }

    @Test func bodyAfterAWholeCompoundHead() {
        let s = ShellReader.read("while read -r x; do echo \"$x\"; done <<EOF\na\nb\nEOF\necho end\n")
        #expect(s.heredocs.count == 1 && s.heredocs[0].body == "a\nb\n")
        #expect(s.commands.compactMap(\.name) == ["read", "echo", "echo"])
        #expect(s.commands.last?.startLine == 5)
    }

    @Test func heredocInsideASubstitution() {
        let s = ShellReader.read("x=$(cat <<EOF\nvalue $V\nEOF\n)\necho \"$x\"\n")
        #expect(s.assignments.first?.name == "x")
        #expect(s.commands.compactMap(\.name) == ["cat", "echo"])
        #expect(s.commands(named: "cat").first?.enclosing == [.substitution])
        #expect(s.expansions.first { $0.name == "V" }?.inHeredoc == true)
        #expect(s.commands.last?.startLine == 5)
        #expect(s.diagnostics.isEmpty)
    }

    @Test func unterminatedHeredoc() {
        let s = ShellReader.read("echo before\ncat <<EOF\nnever\nclosed\n")
        #expect(s.diagnostics.map(\.message) == ["heredoc EOF never closed"])
        #expect(s.diagnostics[0].line == 2)
        #expect(s.heredocs[0].body == "never\nclosed\n")
        #expect(s.heredocs[0].bodyEndLine == s.lines.count)
        #expect(s.commands.count == 2)

        let last = ShellReader.read("cat <<EOF")
        #expect(last.heredocs.count == 1 && last.heredocs[0].body.isEmpty)
        #expect(!last.diagnostics.isEmpty)
    }

    @Test func hereStringsAreNotHeredocs() {
        let s = ShellReader.read("grep -q x <<< \"$LIST\"\necho next\n")
        #expect(s.heredocs.isEmpty)
        #expect(s.commands[0].redirections.first?.op == "<<<")
        #expect(s.commands[0].redirections.first?.target?.unquotedText == "$LIST")
        #expect(s.commands[1].startLine == 2)
    }
}
