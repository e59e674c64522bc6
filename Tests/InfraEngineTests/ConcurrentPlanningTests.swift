import Foundation
import Synchronization
import Testing
@testable import InfraEngine

/// The plan's per-task loops run on every core (`concurrentMap`, issue 12): the results must
/// come back in the elements' order, each element transformed once, whatever the threads'
/// interleaving; the caches' lock must exclude; and a plan must be the same bytes every time.
@Suite struct ConcurrentPlanningTests {
    @Test(arguments: [0, 1, 2, 7, 1_000])
    func concurrentMapIsMapInOrder(count: Int) {
        let input = Array(0..<count)
        let calls = Atomic<Int>(0)
        for threads in [1, 2, 4, 8] {
            calls.store(0, ordering: .relaxed)
            let out = input.concurrentMap(threads: threads) { (n: Int) -> String in
                calls.wrappingAdd(1, ordering: .relaxed)
                // Uneven work, so the threads take elements out of step.
                if n % 3 == 0 { for _ in 0..<(n % 50) * 100 { _ = Int.random(in: 0...1) } }
                return "v\(n)"
            }
            #expect(out == input.map { "v\($0)" }, "\(threads) threads")
            #expect(calls.load(ordering: .relaxed) == count, "each element once with \(threads) threads")
        }
    }

    @Test func spinLockExcludes() {
        final class Counter: @unchecked Sendable {
            let lock = SpinLock()
            var value = 0
        }
        let counter = Counter()
        // More threads than this machine's cores, so holders lose their core while others wait.
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<20_000 {
                counter.lock.lock()
                counter.value += 1
                counter.lock.unlock()
            }
        }
        #expect(counter.value == 160_000)
    }

    /// A scaffolding large enough that every parallel loop splits it (tasks through a
    /// library's wrappers, unguarded creates, unchecked variables, missing files, manifests):
    /// three plans in one process, each with its own cache, give the same bytes.
    @Test func aPlanIsTheSameBytesEveryTime() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/lib/helpers.sh", "log() { echo \"$*\"; }\ndie() { echo \"$*\" >&2; exit 1; }\n"
                       + "gq() { gcloud --quiet --project \"$PROJECT_ID\" \"$@\"; }\nkc() { kubectl --context \"${KUBE_CONTEXT:-x}\" \"$@\"; }\n")
        for i in 1...160 {
            var lines = ["#!/bin/bash"]
            if i % 4 != 0 { lines.append("set -euo pipefail") }
            lines.append(i % 2 == 0 ? "source \"$(dirname \"$0\")/../lib/helpers.sh\"" : "log() { echo \"[\(i)] $*\"; }")
            lines.append("log \"step \(i)\"")
            switch i % 5 {
            case 0: lines.append("gq compute networks create net-\(i) --subnet-mode=custom")
            case 1: lines.append("gcloud container clusters create c-\(i) --zone \"$ZONE\" --project \"$PROJECT_ID\"")
            case 2: lines.append("kubectl apply -f \"$(dirname \"$0\")/../manifests/missing-\(i).yaml\"")
            case 3: lines.append("echo \"$REGION_\(i % 3)\"")
            default: lines.append("kc apply -f \"$(dirname \"$0\")/../manifests/app-\(i % 20).yaml\"")
            }
            try repo.write(String(format: "ai/infra/tasks/%04d-step-%d.sh", i, i), lines.joined(separator: "\n") + "\n", executable: true)
        }
        for i in 0..<20 {
            try repo.write("ai/infra/manifests/app-\(i).yaml",
                           "apiVersion: v1\nkind: Service\nmetadata:\n  name: app-\(i)\nspec:\n  selector:\n    app: app-\(i)\n"
                           + "  ports:\n    - port: 80\n      targetPort: http\n")
        }
        try repo.write("README.md", "# infra\n\nRun `./ai/infra/tasks/0001-step-1.sh` first.\n")
        try repo.commitAll("scaffolding")
        let options = PlanOptions()
        let plans = try (0..<3).map { _ in PlanJSON.encode(try Planner.plan(root: repo.root, options: options)) }
        #expect(!(try Planner.plan(root: repo.root, options: options)).operations.isEmpty)
        #expect(plans[1] == plans[0])
        #expect(plans[2] == plans[0])
    }
}
