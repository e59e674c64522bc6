import Foundation
@testable import TestDoubles

/// One rehearsal's world in process: a state, an environment and a working folder.
final class World {
    var state = DoubleState()
    var env: [String: String]
    let dir: String

    init(env: [String: String] = [:]) {
        self.env = env
        dir = NSTemporaryDirectory() + "doubles-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// Runs a command line split on spaces (use `call` for words with spaces).
    @discardableResult
    func run(_ line: String, stdin: String? = nil) -> Outcome {
        let words = line.split(separator: " ").map(String.init)
        return call(words[0], Array(words.dropFirst()), stdin: stdin)
    }

    @discardableResult
    func call(_ tool: String, _ args: [String], stdin: String? = nil) -> Outcome {
        Doubles.execute(Invocation(tool: tool, args: args, environment: env, cwd: dir, stdin: stdin), state: &state)
    }

    func write(_ path: String, _ text: String) {
        let full = dir + "/" + path
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: dir + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }
}
