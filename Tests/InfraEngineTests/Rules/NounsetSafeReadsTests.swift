import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Adding `set -u` keeps a task that reads `$1` bare working without an argument, and such a
/// task with a fallback is not an argument-taking task (r10).
@Suite struct NounsetSafeReadsTests {
    static let context = """
        #!/usr/bin/env bash
        # 010 - pick the kube context. Optional first arg: context name.
        log() { echo "$*" >&2; }
        CTX=$1
        if [ -z "$CTX" ]; then
          CTX=$(kubectl config current-context)
        fi
        kubectl get pods | awk '{print $1}'
        log "using $CTX"

        """

    @Test func theStrictModePatchWritesBareReadsWithAnEmptyDefault() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/010-context.sh", Self.context, executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        let text = try #require(written(r.drafts, "ai/infra/tasks/010-context.sh"))
        #expect(text.contains("set -euo pipefail"))
        #expect(text.contains("CTX=${1:-}\n"), "\(text)")
        #expect(text.contains("awk '{print $1}'"), "a single-quoted $1 is awk's, not the shell's")
        #expect(r.findings.first { $0.key == "strict-mode" }?.message.contains("${1:-}") == true)
        // The patched task, read again, is strict and has nothing left to rewrite.
        #expect(NounsetSafeReads.barePositionalLines(ShellReader.read(text)).isEmpty)
    }

    @Test func aCopiedParameterWithAFallbackIsOptional() throws {
        let strict = Self.context.replacingOccurrences(of: "log() {", with: "set -euo pipefail\nlog() {")
        let file = ShellFile(path: "ai/infra/tasks/010-context.sh", script: ShellReader.read(strict))
        #expect(TaskRoles.arguments(file) == nil)
        // Another style: `local`-free copy tested with `${X:-...}`; and a copy never tested stays required.
        let defaulted = ShellFile(path: "t.sh", script: ShellReader.read("#!/bin/bash\nset -u\nNS=\"$1\"\nkubectl get ns \"${NS:-default}\"\n"))
        #expect(TaskRoles.arguments(defaulted) == nil)
        let required = ShellFile(path: "t.sh", script: ShellReader.read("#!/bin/bash\nset -u\nNS=\"$1\"\nkubectl create ns \"$NS\"\n"))
        #expect(TaskRoles.arguments(required) != nil)
    }

    @Test func rewriteLeavesQuotedAndCommentedTextAlone() {
        func rewritten(_ text: String) -> String { NounsetSafeReads.rewritten(ShellReader.read(text)) }
        #expect(rewritten("x=\"$1\" y=${2} # uses $3\n") == "x=\"${1:-}\" y=${2:-} # uses $3\n")
        #expect(rewritten("echo '$1' \\$1 $10\n") == "echo '$1' \\$1 ${1:-}0\n")
    }
}
