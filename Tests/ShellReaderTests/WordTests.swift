import Testing
import ShellReader

@Suite struct WordTests {
    @Test func quoteRemovalAndLiterals() {
        let s = ShellReader.read(#"cmd 'a b' "c $D" e\ f $'g\tn\x41\u00e9' *.yaml [x] x=[1] "q"'r's {a,b} ~/bin "~" a?b "*""#)
        let w = s.commands[0].words
        #expect(w[1].literal == "a b" && w[1].raw == "'a b'" && !w[1].hasExpansion)
        #expect(w[2].literal == nil && w[2].unquotedText == "c $D" && w[2].hasExpansion)
        #expect(w[3].literal == "e f")
        #expect(w[4].literal == "g\tnAé")
        #expect(w[5].literal == nil && w[5].unquotedText == "*.yaml" && !w[5].hasExpansion)
        #expect(w[6].literal == nil)
        #expect(w[7].literal == nil)
        #expect(w[8].literal == "qrs")
        #expect(w[9].literal == nil)
        #expect(w[10].literal == nil && w[10].unquotedText == "~/bin")
        #expect(w[11].literal == "~")
        #expect(w[12].literal == nil)
        #expect(w[13].literal == "*")
    }

    @Test func unquotedTextKeepsExpansionsAsWritten() {
        let s = ShellReader.read(#"source "$(dirname "$0")/../lib/x.sh" "${ZONE%-*}" pre"${A:-"b c"}"post `date` $((1+2))"#)
        let w = s.commands[0].words
        #expect(w[1].unquotedText == #"$(dirname "$0")/../lib/x.sh"#)
        #expect(w[2].unquotedText == "${ZONE%-*}")
        #expect(w[3].unquotedText == #"pre${A:-"b c"}post"#)
        #expect(w[4].unquotedText == "`date`" && w[4].hasExpansion)
        #expect(w[5].unquotedText == "$((1+2))" && w[5].hasExpansion)
    }

    @Test func bracketsThatAreNotGlobs() {
        let s = ShellReader.read("[ -n \"$X\" ]\n[ a = b ]\nfind . -exec rm {} \\;\n")
        #expect(s.commands[0].name == "[" && s.commands[0].words.last?.literal == "]")
        #expect(s.commands[1].words.compactMap(\.literal) == ["[", "a", "=", "b", "]"])
        #expect(s.commands[2].words.compactMap(\.literal) == ["find", ".", "-exec", "rm", "{}", ";"])
    }

    @Test func redirections() {
        let s = ShellReader.read("cmd >out 2>>err <in 2>&1 &>all &>>more >&2 <<<\"$s\" 3<>rw >|force {fd}>x\n")
        let r = s.commands[0].redirections
        #expect(r.map(\.op) == [">", ">>", "<", ">&", "&>", "&>>", ">&", "<<<", "<>", ">|", ">"])
        #expect(r.map { $0.fd ?? "" } == ["", "2", "", "2", "", "", "", "", "3", "", "{fd}"])
        #expect(r.map { $0.target?.unquotedText ?? "" } == ["out", "err", "in", "1", "all", "more", "2", "$s", "rw", "force", "x"])
        #expect(s.commands[0].words.map(\.raw) == ["cmd"])
        #expect(s.commands[0].endOffset == 71)
    }

    @Test func redirectionsBeforeAndBetweenWords() {
        let s = ShellReader.read(">log echo a 2>/dev/null b\nexec > >(tee -a log) 2>&1\n")
        #expect(s.commands[0].words.compactMap(\.literal) == ["echo", "a", "b"])
        #expect(s.commands[0].redirections.map(\.op) == [">", ">"])
        #expect(s.commands[1].name == "exec")
        #expect(s.commands[1].redirections.first?.target?.raw == ">(tee -a log)")
        #expect(s.commands(named: "tee").first?.enclosing == [.substitution])
    }

    @Test func wordLines() {
        let s = ShellReader.read("echo a \"multi\nline\" b\n")
        #expect(s.commands[0].words.map(\.line) == [1, 1, 1, 2])
        #expect(s.commands[0].endLine == 2)
        #expect(s.commands[0].words[2].literal == "multi\nline")
    }
}
