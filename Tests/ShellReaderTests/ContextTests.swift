import Testing
import ShellReader

/// `enclosing`, operators between commands, and the compound constructs themselves.
@Suite struct ContextTests {
    @Test func ifConditionAndBodies() {
        let s = ShellReader.read("if gcloud dns describe z; then log ok; elif other check; then :; else gcloud dns create z; fi\n")
        #expect(s.commands.map(\.enclosing) == [[.ifCondition(0)], [.ifBody(0)], [.ifCondition(0)], [.ifBody(0)], [.ifBody(0)]])
        #expect(s.conditionals[0].conditionCommandIndices == [0, 2])
        #expect(s.commands.map(\.isInCondition) == [true, false, true, false, false])
        #expect(s.diagnostics.isEmpty)
    }

    /// Each branch knows the condition that leads to it (nil for else) and where its body is,
    /// so a command can be placed in then, elif or else (issue 12 item 3).
    @Test func branchesOfAnIf() {
        let text = "if gcloud dns describe z; then log ok; elif other check; then :; else gcloud dns create z; fi\nif a; then b; fi\n"
        let s = ShellReader.read(text)
        let branches = s.conditionals[0].branches
        #expect(branches.map(\.conditionCommandIndices) == [[0], [2], nil])
        #expect(branches.map(\.isElse) == [false, false, true])
        func branch(of command: Int, in conditional: Int) -> Int? {
            s.conditionals[conditional].branches.lastIndex { $0.startOffset <= s.commands[command].startOffset }
        }
        #expect([1, 3, 4].map { branch(of: $0, in: 0) } == [0, 1, 2])
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[branches[2].startOffset..<branches[2].endOffset], as: UTF8.self) == " gcloud dns create z; ")
        #expect(s.conditionals[1].branches.map(\.conditionCommandIndices) == [[5]])
    }

    @Test func nestedIfsGetTheirOwnIndices() {
        let s = ShellReader.read("if a; then\n  if b; then c; fi\nfi\nif d; then :; fi\n")
        #expect(s.conditionals.count == 3)
        #expect(s.commands(named: "c").first?.enclosing == [.ifBody(0), .ifBody(1)])
        #expect(s.conditionals.map(\.conditionCommandIndices) == [[0], [1], [3]])
        #expect(s.conditionals.map(\.startLine) == [1, 2, 4])
        #expect(s.conditionals.map(\.endLine) == [3, 2, 4])
        #expect(s.conditionals[1].enclosing == [.ifBody(0)])
    }

    @Test func andOrAndPipes() {
        let s = ShellReader.read("gcloud dns managed-zones describe z || gcloud dns managed-zones create z\n[ -n \"${X:-}\" ] || die \"no X\"\na | b |& c && d\n")
        let ops = s.commands.map { "\($0.operatorBefore ?? "-")/\($0.operatorAfter ?? "-")" }
        #expect(ops == ["-/||", "||/-", "-/||", "||/-", "-/|", "|/|&", "|&/&&", "&&/-"])
        #expect(s.commands[2].name == "[" && s.commands[2].words.last?.literal == "]")
        #expect(s.commands[0].isInCondition && s.commands[1].isInCondition)
        #expect(!s.commands[4].isInCondition && s.commands[6].isInCondition)
    }

    @Test func operatorsAcrossLinesAndNegation() {
        let s = ShellReader.read("check &&\n  # why\n  run ||\n  fail\n! grep -q x f && echo y\n")
        #expect(s.commands.map(\.startLine) == [1, 3, 4, 5, 5])
        #expect(s.commands[1].operatorBefore == "&&" && s.commands[1].operatorAfter == "||")
        #expect(s.commands[3].negated && s.commands[3].operatorAfter == "&&")
        #expect(!s.commands[4].negated)
    }

    @Test func compoundOperandsDoNotLinkInnerCommands() {
        let s = ShellReader.read("describe || { create; label; }\n")
        #expect(s.commands[0].operatorAfter == "||")
        #expect(s.commands[1].operatorBefore == nil && s.commands[1].enclosing == [.braceGroup])
        #expect(s.commands[2].operatorBefore == nil)
    }

    @Test func backgroundMarksTheWholeList() {
        let s = ShellReader.read("a && b & c\n( d ) &\n")
        #expect(s.commands.map(\.background) == [true, true, false, false])
        #expect(s.commands[3].enclosing == [.subshell])
    }

    @Test func substitutionsHoldCommands() {
        let s = ShellReader.read("v=`date +%s`; w=$(kubectl get ns | wc -l)\ndiff <(sort a) >(tee b)\necho \"$(basename \"$(pwd)\")\"\n")
        #expect(s.commands.map { $0.name ?? "=" } == ["=", "date", "=", "kubectl", "wc", "diff", "sort", "tee", "echo", "basename", "pwd"])
        #expect(s.commands[1].enclosing == [.substitution])
        #expect(s.commands[3].operatorAfter == "|" && s.commands[4].operatorBefore == "|")
        #expect(s.commands[6].enclosing == [.substitution] && s.commands[7].enclosing == [.substitution])
        #expect(s.commands[10].enclosing == [.substitution, .substitution])
        #expect(s.commands[5].arguments.map(\.raw) == ["<(sort a)", ">(tee b)"])
        #expect(s.commands[5].arguments.allSatisfy { $0.hasExpansion })
    }

    @Test func substitutionsInConditionsCount() {
        let s = ShellReader.read("if [ \"$(get x)\" = y ]; then :; fi\n")
        #expect(s.commands(named: "get").first?.enclosing == [.ifCondition(0), .substitution])
        #expect(s.commands(named: "get").first?.isInCondition == true)
        #expect(s.conditionals[0].conditionCommandIndices == [0, 1])
    }

    @Test func forLoops() {
        let s = ShellReader.read("for t in 010-a 020-b \"$X\" $(ls tasks); do\n  bash tasks/$t.sh\ndone\nfor x; do :; done\nfor ((i=0; i<N; i++)); do :; done\nselect o in a b; do break; done\nfor y in a b\ndo :; done\n")
        #expect(s.loops.map(\.kind) == [.forIn, .forIn, .forArithmetic, .select, .forIn])
        #expect(s.loops[0].words.map(\.unquotedText) == ["010-a", "020-b", "$X", "$(ls tasks)"])
        #expect(s.loops[0].variable == "t" && s.loops[0].startLine == 1 && s.loops[0].endLine == 3)
        #expect(s.loops[1].variable == "x" && s.loops[1].words.isEmpty)
        #expect(s.loops[2].variable == "i")
        #expect(s.loops[3].variable == "o" && s.loops[3].words.count == 2)
        #expect(s.loops[4].words.compactMap(\.literal) == ["a", "b"] && s.loops[4].endLine == 8)
        #expect(s.commands(named: "bash").first?.enclosing == [.loopBody(0)])
        #expect(s.commands(named: "ls").first?.enclosing == [.loopHead(0), .substitution])
        #expect(s.commands(named: "ls").first?.isInCondition == false)
        #expect(s.expansions.filter { $0.name == "N" || $0.name == "i" }.allSatisfy { $0.enclosing == [.loopHead(2)] })
        #expect(s.diagnostics.isEmpty)
    }

    @Test func whileAndUntil() {
        let s = ShellReader.read("while read -r line; do echo \"$line\"; done < f\nuntil kubectl get ns x; do sleep 5; done\ncat f | while read y; do :; done\n")
        #expect(s.loops.map(\.kind) == [.whileLoop, .untilLoop, .whileLoop])
        #expect(s.commands(named: "read").first?.enclosing == [.loopHead(0)])
        #expect(s.commands(named: "read").first?.isInCondition == true)
        #expect(s.commands(named: "kubectl").first?.isInCondition == true)
        #expect(s.commands(named: "sleep").first?.enclosing == [.loopBody(1)])
        #expect(s.commands(named: "sleep").first?.isInCondition == false)
        #expect(s.commands(named: "cat").first?.operatorAfter == "|")
        #expect(s.diagnostics.isEmpty)
    }

    @Test func caseItems() {
        let s = ShellReader.read("case $1 in\n  a|b) echo ab ;;\n  (*.sh) exit 1 ;;&\n  start) run ;&\n  \"x y\"|@(p|q)) :\n    ;;\nesac\necho after\n")
        #expect(s.commands.filter { $0.enclosing == [.caseItem] }.compactMap(\.name) == ["echo", "exit", "run", ":"])
        #expect(s.commands.last?.enclosing == [] && s.commands.last?.startLine == 8)
        #expect(s.expansions.first?.name == "1")
        #expect(s.diagnostics.isEmpty)
    }

    @Test func groupsAndSubshells() {
        let s = ShellReader.read("{ a; b; } > log\n( cd x && c )\n{ (d); }\n")
        #expect(s.commands.map(\.enclosing) == [[.braceGroup], [.braceGroup], [.subshell], [.subshell], [.braceGroup, .subshell]])
        #expect(s.commands[2].operatorAfter == "&&")
    }

    @Test func doubleBracketAndArithmeticCommands() {
        let s = ShellReader.read("[[ -z $X && $Y == a* ]] || die no\n(( COUNT > 1 )) && echo many\n[[ $v =~ ^(a|b)[0-9]+$ ]]\n")
        #expect(s.commands[0].words.map(\.raw) == ["[[", "-z", "$X", "&&", "$Y", "==", "a*", "]]"])
        #expect(s.commands[0].operatorAfter == "||")
        #expect(s.commands[2].words.map(\.raw) == ["((", " COUNT > 1 ", "))"])
        #expect(s.commands[2].operatorAfter == "&&")
        #expect(s.commands[4].words.map(\.raw) == ["[[", "$v", "=~", "^(a|b)[0-9]+$", "]]"])
        #expect(s.expansions.map(\.name) == ["X", "Y", "COUNT", "v"])
        #expect(s.diagnostics.isEmpty)
    }
}
