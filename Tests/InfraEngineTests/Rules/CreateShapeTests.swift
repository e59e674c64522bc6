import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Rewrites of a create keep what the line does (`CreateShape`): a `VAR=value` prefix goes
/// onto every command the rewrite adds, a create with words that can split into flags is
/// kept as written behind a lookup, a create whose status is tested is reported without a
/// rewrite, and a gcloud describe keeps the create's parent flags (`--instance`, `-i`).
@Suite struct CreateShapeTests {
    static func task(_ body: String) -> String { "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n" }

    /// The rerun rule's findings and the task's rewritten text (nil when nothing is rewritten).
    static func plan(_ body: String) throws -> (findings: [Finding], text: String?) {
        let files = ["ai/infra/tasks/010-a.sh": RepoFile(text: task(body), mode: .executable)]
        let reality = try RepoReality(snapshot: RepoSnapshot(files: files), infraDir: "ai/infra", cache: ScriptCache())
        let rule = RerunSafetyRule()
        return (rule.findings(in: reality), written(rule.operations(in: RuleContext(reality: reality, queued: [:])), "ai/infra/tasks/010-a.sh"))
    }

    // MARK: 1. environment prefix

    @Test func envPrefixGoesOntoTheApplyAndTheDescribe() throws {
        let cases: [(String, String)] = [
            ("KUBECONFIG=\"$MGMT_KUBECONFIG\" kubectl create namespace fleet",
             "KUBECONFIG=\"$MGMT_KUBECONFIG\" kubectl create namespace fleet --dry-run=client -o yaml | KUBECONFIG=\"$MGMT_KUBECONFIG\" kubectl apply -f -"),
            ("HTTPS_PROXY=http://p:3128 NO_PROXY=x kubectl -n a create sa r",
             "HTTPS_PROXY=http://p:3128 NO_PROXY=x kubectl -n a create sa r --dry-run=client -o yaml | HTTPS_PROXY=http://p:3128 NO_PROXY=x kubectl -n a apply -f -"),
            ("CLOUDSDK_CORE_PROJECT=\"$P\" gcloud pubsub topics create t",
             "if ! CLOUDSDK_CORE_PROJECT=\"$P\" gcloud pubsub topics describe t >/dev/null 2>&1; then\n  CLOUDSDK_CORE_PROJECT=\"$P\" gcloud pubsub topics create t\nfi"),
            ("DOCKER_HOST=ssh://b k3d cluster create dev",
             "DOCKER_HOST=ssh://b k3d cluster get dev >/dev/null 2>&1 || DOCKER_HOST=ssh://b k3d cluster create dev"),
        ]
        for (line, expected) in cases {
            let text = try #require(try Self.plan(line).text, "\(line)")
            #expect(text.contains(expected + "\n"), "\(line) ->\n\(text)")
        }
    }

    // MARK: 2. words that can split into flags

    @Test func wordsThatCanSplit() {
        let script = ShellReader.read(#"x a "$B" ${C} $D "${E[@]}" "$@" "${F[*]}" '$G' "p$H" $(i) \$J "${K:-x}""#)
        let splits = script.commands[0].arguments.map { CreateShape.canSplit($0) }
        #expect(splits == [false, false, true, true, true, true, false, false, false, true, false, false])
    }

    @Test func splittableCreateIsKeptBehindALookup() throws {
        let (findings, text) = try Self.plan("NS=${1:-apps}\nDRY=${DRY:-}\nkubectl --context \"$CTX\" create namespace \"$NS\" ${DRY}")
        #expect(findings.contains { $0.line == 5 && $0.message.contains("expand to flags") })
        #expect(try #require(text).contains("""
            if ! kubectl --context "$CTX" get namespace "$NS" >/dev/null 2>&1; then
              kubectl --context "$CTX" create namespace "$NS" ${DRY}
            fi
            """))
        #expect(text?.contains("apply") == false)
        // The name itself can split: no lookup can name it, so no rewrite.
        let (byName, unnamed) = try Self.plan("kubectl create secret generic $S --from-literal=a=b")
        #expect(byName.contains { $0.message.contains("no safe rewrite") })
        #expect(unnamed == nil)
        // Scope flags between the verb and the kind are copied; array flags stop the render.
        let (_, scoped) = try Self.plan("kubectl create -n \"$NS\" configmap c \"${ARGS[@]}\"")
        #expect(scoped?.contains("if ! kubectl get configmap c -n \"$NS\" >/dev/null 2>&1; then") == true, "\(scoped ?? "")")
    }

    // MARK: 3. exit status read by the script

    @Test func createsWhoseStatusIsTestedAreReportedOnly() throws {
        let logic = [
            "if kubectl create namespace p; then\n  echo first\nfi",
            "kubectl create namespace p && seed_once",
            "until kubectl create namespace p; do sleep 5; done",
            "if ! kubectl create -f ns.yaml; then echo there; fi",
            "if helm install api ./chart; then echo new; fi",
            "kubectl create -n \"$NS\" -f - <<YAML && echo ok && seed\nkind: Namespace\nYAML",
            "gcloud pubsub topics create t && echo made",
            "while ! k3d cluster create dev; do sleep 1; done",
        ]
        for body in logic {
            let (findings, text) = try Self.plan(body)
            #expect(!findings.isEmpty, "\(body)")
            #expect(findings.allSatisfy { $0.message.contains("no safe rewrite") }, "\(body): \(findings.map(\.message))")
            #expect(text == nil, "\(body) was rewritten:\n\(text ?? "")")
        }
        // Tolerance and stop handlers keep their rewrites, and so does a log after `&&`.
        #expect(try Self.plan("kubectl create sa b -n x 2>/dev/null && echo \"sa ok\"").text?.contains("apply -f - && echo") == true)
        #expect(try Self.plan("kubectl create namespace p || true").text?.contains("apply -f -") == true)
        #expect(try Self.plan("kubectl create namespace p || exit 1").text?.contains("apply -f - || exit 1") == true)
    }

    @Test func statusIsLogicReadsTheShape() {
        let script = ShellReader.read("""
            if a; then b; fi
            c && d
            e || true
            ! f
            while g; do h; done
            for i in 1; do j; done
            k
            """)
        var byName: [String: Bool] = [:]
        for c in script.commands where byName[c.name ?? ""] == nil { byName[c.name ?? ""] = CreateShape.statusIsLogic(c, in: script) }
        #expect(byName["a"] == true && byName["b"] == false)
        #expect(byName["c"] == true && byName["d"] == false)
        let logged = ShellReader.read("m && echo made")
        #expect(CreateShape.statusIsLogic(logged.commands[0], in: logged) == false)
        #expect(byName["e"] == false && byName["f"] == true)
        #expect(byName["g"] == true && byName["h"] == false)
        #expect(byName["j"] == false && byName["k"] == false)
    }

    // MARK: 4. parent flags on the describe

    @Test func describeKeepsParentFlags() throws {
        let cases: [(String, String)] = [
            ("gcloud sql databases create ledger --instance=ledger-pg", "gcloud sql databases describe ledger --instance=ledger-pg"),
            ("gcloud sql users create u -i ledger-pg --password=x", "gcloud sql users describe u -i ledger-pg"),
            ("gcloud spanner databases create orders --instance main", "gcloud spanner databases describe orders --instance main"),
            ("gcloud bigtable instances tables create events --instance bt --column-families=cf",
             "gcloud bigtable instances tables describe events --instance bt"),
            ("gcloud alloydb instances create p --cluster c --region r --instance-type=PRIMARY",
             "gcloud alloydb instances describe p --cluster c --region r"),
            // An attribute only create takes stays out of the describe.
            ("gcloud pubsub subscriptions create s --topic t", "gcloud pubsub subscriptions describe s"),
        ]
        for (line, describe) in cases {
            let text = try #require(try Self.plan(line).text, "\(line)")
            #expect(text.contains("if ! \(describe) >/dev/null 2>&1; then\n"), "\(line) ->\n\(text)")
        }
    }
}
