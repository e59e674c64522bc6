import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// `"${extra[@]}"` is written `${extra[@]+"${extra[@]}"}` when `-u` is added, so bash
/// before 4.4 does not stop at an empty array; only whole words are rewritten (brk7 D13).
@Suite struct NounsetArrayReadsTests {
    static func rewritten(_ text: String) -> String { NounsetSafeReads.rewritten(ShellReader.read(text)) }

    @Test func wholeWordArrayExpansionsGetThePortableForm() {
        #expect(Self.rewritten("kubectl apply \"${extra[@]}\" -f x\n") == "kubectl apply ${extra[@]+\"${extra[@]}\"} -f x\n")
        #expect(Self.rewritten("for f in \"${files[@]}\"; do echo \"$f\"; done\n")
            == "for f in ${files[@]+\"${files[@]}\"}; do echo \"$f\"; done\n")
        #expect(Self.rewritten("echo \"${a[*]}\"\n") == "echo ${a[*]+\"${a[*]}\"}\n")
    }

    @Test(arguments: [
        "echo \"x \"${a[@]}\" y\"\n",          // the quotes belong to the strings around it
        "echo \"--flag=${a[@]}\"\n",           // part of a longer word
        "cat <<EOF\n\"${a[@]}\"\nEOF\n",       // heredoc text: quotes are printed
        "b=(\"${a[@]}\")\n",                   // an array assignment is no command word
        "echo ${a[@]+\"${a[@]}\"}\n",          // already portable
    ])
    func otherShapesAreLeftAlone(_ text: String) {
        #expect(Self.rewritten(text) == text)
    }

    @Test func thePatchedTaskPrintsTheSameWords() throws {
        let body = "#!/usr/bin/env bash\nextra=()\n[ -n \"${DEBUG:-}\" ] && extra+=(--v=5)\nprintf '<%s>' \"${extra[@]}\" end\n"
            + "args=(\"a b\" c)\nprintf '<%s>' \"${args[@]}\"\necho\n"
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-a.sh", body, executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        let patched = try #require(written(r.drafts, "ai/infra/tasks/010-a.sh"))
        #expect(patched.contains("set -euo pipefail\n"))
        #expect(patched.contains("printf '<%s>' ${extra[@]+\"${extra[@]}\"} end\n"), "\(patched)")
        #expect(try bash(body) == bash(patched))
        #expect(try bash(body) == "<end><a b><c>\n")
    }

    func bash(_ text: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", text]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
