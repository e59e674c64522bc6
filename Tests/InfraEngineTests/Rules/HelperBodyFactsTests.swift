import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// `HelperReplacement.exits` and `streams` read a helper's normalised body by hand (they are
/// asked for every copy of every helper in every view); each case is also read with the
/// regular expression and Foundation string calls they replaced, and both must agree.
@Suite struct HelperBodyFactsTests {
    static let bodies = [
        "echo \"[x] $*\"",
        "echo \"error: $*\" >&2; exit 1",
        "printf '%s\\n' \"$*\" >&2",
        "echo \"$*\" >/dev/stderr && exit 2",
        "[ -n \"$1\" ] || exit",
        "{ echo fatal; exit 3; }",
        "(exit 1)",
        "local exit_code=$?; echo \"$exit_code\"",
        "trap 'cleanup' EXIT; cat \"$1\"",
        "rc=$?;exit",
        "echo done&&exit 0",
        "true || echo \"fallback\" | tee -a log.txt",
        "log \"calls another helper\"",
        "cat <<EOF\nusage\nEOF",
        "",
    ]

    static func function(_ body: String) throws -> ShellFunction {
        let script = ShellReader.read("f() {\n\(body)\n}\n")
        return try #require(script.functions.first)
    }

    @Test(arguments: bodies) func exitsReadsLikeThePattern(_ body: String) throws {
        let fn = try Self.function(body)
        let pattern = fn.normalizedBody.range(of: #"(^|[\s;{&|(])exit($|[\s;}])"#, options: .regularExpression) != nil
        #expect(HelperReplacement.exits(fn) == pattern, "\(fn.normalizedBody)")
    }

    @Test(arguments: bodies) func streamsReadLikeTheStringCalls(_ body: String) throws {
        let fn = try Self.function(body)
        var expected: Set<HelperReplacement.Stream> = []
        for segment in fn.normalizedBody.replacingOccurrences(of: "&&", with: ";").replacingOccurrences(of: "||", with: ";")
            .split(separator: ";") {
            let words = segment.split(separator: " ").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "{}()")) }
            guard words.contains(where: { ["echo", "printf", "cat"].contains($0) }) else { continue }
            expected.insert(segment.contains(">&2") || segment.contains("/dev/stderr") ? .stderr : .stdout)
        }
        #expect(HelperReplacement.streams(fn) == expected, "\(fn.normalizedBody)")
    }

    @Test func segmentsSplitOnListOperatorsOnly() {
        #expect(HelperReplacement.listSegments("a; b&&c || d").map(String.init) == ["a", " b", "c ", " d"])
        #expect(HelperReplacement.listSegments("x | y & z").map(String.init) == ["x | y & z"])
        #expect(HelperReplacement.listSegments(";;a&&&b|||c").map(String.init) == ["a", "&b", "|c"])
        #expect(HelperReplacement.listSegments("").isEmpty)
    }

    @Test func exitAsAWordOnly() throws {
        #expect(try HelperReplacement.exits(Self.function("echo bye; exit 1")))
        #expect(try !HelperReplacement.exits(Self.function("echo \"$exit_code\"")))
        #expect(try !HelperReplacement.exits(Self.function("trap cleanup EXIT")))
        #expect(try !HelperReplacement.exits(Self.function("exiting=1")))
    }
}
