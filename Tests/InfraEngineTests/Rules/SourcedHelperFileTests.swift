import Foundation
import Testing
@testable import InfraEngine

/// Helpers defined in a file the task sources by its own path, outside `lib/` (a sibling
/// `env.sh`, a `../common/helpers.bash`), are defined when the call runs: bash finds them, so
/// "calls X, which nothing defines" is false and no library is added in front of that file.
@Suite struct SourcedHelperFileTests {
    static let helpers = """
        # shellcheck shell=bash
        say() { printf '==> %s\\n' "$*"; }
        info() { say "$@"; }
        fatal() { printf 'fatal: %s\\n' "$*" >&2; exit 1; }

        """

    func findings(_ tasks: [String: String], helperPath: String) throws -> [Finding] {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write(helperPath, Self.helpers)
        for (name, body) in tasks {
            try repo.write("ai/infra/tasks/\(name).sh", "#!/usr/bin/env bash\nset -euo pipefail\n" + body, executable: true)
        }
        return try ruleRun(SharedHelpersRule(), on: repo).0
    }

    @Test func helpersFromASiblingFileAreDefined() throws {
        let found = try findings([
            "010-a": ". \"$(dirname \"$0\")/env.sh\"\ninfo hello\n",
            "020-b": "here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\nsource \"$here/env.sh\"\nfatal stop\n",
        ], helperPath: "ai/infra/tasks/env.sh")
        #expect(found.filter { $0.message.contains("nothing defines") }.isEmpty, "\(found.map(\.message))")
    }

    @Test func helpersFromAFolderBesideTheTasksAreDefined() throws {
        let found = try findings([
            "010-a": "source \"${BASH_SOURCE%/*}/../common/helpers.bash\"\ninfo hello\nfatal no\n",
        ], helperPath: "ai/infra/common/helpers.bash")
        #expect(found.filter { $0.message.contains("nothing defines") }.isEmpty, "\(found.map(\.message))")
    }

    @Test func aCallNothingSourcesIsStillReported() throws {
        let found = try findings([
            "010-a": ". \"$(dirname \"$0\")/env.sh\"\ninfo hello\n",
            "020-b": "die stop\n",
        ], helperPath: "ai/infra/tasks/env.sh")
        #expect(found.filter { $0.message.contains("nothing defines") }.map(\.location) == ["ai/infra/tasks/020-b.sh:3"],
                "\(found.map { "\($0.location) \($0.message)" })")
    }
}
