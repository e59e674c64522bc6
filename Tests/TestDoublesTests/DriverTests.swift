import Foundation
import Testing
@testable import TestDoubles

/// The state folder: state.json, calls.jsonl, the FAIL knob, records.
@Suite struct DriverTests {
    func folder() -> String {
        let f = NSTemporaryDirectory() + "doubles-state-\(UUID().uuidString)"
        return f
    }

    @Test func callsAreRecordedInOrderWithClassResourceAndMessage() throws {
        let f = folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        let inv = { (line: String) in Invocation(tool: "gcloud", args: line.split(separator: " ").map(String.init), cwd: "/") }
        _ = Doubles.call(inv("compute networks create n --project p"), folder: f, run: "1", script: "ai/infra/tasks/010-network.sh")
        _ = Doubles.call(inv("compute networks create n --project p"), folder: f, run: "2", script: nil)
        _ = Doubles.call(inv("compute networks describe m --project p"), folder: f, run: "2", script: nil)
        let calls = CallLog.read(folder: URL(fileURLWithPath: f))
        #expect(calls.map(\.seq) == [1, 2, 3])
        #expect(calls[0] == DoubleCall(seq: 1, run: "1", tool: "gcloud", args: ["compute", "networks", "create", "n", "--project", "p"],
                                       callClass: .create, rc: 0, script: "ai/infra/tasks/010-network.sh",
                                       resource: "gcloud compute networks n project=p global", message: nil))
        #expect(calls[1].rc == 1 && calls[1].message?.contains("'projects/p/global/networks/n' already exists") == true)
        #expect(calls[2].callClass == .probe && calls[2].message?.hasPrefix("ERROR: (gcloud.compute.networks.describe) Could not fetch resource: - The resource") == true)
        // The JSON has the contract's field names.
        let line = try String(contentsOfFile: f + "/calls.jsonl", encoding: .utf8).split(separator: "\n")[0]
        #expect(line.contains("\"class\":\"create\"") && line.contains("\"seq\":1") && line.contains("\"run\":\"1\""))
    }

    @Test func anInjectedFailureExitsOneKeepsTheClassAndChangesNothing() {
        let f = folder()
        defer { try? FileManager.default.removeItem(atPath: f) }
        let inv = Invocation(tool: "kubectl", args: ["-n", "a", "create", "secret", "generic", "s", "--from-literal=k=v"],
                             environment: ["INFRA_TUI_DOUBLE_FAIL": "create secret"], cwd: "/")
        let (out, rec) = Doubles.call(inv, folder: f, run: "1", script: nil)
        #expect(out.rc == 1 && out.stderr.contains("injected failure"))
        #expect(rec.callClass == .create && rec.resource == "kubectl secret a/s")
        var clean = inv
        clean.environment = [:]
        #expect(Doubles.call(clean, folder: f, run: "1", script: nil).0.rc == 0)
    }

    @Test func scriptsAreRecordedRelativeToTheRoot() {
        #expect(Doubles.findScript(env: ["INFRA_TUI_DOUBLE_TASK": "/w/tree/ai/infra/tasks/010.sh", "INFRA_TUI_DOUBLE_ROOT": "/w/tree/"], cwd: "/")
                == "ai/infra/tasks/010.sh")
        #expect(Doubles.findScript(env: ["INFRA_TUI_DOUBLE_TASK": "/elsewhere/x.sh", "INFRA_TUI_DOUBLE_ROOT": "/w/tree"], cwd: "/") == "/elsewhere/x.sh")
    }

    @Test func stdinIsReadOnlyForManifestsAndDataFromDash() {
        #expect(Doubles.readsStdin(tool: "kubectl", args: ["apply", "-f", "-"]))
        #expect(Doubles.readsStdin(tool: "kubectl", args: ["apply", "--filename=-"]))
        #expect(Doubles.readsStdin(tool: "gcloud", args: ["secrets", "create", "s", "--data-file=-"]))
        #expect(Doubles.readsStdin(tool: "helm", args: ["upgrade", "--install", "x", "c", "-f", "-"]))
        #expect(!Doubles.readsStdin(tool: "kubectl", args: ["apply", "-f", "x.yaml"]))
        #expect(!Doubles.readsStdin(tool: "gcloud", args: ["compute", "networks", "create", "-"]))
    }
}
