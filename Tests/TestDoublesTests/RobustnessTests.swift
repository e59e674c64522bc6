import Foundation
import Testing
@testable import TestDoubles

/// Odd command lines never crash a double (a trap would look like a script failing).
@Suite struct RobustnessTests {
    @Test func randomCommandLinesNeverTrap() {
        let words = ["create", "delete", "describe", "get", "apply", "-f", "-", "-k", ".", "-n", "ns", "--namespace=x",
                     "--zone", "--region", "us-central1", "us-central1-c", "--global", "--project", "p", "--project=",
                     "--format", "value(address)", "-o", "jsonpath={", "jsonpath={.a[", "yaml", "name", "secret", "generic",
                     "tls", "x", "gs://", "@", "a@b", "container", "clusters", "compute", "networks", "iam",
                     "service-accounts", "install", "upgrade", "--install", "repo", "add", "status", "uninstall",
                     "cluster", "registry", "--name", "--", "=", "--from-literal", "k", "--from-file=", "-it", "--dry-run",
                     "--dry-run=server", "config", "current-context", "use-context", "rollout", "restart", "wait", "label",
                     "a=b", "-l", "app=x", "--all", "node-pools", "--cluster", "services", "enable", "projects",
                     "add-iam-policy-binding", "--member", "serviceAccount:x@p.iam.gserviceaccount.com", "set", "kustomize",
                     "-O", "-w", "%{http_code}", "secrets", "versions", "add", "--data-file=-", "keys", "--iam-account", ""]
        var rng = SystemRandomNumberGenerator()
        let w = World()
        for i in 0..<3000 {
            let tool = (Doubles.allTools + ["other"])[i % (Doubles.allTools.count + 1)]
            let n = Int.random(in: 0...8, using: &rng)
            let args = (0..<n).map { _ in words.randomElement(using: &rng)! }
            let out = w.call(tool, args, stdin: Bool.random(using: &rng) ? "kind: Namespace\nmetadata:\n  name: n\n" : ":\n- [")
            #expect(out.rc >= 0 && out.rc < 128, "\(tool) \(args)")
        }
    }
}
