import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// A task written for POSIX sh gets no bash edits from the helpers patch (r16); its bash
/// neighbours still get theirs.
@Suite struct PosixTaskTests {
    @Test func aShTaskIsLeftOutAndItsNeighbourIsStillFixed() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/common.sh", "# shellcheck shell=bash\nlog() { echo \"[infra] $*\" >&2; }\n")
        let posix = "#!/bin/sh\n# runs in busybox\nset -eu\nlog() { echo \"[infra] $*\" >&2; }\nkubectl get ns apps | cat\nlog ok\n"
        try repo.write("ai/infra/tasks/010-posix.sh", posix, executable: true)
        try repo.write("ai/infra/tasks/020-bash.sh", "#!/usr/bin/env bash\nlog() { echo \"[infra] $*\" >&2; }\nlog ok\n", executable: true)
        let r = try ruleRun(SharedHelpersRule(), on: repo)
        #expect(written(r.drafts, "ai/infra/tasks/010-posix.sh") == nil)
        let bash = try #require(written(r.drafts, "ai/infra/tasks/020-bash.sh"))
        #expect(bash.contains("set -euo pipefail") && bash.contains("BASH_SOURCE"))
        let info = r.findings.filter { $0.file == "ai/infra/tasks/010-posix.sh" }
        #expect(info.map(\.key) == ["posix-shell"] && info.allSatisfy { $0.severity == .info }, "\(info.map(\.message))")
    }

    @Test func theShellIsReadFromTheShebangOrTheDirective() {
        func shell(_ text: String) -> String? { PosixTask.shell(ShellReader.read(text)) }
        #expect(shell("#!/bin/sh\n") == "sh")
        #expect(shell("#!/usr/bin/env dash\n") == "dash")
        #expect(shell("# shellcheck shell=sh\necho hi\n") == "sh")
        #expect(shell("#!/usr/bin/env -S bash -euo pipefail\n") == nil)
        #expect(shell("#!/bin/bash\n") == nil)
        #expect(shell("echo no shebang\n") == nil)
    }
}
