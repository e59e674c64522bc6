import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// The key a task's analyses are kept under reads its libraries by shape (issue 12, speed):
/// the `# shellcheck shell=bash` line the helpers operation adds to a library leaves every
/// task that sources it with the analyses of the view before, and nothing kept under that key
/// holds a line of the library (the line numbers after the directive move by one).
@Suite struct LibraryShapeKeyTests {
    static let library = """
        # helpers
        g() { gcloud --project "$PROJECT" "$@"; }
        ensure_ns() { kubectl get namespace "$1" >/dev/null 2>&1 || kubectl create namespace "$1"; }

        """
    static let task = """
        #!/usr/bin/env bash
        set -euo pipefail
        source "$(dirname "$0")/../lib/helpers.sh"
        echo "addresses"
        g compute addresses create edge-ip --region "$REGION"
        ensure_ns shop

        """

    /// Two views of one plan (one cache): the library as `library`, then as `changed`.
    static func views(changed: String) throws -> (RepoReality, RepoReality) {
        var tree = RepoSnapshot()
        tree.write("ai/infra/lib/helpers.sh", RepoFile(text: library))
        tree.write("ai/infra/tasks/010-addresses.sh", RepoFile(text: task, mode: .executable))
        let cache = ScriptCache()
        let first = try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: cache)
        var next = tree
        next.write("ai/infra/lib/helpers.sh", RepoFile(text: changed))
        return (first, try RepoReality(snapshot: next, infraDir: "ai/infra", cache: cache, baseline: tree))
    }

    @Test(arguments: [
        ("# shellcheck shell=bash\n# helpers\nf() { :; }\n", "# helpers\nf() { :; }\n"),
        ("#!/bin/bash\n#shellcheck shell=bash\nf() { :; }\n", "#!/bin/bash\nf() { :; }\n"),
        ("# helpers\n\n# shellcheck   shell=sh\nf() { :; }\n", "# helpers\n\nf() { :; }\n"),
        // After the first command a directive is text like any other, and so is one that does more.
        ("f() { :; }\n# shellcheck shell=bash\n", "f() { :; }\n# shellcheck shell=bash\n"),
        ("# shellcheck shell=bash disable=SC2034\nf() { :; }\n", "# shellcheck shell=bash disable=SC2034\nf() { :; }\n"),
        ("# shellcheck disable=SC1091\nf() { :; }\n", "# shellcheck disable=SC1091\nf() { :; }\n"),
        // Dropped, the directive would leave `#!` as the first line: a shebang the file does not have.
        ("# shellcheck shell=bash\n#!/bin/bash\nf() { :; }\n", "# shellcheck shell=bash\n#!/bin/bash\nf() { :; }\n"),
    ])
    func shapeDropsOnlyHeaderShellDirectives(_ text: String, _ shape: String) {
        #expect(String(RepoReality.libraryShape(text)) == shape)
    }

    @Test func theDirectiveKeepsEveryKeyAndACommandChangesThem() throws {
        let (before, withDirective) = try Self.views(changed: "# shellcheck shell=bash\n" + Self.library)
        #expect(before.librariesKey == withDirective.librariesKey)
        #expect(before.librariesText == withDirective.librariesText)
        #expect(before.analysisKey(of: before.tasks[0]) == withDirective.analysisKey(of: withDirective.tasks[0]))
        #expect(before.semanticContext == withDirective.semanticContext)

        let (_, otherFlag) = try Self.views(changed: Self.library.replacingOccurrences(of: "--project", with: "--quiet --project"))
        #expect(before.librariesKey != otherFlag.librariesKey)
        #expect(before.analysisKey(of: before.tasks[0]) != otherFlag.analysisKey(of: otherFlag.tasks[0]))
        // A comment is still part of a library's own analyses (`perFile` keys them by its text
        // beside the key): only its callers read it by shape, so the task's is made once.
        let lib = try #require(withDirective.libraries.first)
        var made: [String] = []
        _ = before.perFile("probe", before.libraries[0]) { made.append("library before") }
        _ = withDirective.perFile("probe", lib) { made.append("library with the directive") }
        _ = before.perFile("probe", before.tasks[0]) { made.append("task before") }
        _ = withDirective.perFile("probe", withDirective.tasks[0]) { made.append("task with the directive") }
        #expect(made == ["library before", "library with the directive", "task before"])
    }

    @Test func aWrappersWordsAreOnTheCallersLine() throws {
        let (reality, _) = try Self.views(changed: Self.library)
        let call = try #require(EffectiveCommands.of(reality.tasks[0], in: reality).commands.first { $0.via == "g" })
        #expect(call.line == 5)
        #expect(call.words.map(\.raw) == ["gcloud", "--project", "\"$PROJECT\"", "compute", "addresses", "create", "edge-ip", "--region", "\"$REGION\""])
        #expect(call.words.allSatisfy { $0.line == 5 })
        // Kept in the scope without any line of the library.
        let wrapper = try #require(EffectiveCommands.of(reality.tasks[0], in: reality).scope["g"]?.wrapper)
        #expect(wrapper.addedArguments.allSatisfy { $0.line == 0 })
    }

    @Test func aDefinitionIsCitedAtItsLineInTheViewAsked() throws {
        let (before, withDirective) = try Self.views(changed: "# shellcheck shell=bash\n" + Self.library)
        let summary = try #require(FunctionSummaries.scope(of: withDirective.tasks[0], in: withDirective)["ensure_ns"])
        #expect(summary.definitionLine(in: before) == 3)
        #expect(summary.definitionLine(in: withDirective) == 4)
    }

    @Test func aLaterDefinitionIsTheOneBashCalls() throws {
        var tree = RepoSnapshot()
        tree.write("ai/infra/lib/helpers.sh", RepoFile(text: "g() { gcloud \"$@\"; }\n# redefined\ng() { gcloud --quiet \"$@\"; }\n"))
        tree.write("ai/infra/tasks/010-a.sh", RepoFile(text: "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/../lib/helpers.sh\"\ng compute networks list\n",
                                                       mode: .executable))
        let reality = try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: ScriptCache())
        let summary = try #require(FunctionSummaries.scope(of: reality.tasks[0], in: reality)["g"])
        #expect(summary.wrapper?.leadingWords == ["--quiet"])
        #expect(summary.definitionLine(in: reality) == 3)
    }
}
