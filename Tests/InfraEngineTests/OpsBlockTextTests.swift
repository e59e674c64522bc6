import Testing
@testable import InfraEngine

@Suite struct OpsBlockTextTests {
    static let designExample = """
        ```ops
        Id: entrypoint-canonical-init
        Title: Drive every task from ai/infra/init.sh
        Mode: implement
        Group: local
        Risk: LOW
        DependsOn:
        - helpers-normalise-lib
        Preconditions:
        - bash 4+ on PATH
        Commands:
        - ./ai/infra/init.sh --list
        ExpectedOutputs:
        - the numbered tasks, in order
        Rollback:
        - git revert the commit that applied this operation
        ```

        """

    @Test func designExampleRoundTripsByteForByte() throws {
        let block = try OpsBlockText.parse(Self.designExample)
        #expect(block.id == "entrypoint-canonical-init")
        #expect(block.dependsOn == ["helpers-normalise-lib"])
        #expect(block.problems().isEmpty)
        #expect(OpsBlockText.render(block) == Self.designExample)
    }

    @Test func unknownKeysAreKeptInPlace() throws {
        let text = """
            ```ops
            Id: x
            TargetAgent: infra-agent
            Title: T
            Mode: implement
            Group: cloud
            Risk: HIGH
            DependsOn:
            Preconditions:
            Commands:
            - gcloud iam service-accounts keys list
            ExpectedOutputs:
            Rollback:
            - none
            Prompt: |
              Rotate the key.
              Then delete the old one.
            Tags:
            - secrets
            - rotation
            ```

            """
        let block = try OpsBlockText.parse(text)
        #expect(block.extraFields.map(\.key) == ["TargetAgent", "Prompt", "Tags"])
        #expect(block["Prompt"] == .block(["Rotate the key.", "Then delete the old one."]))
        #expect(block.dependsOn.isEmpty)
        #expect(OpsBlockText.render(block) == text)
        #expect(try OpsBlockText.parse(OpsBlockText.render(block)) == block)
    }

    @Test func renderThenParseIsIdentityOnGeneratedBlocks() throws {
        var rng = SystemRandomNumberGenerator()
        let words = ["a", "b c", "--flag", "ai/infra/init.sh", "é ü", "x: y", "- z", "#", ""]
        for _ in 0..<300 {
            func items() -> [String] { (0..<Int.random(in: 0...3, using: &rng)).map { _ in words.randomElement(using: &rng)! } }
            let block = OpsBlock(id: "op-\(Int.random(in: 0...99, using: &rng))", title: "T " + words.randomElement(using: &rng)!,
                                 group: OpsBlock.Group.allCases.randomElement(using: &rng)!,
                                 risk: OpsBlock.Risk.allCases.randomElement(using: &rng)!,
                                 dependsOn: items(), preconditions: items(), commands: items(),
                                 expectedOutputs: items(), rollback: items())
            let text = OpsBlockText.render(block)
            let parsed = try OpsBlockText.parse(text)
            #expect(parsed == block, "\(text)")
            #expect(OpsBlockText.render(parsed) == text)
        }
    }

    @Test func errorsNameTheLine() {
        #expect(throws: OpsBlockText.ParseError(line: 3, message: "expected 'Key: value', found 'no colon here'")) {
            try OpsBlockText.parse("```ops\nId: a\nno colon here\n```\n")
        }
        #expect(throws: OpsBlockText.ParseError(line: 1, message: "the ```ops fence is never closed")) {
            try OpsBlockText.parse("```ops\nId: a\n")
        }
        #expect(throws: OpsBlockText.ParseError(line: 3, message: "field Id appears twice")) {
            try OpsBlockText.parse("Id: a\nTitle: t\nId: b\n")
        }
    }

    @Test func problemsExplainAnInvalidBlock() throws {
        let block = try OpsBlockText.parse("Id: Not A Slug\nTitle: t\nMode: implement\nGroup: moon\nRisk: EXTREME\n")
        let problems = block.problems()
        #expect(problems.contains("missing field Rollback"))
        #expect(problems.contains("Group 'moon' is not one of local, cluster, cloud, external"))
        #expect(problems.contains("Risk 'EXTREME' is not one of LOW, MED, HIGH"))
        #expect(problems.contains { $0.contains("not a slug") })
    }
}
