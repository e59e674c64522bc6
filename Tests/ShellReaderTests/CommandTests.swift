import Testing
@testable import ShellReader

@Suite struct CommandTests {
    static let cluster = """
        #!/bin/bash
        set -euo pipefail
        source "$(dirname "$0")/../lib/helpers.sh"
        require_env PROJECT_ID CLUSTER
        if gcloud container clusters describe "$CLUSTER" --region "$REGION" --project "$PROJECT_ID" >/dev/null 2>&1; then
          log "cluster $CLUSTER exists"
        else
          gcloud container clusters create-auto "$CLUSTER" --region "$REGION" --project "$PROJECT_ID" \\
            --network shop-net --subnetwork shop-subnet
        fi
        gcloud container clusters get-credentials "$CLUSTER" --region "$REGION" --project "$PROJECT_ID"

        """

    @Test func realTaskScript() throws {
        let s = ShellReader.read(Self.cluster)
        #expect(s.diagnostics.isEmpty)
        let create = try #require(s.commands.first { $0.words.count > 3 && $0.words[3].literal == "create-auto" })
        #expect(create.startLine == 8 && create.endLine == 9)
        #expect(create.words.count == 13)
        #expect(create.enclosing == [.ifBody(0)])
        let describe = try #require(s.commands.first { $0.words.count > 3 && $0.words[3].literal == "describe" })
        #expect(describe.enclosing == [.ifCondition(0)])
        #expect(describe.isInCondition)
        #expect(describe.redirections.map(\.op) == [">", ">&"])
        #expect(s.conditionals.count == 1)
        #expect(s.conditionals[0].conditionCommandIndices.map { s.commands[$0].words[3].literal } == ["describe"])
        #expect(s.expansions.filter { $0.name == "REGION" }.map(\.line) == [5, 8, 11])
        #expect(s.strictMode.isStrict && s.strictMode.line == 2)
        #expect(s.sources.count == 1)
        #expect(s.sources[0].arguments[0].unquotedText == "$(dirname \"$0\")/../lib/helpers.sh")
        #expect(s.commands(named: "dirname").first?.enclosing == [.substitution])
        #expect(s.shebang == "#!/bin/bash")
    }

    @Test func continuationLinesMakeOneCommand() {
        let s = ShellReader.read("gcloud compute networks subnets create shop-subnet --network shop-net \\\n  --region \"${ZONE%-*}\" \\\n  --range 10.60.0.0/20\necho next\n")
        #expect(s.commands.count == 2)
        #expect(s.commands[0].startLine == 1 && s.commands[0].endLine == 3)
        #expect(s.commands[0].words.last?.literal == "10.60.0.0/20")
        #expect(s.commands[1].startLine == 4)
        let zone = s.expansions.first { $0.name == "ZONE" }
        #expect(zone?.op == "%" && zone?.line == 2 && zone?.hasDefault == false)
    }

    @Test func heredocBodiesAreNotCommands() {
        let text = """
            cat <<EOF > values.yaml
            kubectl create namespace x
            domain: $DOMAIN
            EOF
            cat <<'RAW' <<-TABS
            helm install $NOPE
            RAW
            \tgcloud create
            \tTABS
            echo after

            """
        let s = ShellReader.read(text)
        #expect(s.commands.compactMap(\.name) == ["cat", "cat", "echo"])
        #expect(s.commands.last?.startLine == 10)
        #expect(s.heredocs.count == 3)
        #expect(s.heredocs[0].bodyStartLine == 2 && s.heredocs[0].bodyEndLine == 4)
        #expect(s.heredocs[1].quoted && !s.heredocs[0].quoted && s.heredocs[2].stripTabs)
        #expect(s.expansions.contains { $0.name == "DOMAIN" && $0.inHeredoc && $0.line == 3 })
        #expect(!s.expansions.contains { $0.name == "NOPE" })
        #expect(s.diagnostics.isEmpty)
    }

    @Test func commentsAndHashesInsideWords() {
        let s = ShellReader.read("# gcloud compute networks create x\necho a#b ${#ARR} $# # trailing comment\nx=1 # y=2\n")
        #expect(s.commands.count == 2)
        #expect(s.commands[0].words.map { $0.literal ?? $0.unquotedText } == ["echo", "a#b", "${#ARR}", "$#"])
        #expect(s.expansions.contains { $0.name == "ARR" && $0.isLength })
        #expect(s.assignments.map(\.name) == ["x"])
    }

    @Test func operatorsAndSubstitutions() {
        let s = ShellReader.read("gcloud dns managed-zones describe z || gcloud dns managed-zones create z\nv=`date +%s`; w=$(kubectl get ns | wc -l) &\n! grep -q x f && echo y\n")
        let names = s.commands.map { $0.name ?? "=" }
        #expect(names == ["gcloud", "gcloud", "=", "date", "=", "kubectl", "wc", "grep", "echo"])
        #expect(s.commands[0].operatorAfter == "||" && s.commands[1].operatorBefore == "||")
        #expect(s.commands[3].enclosing == [.substitution])
        #expect(s.commands[5].operatorAfter == "|" && s.commands[6].operatorBefore == "|")
        #expect(s.commands[4].background)
        #expect(s.commands[7].negated && s.commands[7].operatorAfter == "&&")
    }

    @Test func loopsAndCase() {
        let s = ShellReader.read("for t in 010-a 020-b \"$X\"; do\n  bash tasks/$t.sh\ndone\nwhile read -r line; do echo \"$line\"; done < f\ncase $1 in\n  a|b) echo ab ;;\n  (*) exit 1 ;;\nesac\nfor ((i=0; i<N; i++)); do :; done\n")
        #expect(s.loops.count == 3)
        #expect(s.loops[0].words.map(\.unquotedText) == ["010-a", "020-b", "$X"])
        #expect(s.loops[0].variable == "t" && s.loops[0].startLine == 1 && s.loops[0].endLine == 3)
        #expect(s.commands.first { $0.name == "bash" }?.enclosing == [.loopBody(0)])
        #expect(s.commands.first { $0.name == "read" }?.enclosing == [.loopHead(1)])
        #expect(s.assignments.contains { $0.name == "line" && $0.kind == .read })
        #expect(s.commands.filter { $0.enclosing == [.caseItem] }.compactMap(\.name) == ["echo", "exit"])
        #expect(s.loops[2].kind == .forArithmetic)
        #expect(s.expansions.contains { $0.name == "N" })
        #expect(s.diagnostics.isEmpty)
    }

    @Test func doubleBracketAndArithmetic() {
        let s = ShellReader.read("[[ -z $X && $Y == a* ]] || die no\n(( COUNT > 1 )) && echo many\n")
        #expect(s.commands[0].words.first?.raw == "[[" && s.commands[0].words.last?.raw == "]]")
        #expect(s.commands[0].operatorAfter == "||")
        #expect(s.commands[2].words.first?.raw == "((")
        #expect(s.expansions.map(\.name).contains("COUNT"))
    }
}
