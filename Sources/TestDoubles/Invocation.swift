import Foundation

/// One call to a double: who was called, with what, from where.
public struct Invocation: Sendable {
    public var tool: String
    public var args: [String]
    /// The caller's environment (the knobs and CLOUDSDK_* are read from here).
    public var environment: [String: String]
    /// The caller's working directory; relative paths are resolved against it.
    public var cwd: String
    /// Standard input, read before the state lock when the call reads a manifest or data from `-`.
    public var stdin: String?

    public init(tool: String, args: [String], environment: [String: String] = [:], cwd: String = "/", stdin: String? = nil) {
        self.tool = tool
        self.args = args
        self.environment = environment
        self.cwd = cwd
        self.stdin = stdin
    }

    func env(_ name: String) -> String? {
        guard let v = environment[name], !v.isEmpty else { return nil }
        return v
    }

    /// `path` made absolute against the caller's working directory.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home = env("HOME") { return home + path.dropFirst(1) }
        return (cwd.hasSuffix("/") ? cwd : cwd + "/") + path
    }

    func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: resolve(path))
    }

    func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: resolve(path), isDirectory: &dir) && dir.boolValue
    }

    func readFile(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: resolve(path)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    func readData(_ path: String) -> Data? {
        FileManager.default.contents(atPath: resolve(path))
    }
}

/// What a call did: exit status, class, identity and what it printed.
public struct Outcome: Sendable {
    public var rc: Int32 = 0
    public var callClass: CallClass = .other
    public var resource: String?
    public var stdout = ""
    public var stderr = ""

    public init(rc: Int32 = 0, callClass: CallClass = .other, resource: String? = nil) {
        self.rc = rc
        self.callClass = callClass
        self.resource = resource
    }

    mutating func out(_ text: String) {
        stdout += text
        if !text.isEmpty && !text.hasSuffix("\n") { stdout += "\n" }
    }

    mutating func err(_ text: String) {
        stderr += text
        if !text.hasSuffix("\n") { stderr += "\n" }
    }

    /// Fails with `rc` and one stderr message.
    mutating func fail(_ rc: Int32, _ message: String) {
        self.rc = rc
        err(message)
    }
}

/// A tool's behaviour: reads and changes `state`, prints into the outcome.
/// `effects` is false when the call is only classified (an injected failure): no files are written.
struct ToolContext {
    var inv: Invocation
    var state: DoubleState
    var outcome = Outcome()
    var effects = true

    init(_ inv: Invocation, state: DoubleState, effects: Bool = true) {
        self.inv = inv
        self.state = state
        self.effects = effects
    }
}

/// Small deterministic numbers from text (plausible IPs, ids), stable across runs.
func stableHash(_ s: String) -> UInt32 {
    var h: UInt32 = 2166136261
    for b in s.utf8 { h = (h ^ UInt32(b)) &* 16777619 }
    return h
}

func plausibleIP(_ seed: String, internal isInternal: Bool = false) -> String {
    let h = stableHash(seed)
    if isInternal { return "10.\(h % 200 + 10).\((h >> 8) % 250).\((h >> 16) % 250 + 2)" }
    return "203.0.113.\(h % 250 + 2)"
}
