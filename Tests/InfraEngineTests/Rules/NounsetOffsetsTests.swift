import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// The `${1:-}` rewrite works from the parser's expansions (their byte ranges), never from a
/// search of the line: quoted code keeps its `$1`, an expanding heredoc's `$1` is rewritten,
/// a function's positionals are its caller's arguments, and a read no default fits keeps the
/// task without `-u` (brk7 D10, D11).
@Suite struct NounsetOffsetsTests {
    static let path = "ai/infra/tasks/030-scale.sh"

    static func patched(_ body: String) throws -> (text: String?, findings: [Finding]) {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write(path, "#!/usr/bin/env bash\n" + body, executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        return (written(r.drafts, path), r.findings)
    }

    @Test func awkInsideACommandSubstitutionKeepsItsField() throws {
        let body = """
            pods="$(kubectl get pods -n "$1" --no-headers | awk '{print $1}' | tr '\\n' ' ')"
            echo "$pods" | sed -e 's/$1/x/'

            """
        let text = try #require(try Self.patched(body).text)
        #expect(text.contains("pods=\"$(kubectl get pods -n \"${1:-}\" --no-headers | awk '{print $1}' | tr '\\n' ' ')\"\n"), "\(text)")
        #expect(text.contains("sed -e 's/$1/x/'"))
        // Every changed line still parses to the same commands.
        #expect(ShellReader.read(text).diagnostics.isEmpty)
    }

    @Test func expandingHeredocsAreRewrittenQuotedOnesAreNot() throws {
        let body = """
            cat <<EOF
            name: $1 # it's ${2}
            EOF
            cat <<'EOF'
            raw: $1
            EOF

            """
        let text = try #require(try Self.patched(body).text)
        #expect(text.contains("name: ${1:-} # it's ${2:-}\n"), "\(text)")
        #expect(text.contains("raw: $1\n"))
    }

    @Test func bracedPositionalsAboveNineAreRewritten() {
        let script = ShellReader.read("#!/bin/bash\necho \"${10}\" ${11} $10\n")
        #expect(NounsetSafeReads.rewritten(script) == "#!/bin/bash\necho \"${10:-}\" ${11:-} ${1:-}0\n")
        #expect(NounsetSafeReads.blocker(script) == nil)
    }

    @Test(arguments: ["dir=${1%/}\n", "up=${1^^}\n", "n=${#1}\n", "head=${2:0:3}\n"])
    func aReadNoDefaultFitsKeepsTheTaskWithoutNounset(_ line: String) throws {
        let (text, findings) = try Self.patched("kubectl get ns\n" + line)
        let patched = try #require(text)
        #expect(patched.contains("set -eo pipefail\n"), "\(patched)")
        #expect(!patched.contains(":-}"), "nothing is rewritten when -u is not added")
        #expect(findings.contains { $0.key == "keeps-unset" && $0.severity == .info && $0.line == 3 })
    }

    @Test func aFunctionsPositionalsAreItsCallersArguments() throws {
        // s4: `deploy_one "$@"` with one argument leaves the function's $2 unset.
        let body = """
            deploy_one() {
              local svc=$1 tag=$2
              [ -n "$tag" ] || tag=$RELEASE
              kubectl set image "deploy/$svc" "app=$svc:$tag"
            }
            deploy_one "$@"

            """
        let text = try #require(try Self.patched(body).text)
        #expect(text.contains("  local svc=${1:-} tag=${2:-}\n"), "\(text)")
        #expect(text.contains("deploy_one \"$@\"\n"), "$@ is allowed unset")
        // Another style: a one-line function reading `${1}` inside a test.
        let one = ShellReader.read("#!/bin/bash\nns() { [ -n \"${1}\" ] && echo \"$1\"; }\nns\n")
        #expect(NounsetSafeReads.rewritten(one) == "#!/bin/bash\nns() { [ -n \"${1:-}\" ] && echo \"${1:-}\"; }\nns\n")
    }

    @Test func thePatchedTaskRunsAsBeforeWithoutArguments() throws {
        // Run with bash: the original and the rewritten text print the same, under -u too.
        let original = """
            #!/usr/bin/env bash
            f() { local a=$1 b=$2; echo "a=$a b=$b"; }
            f "$@"
            echo "$(echo "x y" | awk '{print $1}') ${10}"
            cat <<EOF
            first: $1
            EOF

            """
        let rewritten = NounsetSafeReads.rewritten(ShellReader.read(original))
        let strict = rewritten.replacingOccurrences(of: "#!/usr/bin/env bash\n", with: "#!/usr/bin/env bash\nset -u\n")
        #expect(try runBash(original) == runBash(strict))
        #expect(try runBash(original, ["one"]) == runBash(strict, ["one"]))
    }

    func runBash(_ text: String, _ args: [String] = []) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nounset-\(UUID().uuidString).sh")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [url.path] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return "\(p.terminationStatus):" + String(decoding: data, as: UTF8.self)
    }
}
