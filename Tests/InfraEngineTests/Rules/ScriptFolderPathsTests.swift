import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Paths built from the script's own location resolve as bash would evaluate them.
@Suite struct ScriptFolderPathsTests {
    func paths(_ text: String, at path: String = "ai/infra/tasks/010-a.sh") -> ScriptFolderPaths {
        ScriptFolderPaths(ShellFile(path: path, script: ShellReader.read(text, path: path)))
    }

    @Test(arguments: [
        ("cfg=\"$(dirname \"$0\")/../config/x.env\"\n", "cfg", "ai/infra/config/x.env"),
        ("here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n", "here", "ai/infra/tasks"),
        ("D=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\nROOT=\"$(cd \"$D/../..\" && pwd)\"\n", "ROOT", "ai"),
        ("d=${BASH_SOURCE[0]%/*}\n", "d", "ai/infra/tasks"),
        ("s=\"$(realpath \"$0\")\"\nt=\"$(dirname \"$s\")/lib\"\n", "t", "ai/infra/tasks/lib"),
    ])
    func variablesResolve(_ text: String, _ name: String, _ expected: String) {
        #expect(paths(text).variables[name] == expected, "\(paths(text).variables)")
    }

    @Test func bareAndRuntimePathsDoNot() {
        let p = paths("x=lib/a.sh\ny=\"$HOME/a\"\nz=\"$1/a\"\n")
        #expect(p.variables.isEmpty)
        #expect(p.resolve("$(dirname $0)/../lib/a.sh") == "ai/infra/lib/a.sh")
    }
}
