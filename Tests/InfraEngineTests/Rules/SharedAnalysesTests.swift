import Foundation
import Testing
@testable import InfraEngine

/// The views of one plan share each task's analyses through the plan's cache, keyed by the
/// files the analysis reads (`RepoReality.dependencyKey`) and, for `source` lines, by the
/// answers resolving them asked (`SourceProbes`). A change to any of those files must give
/// the next view a new analysis; a change elsewhere must not change it.
@Suite struct SharedAnalysesTests {
    static let task = "ai/infra/tasks/010-app.sh"
    let cache = ScriptCache()

    func view(_ files: [String: String]) throws -> RepoReality {
        var tree = RepoSnapshot()
        for (path, text) in files { tree.write(path, RepoFile(text: text, mode: path.hasSuffix(".sh") ? .executable : .regular)) }
        return try RepoReality(snapshot: tree, infraDir: "ai/infra", cache: cache)
    }

    func variables(_ reality: RepoReality) throws -> ScriptVariables {
        let task = try #require(reality.tasks.first { $0.path == Self.task })
        return ScriptVariables.of(task, in: reality)
    }

    @Test func aChangedLibraryChangesWhatTheTaskGets() throws {
        let task = "#!/usr/bin/env bash\nset -euo pipefail\nsource \"$(dirname \"$0\")/../lib/common.sh\"\necho \"$REGION\"\n"
        let first = try view([Self.task: task, "ai/infra/lib/common.sh": "REGION=\"${REGION:-europe-west4}\"\n"])
        #expect(try variables(first).provided["REGION"] == 3)
        // Same task text; the library no longer sets the name.
        let second = try view([Self.task: task, "ai/infra/lib/common.sh": "log() { echo \"$*\"; }\n"])
        #expect(try variables(second).provided["REGION"] == nil)
        #expect(try variables(second).reads["REGION"] == [4])
        // A file the task does not read changes nothing of it.
        let third = try view([Self.task: task, "ai/infra/lib/common.sh": "log() { echo \"$*\"; }\n", ".gitignore": "logs/\n"])
        #expect(try variables(third).reads["REGION"] == [4])
    }

    @Test func aChangedEnvFileOrTemplateChangesWhatTheTaskGets() throws {
        let task = "#!/usr/bin/env bash\nset -euo pipefail\nsource \"$(dirname \"$0\")/../app.env\"\necho \"$DB_HOST\"\n"
        let withFile = try view([Self.task: task, "ai/infra/app.env": "DB_HOST=localhost\n"])
        #expect(try variables(withFile).provided["DB_HOST"] == 3)
        let otherName = try view([Self.task: task, "ai/infra/app.env": "DB_PORT=5432\n"])
        #expect(try variables(otherName).provided["DB_HOST"] == nil)
        // Only the committed template: its names count.
        let template = try view([Self.task: task, "ai/infra/app.env.example": "DB_HOST=\n"])
        #expect(try variables(template).provided["DB_HOST"] == 3)
    }

    @Test func aSourcedFileThatAppearsIsFollowed() throws {
        // `source lib/env.sh` is looked up from the caller's folder: which file it is depends on
        // which paths exist, which the shared source list must notice.
        let task = "#!/usr/bin/env bash\nset -euo pipefail\nsource lib/env.sh\necho \"$ZONE\"\n"
        let missing = try view([Self.task: task])
        #expect(try variables(missing).provided["ZONE"] == nil)
        let present = try view([Self.task: task, "lib/env.sh": "export ZONE=europe-west4-b\nlog() { echo \"$*\"; }\n"])
        let sourced = SourceGraph.sources(of: try #require(present.tasks.first), in: present)
        #expect(sourced.first?.path == "lib/env.sh")
        #expect(try variables(present).provided["ZONE"] == 3)
    }
}
