import Foundation
@testable import InfraEngine

/// A case's "Run check" (its EXPECTED.md section), read as data: every `$S/twice.sh`
/// invocation it gives, parsed by bash itself (the section's code runs in the sandbox with a
/// `twice.sh` that only records its arguments), so quoting, `\` continuations, `$PWD` and
/// loops read exactly as a person's shell reads them.
struct TwiceInvocation: Equatable {
    /// `--once`: one run instead of two.
    var once = false
    /// `--state D`: invocations naming the same D share one double state (and tree).
    var state: String?
    /// The folder it runs from (`.`, `ai/infra`, `/tmp`).
    var folder: String
    /// The bash command line.
    var command: String
    /// NAME=value pairs, in order.
    var env: [(String, String)]

    static func == (a: TwiceInvocation, b: TwiceInvocation) -> Bool {
        a.once == b.once && a.state == b.state && a.folder == b.folder && a.command == b.command
            && a.env.map { "\($0.0)=\($0.1)" } == b.env.map { "\($0.0)=\($0.1)" }
    }

    /// The stubs' knobs (cases/README.md) as the doubles spell them (docs/rehearsal.md).
    static let knobs = ["STUB_FAIL": "INFRA_TUI_DOUBLE_FAIL", "STUB_GCLOUD_CONFIG_PROJECT": "INFRA_TUI_DOUBLE_GCLOUD_PROJECT",
                        "STUB_KUBE_CONTEXT": "INFRA_TUI_DOUBLE_KUBE_CONTEXT"]

    /// The environment for the rehearsal: the pairs, knobs renamed.
    var environment: [String: String] {
        var out: [String: String] = [:]
        for (name, value) in env { out[Self.knobs[name] ?? name] = value }
        return out
    }
}

enum RunCheckSection {
    /// The "## Run check" section of EXPECTED.md, or nil.
    static func section(_ expected: String) -> String? {
        guard let start = expected.range(of: "## Run check") else { return nil }
        let rest = expected[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// The pieces of shell that mention `$S/twice.sh`, in order: indented code blocks (four
    /// spaces or more) and inline code spans.
    static func snippets(_ section: String) -> [String] {
        var out: [String] = []
        var block: [String] = []
        func flush() {
            if !block.isEmpty { out.append(block.joined(separator: "\n")) }
            block = []
        }
        for line in section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("    "), !line.trimmingCharacters(in: .whitespaces).isEmpty {
                block.append(line)
                continue
            }
            flush()
            let spans = line.split(separator: "`", omittingEmptySubsequences: false)
            for (i, span) in spans.enumerated() where i % 2 == 1 { out.append(String(span)) }
        }
        flush()
        return out.filter { $0.contains("$S/twice.sh") }
    }

    /// Every invocation of the section, as bash runs its snippets from `tree` (inside the
    /// sandbox: the tree read-only, nothing else on PATH, so the snippets' other commands
    /// change nothing).
    static func invocations(_ section: String, tree: String, sandbox: Sandbox) throws -> [TwiceInvocation] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("runcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("bin"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let record = scratch.appendingPathComponent("record").path
        let recorder = scratch.appendingPathComponent("bin/twice.sh")
        try Data("#!/bin/bash\n{ printf '%s\\0' \"$@\"; printf '\\036'; } >> \"$RECORD\"\n".utf8).write(to: recorder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: recorder.path)
        // The section's shell only records its calls here, but under a full parallel test run
        // bwrap can take longer to start than a task's 30 s limit allows (a killed run recorded
        // nothing and the case read as having no invocations): give it room, and say so if
        // even that runs out.
        var reading = sandbox
        reading.limits.wallSeconds = max(sandbox.limits.wallSeconds, 300)
        for snippet in snippets(section) {
            let run = reading.run(["/bin/bash", "-c", snippet], writable: [scratch.path], readOnly: [tree], workingDirectory: tree,
                                  environment: ["S": scratch.appendingPathComponent("bin").path, "PATH": "/nonexistent",
                                                "RECORD": record, "HOME": scratch.path])
            if run.timedOut { throw RunCheckReadError(snippet: snippet, seconds: run.seconds) }
        }
        let data = (try? Data(contentsOf: URL(fileURLWithPath: record))) ?? Data()
        return data.split(separator: 0x1E).map { call in
            var words = call.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if words.last == "" { words.removeLast() }
            var inv = TwiceInvocation(folder: ".", command: "", env: [])
            while let first = words.first, first.hasPrefix("--") {
                words.removeFirst()
                if first == "--once" { inv.once = true }
                if first == "--state", !words.isEmpty { inv.state = words.removeFirst() }
            }
            if !words.isEmpty { inv.folder = words.removeFirst() }
            if !words.isEmpty { inv.command = words.removeFirst() }
            inv.env = words.compactMap { w in w.firstIndex(of: "=").map { (String(w[..<$0]), String(w[w.index(after: $0)...])) } }
            return inv
        }
    }
}

/// A Run check section's shell did not finish within the reading's limit.
struct RunCheckReadError: Error, CustomStringConvertible {
    let snippet: String
    let seconds: Double
    var description: String { "reading the Run check timed out after \(Int(seconds)) s: \(snippet)" }
}
