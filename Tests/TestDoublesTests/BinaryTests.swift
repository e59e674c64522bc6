import Foundation
import Testing
@testable import TestDoubles

/// The built `infra-tui-double`, linked under the tools' names and called from bash.
enum DoubleBinary {
    /// INFRA_TUI_DOUBLE_BIN, else next to INFRA_TUI_BIN (as `make test` sets it), else .build/debug.
    static var path: String? {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let b = env["INFRA_TUI_DOUBLE_BIN"] { candidates.append(b) }
        if let b = env["INFRA_TUI_BIN"] { candidates.append((b as NSString).deletingLastPathComponent + "/infra-tui-double") }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/infra-tui-double").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var available: Bool { path != nil }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs `bash -c script` in `cwd` with the links first on PATH.
    static func bash(_ script: String, cwd: String, env: [String: String]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        p.environment = env
        // Output to files: no pipe to drain concurrently.
        let base = NSTemporaryDirectory() + "doubles-out-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: base + ".out", contents: nil)
        FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let outData = FileManager.default.contents(atPath: base + ".out") ?? Data()
        let errData = FileManager.default.contents(atPath: base + ".err") ?? Data()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite(.enabled(if: DoubleBinary.available, "needs the built infra-tui-double (swift build)"))
struct BinaryTests {
    let root: String
    let bin: String
    let state: String
    var env: [String: String]

    init() throws {
        root = NSTemporaryDirectory() + "doubles-bin-\(UUID().uuidString)"
        bin = root + "/bin"
        state = root + "/state"
        try FileManager.default.createDirectory(atPath: root + "/tree/tasks", withIntermediateDirectories: true)
        let exe = DoubleBinary.path!
        let install = try DoubleBinary.bash("'\(exe)' --install '\(bin)'", cwd: root, env: [:])
        #expect(install.status == 0, "\(install.stderr)")
        env = ["PATH": bin + ":/usr/bin:/bin", "INFRA_TUI_DOUBLE_STATE": state, "INFRA_TUI_DOUBLE_RUN": "1",
               "INFRA_TUI_DOUBLE_ROOT": root + "/tree", "HOME": root]
    }

    func write(_ path: String, _ text: String) {
        FileManager.default.createFile(atPath: root + "/tree/" + path, contents: Data(text.utf8))
    }

    @Test func installLinksEveryToolToTheBinary() throws {
        for tool in Doubles.allTools {
            let dest = try FileManager.default.destinationOfSymbolicLink(atPath: bin + "/" + tool)
            #expect(FileManager.default.isExecutableFile(atPath: dest), "\(tool)")
        }
        try? FileManager.default.removeItem(atPath: root)
    }

    @Test func aScriptRunTwiceFailsItsUnguardedCreateAndIsNamedInTheRecords() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        write("tasks/010-network.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            gcloud compute networks create inv-net --subnet-mode auto --project "$P"
            kubectl create namespace inv --dry-run=client -o yaml | kubectl apply -f -
            """)
        var e = env
        e["P"] = "demo"
        let first = try DoubleBinary.bash("bash tasks/010-network.sh", cwd: root + "/tree", env: e)
        #expect(first.status == 0, "\(first.stderr)")
        e["INFRA_TUI_DOUBLE_RUN"] = "2"
        let second = try DoubleBinary.bash("bash tasks/010-network.sh", cwd: root + "/tree", env: e)
        #expect(second.status == 1)
        #expect(second.stderr.contains("already exists"))
        let calls = CallLog.read(folder: URL(fileURLWithPath: state))
        #expect(calls.map(\.seq) == [1, 2, 3, 4])
        #expect(calls.map(\.run) == ["1", "1", "1", "2"])
        #expect(calls.map(\.callClass) == [.create, .read, .apply, .create])
        #expect(calls.allSatisfy { $0.script == "tasks/010-network.sh" }, "\(calls.map(\.script))")
        #expect(calls[2].resource == "kubectl namespace inv")
        #expect(calls[3].rc == 1 && calls[3].message?.contains("already exists") == true)
    }

    @Test func concurrentCallsAreAllRecordedOnce() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let script = (1...12).map { "gcloud pubsub topics create t\($0) --project p &" }.joined(separator: "\n") + "\nwait"
        let r = try DoubleBinary.bash(script, cwd: root, env: env)
        #expect(r.status == 0, "\(r.stderr)")
        let calls = CallLog.read(folder: URL(fileURLWithPath: state))
        #expect(calls.map(\.seq).sorted() == Array(1...12))
        #expect(Set(calls.compactMap(\.resource)).count == 12)
        let st = try JSONDecoder().decode(DoubleState.self, from: Data(contentsOf: URL(fileURLWithPath: state + "/state.json")))
        #expect(st.resources.count == 12)
    }

    @Test func notFoundIsRecordedAsUnmodelled() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try DoubleBinary.bash("'\(DoubleBinary.path!)' --not-found yq -r .a x.yaml", cwd: root, env: env)
        #expect(r.status == 127 && r.stderr == "bash: yq: command not found\n")
        let call = CallLog.read(folder: URL(fileURLWithPath: state)).first
        #expect(call?.callClass == .unmodelled && call?.rc == 127 && call?.tool == "yq" && call?.args == ["-r", ".a", "x.yaml"])
    }

    @Test func badUsageExitsTwo() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let exe = DoubleBinary.path!
        #expect(try DoubleBinary.bash("'\(exe)'", cwd: root, env: env).status == 2)
        #expect(try DoubleBinary.bash("'\(exe)' --install", cwd: root, env: env).status == 2)
        var noState = env
        noState["INFRA_TUI_DOUBLE_STATE"] = nil
        let r = try DoubleBinary.bash("gcloud compute networks list", cwd: root, env: noState)
        #expect(r.status == 2 && r.stderr.contains("INFRA_TUI_DOUBLE_STATE"))
    }
}
