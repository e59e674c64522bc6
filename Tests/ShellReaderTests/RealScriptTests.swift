import Testing
import ShellReader

/// The task script from the project's demo repository, read end to end.
@Suite struct RealScriptTests {
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

    @Test func commandsAndTheirPlaces() throws {
        let s = ShellReader.read(Self.cluster, path: "tasks/030-gke.sh")
        #expect(s.path == "tasks/030-gke.sh")
        #expect(s.diagnostics.isEmpty)
        #expect(s.shebang == "#!/bin/bash")
        #expect(s.lines.count == 12)
        #expect(s.commands.map { $0.name ?? "?" } == ["set", "source", "dirname", "require_env", "gcloud", "log", "gcloud", "gcloud"])
        #expect(s.commands.map(\.startLine) == [2, 3, 3, 4, 5, 6, 8, 11])

        let create = try #require(s.commands.first { $0.words.count > 3 && $0.words[3].literal == "create-auto" })
        #expect(create.startLine == 8 && create.endLine == 9)
        // gcloud container clusters create-auto "$CLUSTER" --region "$REGION" --project "$PROJECT_ID"
        // --network shop-net --subnetwork shop-subnet
        #expect(create.words.count == 13)
        #expect(create.words.last?.literal == "shop-subnet" && create.words.last?.line == 9)
        #expect(create.enclosing == [.ifBody(0)])
        #expect(!create.isInCondition)

        let describe = try #require(s.commands.first { $0.words.count > 3 && $0.words[3].literal == "describe" })
        #expect(describe.enclosing == [.ifCondition(0)])
        #expect(describe.isInCondition)
        #expect(describe.redirections == [
            ShellRedirection(op: ">", fd: nil, target: word("/dev/null", line: 5), heredocIndex: nil),
            ShellRedirection(op: ">&", fd: "2", target: word("1", line: 5), heredocIndex: nil),
        ])
        #expect(s.conditionals.count == 1)
        #expect(s.conditionals[0].startLine == 5 && s.conditionals[0].endLine == 10)
        #expect(s.conditionals[0].conditionCommandIndices.map { s.commands[$0].words[3].literal } == ["describe"])
    }

    @Test func readsSourcesAndStrictMode() {
        let s = ShellReader.read(Self.cluster)
        #expect(s.expansions.filter { $0.name == "REGION" }.map(\.line) == [5, 8, 11])
        #expect(s.expansions.filter { $0.name == "CLUSTER" }.map(\.line) == [5, 6, 8, 11])
        #expect(s.strictMode == StrictMode(errexit: true, nounset: true, pipefail: true, line: 2))
        #expect(s.sources.count == 1)
        #expect(s.sources[0].arguments[0].unquotedText == "$(dirname \"$0\")/../lib/helpers.sh")
        #expect(s.sources[0].arguments[0].literal == nil)
        #expect(s.commands(named: "dirname").first?.enclosing == [.substitution])
        #expect(s.commands(named: "gcloud").count == 3)
    }

    private func word(_ text: String, line: Int) -> ShellWord {
        ShellWord(raw: text, literal: text, unquotedText: text, line: line, hasExpansion: false)
    }
}
