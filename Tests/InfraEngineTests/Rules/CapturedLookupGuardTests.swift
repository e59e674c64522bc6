import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// A variable holding a lookup's output, tested before the create, guards it
/// (`BranchFacts.captured`): `v="$(gcloud ... list --format=...)"; if [[ -z "$v" ]]; then
/// create; fi` and `if ! v="$(probe)" || [[ -z "$v" ]]; then create; fi`. Only when the
/// test's branch means "absent", and only when the assignment runs on every way to the test.
@Suite struct CapturedLookupGuardTests {
    static func findings(_ body: String) throws -> [Finding] {
        let text = "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n"
        let files = ["ai/infra/tasks/010-a.sh": RepoFile(text: text, mode: .executable)]
        let reality = try RepoReality(snapshot: RepoSnapshot(files: files), infraDir: "ai/infra", cache: ScriptCache())
        return RerunSafetyRule().findings(in: reality).filter { $0.message.contains("unguarded") }
    }

    @Test func capturedLookupsGuard() throws {
        let guarded = [
            "existing=\"$(gcloud container clusters list --filter=\"name=$C\" --format='value(name)')\"\nif [[ -z \"$existing\" ]]; then\n  gcloud container clusters create \"$C\" --region r\nfi",
            "url() { gcloud artifacts repositories describe \"$1\" --location r --format='value(name)'; }\nif ! u=\"$(url images 2>/dev/null)\" || [[ -z \"$u\" ]]; then\n  gcloud artifacts repositories create images --location r\nfi",
            "sa=\"$(gcloud iam service-accounts list --format='value(email)' | head -n1)\"\nif [ -n \"${sa}\" ]; then\n  echo there\nelse\n  gcloud iam service-accounts create d\nfi",
            "f() {\n  local ns\n  ns=$(kubectl get ns x -o name --ignore-not-found)\n  if test -z \"$ns\"; then kubectl create ns x; fi\n}\nf",
        ]
        for body in guarded {
            #expect(try Self.findings(body).isEmpty, "\(body)")
        }
    }

    @Test func capturedValuesThatDoNotGuard() throws {
        let unguarded = [
            // The then-branch of -n runs when it exists.
            "v=\"$(gcloud pubsub topics list --format='value(name)')\"\nif [[ -n \"$v\" ]]; then gcloud pubsub topics create t; fi",
            // Not a lookup's output.
            "v=\"$(date +%s)\"\nif [[ -z \"$v\" ]]; then gcloud pubsub topics create t; fi",
            // Assigned on one way only.
            "if [[ -n \"${X:-}\" ]]; then v=\"$(gcloud pubsub topics list)\"; fi\nif [[ -z \"$v\" ]]; then gcloud pubsub topics create t; fi",
            // Reassigned between the lookup and the test.
            "v=\"$(gcloud pubsub topics list)\"\nread -r v < /dev/null || true\nif [[ -z \"$v\" ]]; then gcloud pubsub topics create t; fi",
        ]
        for body in unguarded {
            #expect(try Self.findings(body).count == 1, "\(body)")
        }
    }

    /// The reading itself, on a parsed script: the literal belongs to the assignment.
    @Test func capturedReadsTheAssignmentsPipeline() {
        let script = ShellReader.read("v=\"$(kubectl get ns a -o name)\"\n[ -z \"$v\" ]\n[ \"$v\" ]\n[ -z \"$w\" ]\n")
        let facts = BranchFacts(script: script) { c in c.name == "kubectl" ? .exists : nil }
        let tests = script.commands.indices.filter { script.commands[$0].name == "[" }
        #expect(tests.count == 3)
        #expect(facts.captured(tests[0]).map { "\($0.pipeline) \($0.meaning)" } == "0 absent")
        #expect(facts.captured(tests[1]).map { "\($0.pipeline) \($0.meaning)" } == "0 exists")
        #expect(facts.captured(tests[2]) == nil)
        #expect(BranchFacts.plainVariable("${a_1}") == "a_1" && BranchFacts.plainVariable("$a-b") == nil && BranchFacts.plainVariable("x$a") == nil)
    }
}
