import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Creates run through another command, piped or captured are reported and never
/// rewritten (`RerunAnalysis.hiddenCreates`); guarded ones and messages are left alone.
@Suite struct HiddenCreatesTests {
    static func plan(_ body: String) throws -> (findings: [Finding], text: String?) {
        try CreateShapeTests.plan(body)
    }

    @Test func hiddenCreatesAreReportedWithoutARewrite() throws {
        let cases: [(String, String)] = [
            ("sudo -E kubectl --kubeconfig /etc/k.yaml create namespace edge", "through `sudo`"),
            ("retry() { local n=$1; shift; \"$@\"; }\nretry 3 kubectl --context w1 create namespace apps", "through `retry`"),
            ("kubectl create namespace \"$NS\" 2>&1 | tee -a \"$LOG\"", "in a pipeline"),
            ("SA_REF=$(kubectl create serviceaccount runner -n \"$NS\" -o name)", "inside `$( )`"),
            ("run() { if [[ $DRY == 1 ]]; then echo \"+ $*\"; else \"$@\"; fi; }\ncase \"$1\" in\n  up) run gcloud compute networks create n ;;\nesac", "through `run`"),
        ]
        for (body, how) in cases {
            let (findings, text) = try Self.plan(body)
            #expect(findings.count == 1, "\(body): \(findings.map(\.message))")
            #expect(findings.first?.message.contains(how) == true, "\(body): \(findings.map(\.message))")
            #expect(findings.first?.message.contains("no safe rewrite") == true)
            #expect(text == nil, "\(body) was rewritten")
        }
    }

    /// `kubectl create -n NS -f - <<YAML`: the file form after other flags is applied.
    @Test func fileFormAfterFlagsIsApplied() throws {
        let (findings, text) = try Self.plan("kubectl create -n \"$NS\" -f - <<YAML\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nYAML")
        #expect(findings.count == 1)
        #expect(text?.contains("kubectl apply -n \"$NS\" -f - <<YAML\napiVersion: v1\n") == true, "\(text ?? "")")
    }

    @Test func guardedOrHarmlessShapesAreNotReported() throws {
        let quiet = [
            "if ! kubectl get ns edge >/dev/null 2>&1; then\n  sudo -E kubectl create namespace edge\nfi",
            "kubectl get ns apps >/dev/null 2>&1 || retry 3 kubectl create namespace apps",
            "echo kubectl create namespace apps",
            "sudo -E kubectl apply -f ns.yaml",
            "X=$(kubectl create namespace apps --dry-run=client -o yaml)",
            "kubectl delete sa r --ignore-not-found\nREF=$(kubectl create sa r -o name)",
        ]
        for body in quiet {
            let (findings, _) = try Self.plan(body)
            #expect(findings.isEmpty, "\(body): \(findings.map(\.message))")
        }
    }
}
