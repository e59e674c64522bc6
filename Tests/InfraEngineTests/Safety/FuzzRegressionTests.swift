import Foundation
import PatchKit
import ShellReader
import Testing
@testable import InfraEngine

/// Replays the fuzz seeds and every input a fuzz run ever crashed on (Fuzz/corpus,
/// Fuzz/crashes) through the same properties the libFuzzer targets check.
@Suite struct FuzzRegressionTests {
    static func inputs(_ target: String) -> [URL] {
        let fuzz = Fixtures.packageRoot.appendingPathComponent("Fuzz")
        return ["corpus", "crashes"].flatMap { kind -> [URL] in
            let dir = fuzz.appendingPathComponent("\(kind)/\(target)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
        }
    }

    @Test func shellReader() throws {
        let files = Self.inputs("shell")
        #expect(!files.isEmpty)
        for url in files {
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            let s = ShellReader.read(text)
            for c in s.commands {
                #expect(c.startLine >= 1 && c.startLine <= c.endLine && c.endLine <= s.lines.count, "\(url.lastPathComponent)")
                #expect(c.endOffset <= text.utf8.count)
            }
        }
    }

    @Test func patches() throws {
        for url in Self.inputs("patch") {
            let bytes = [UInt8](try Data(contentsOf: url))
            if let patches = try? PatchParser.parse(String(decoding: bytes, as: UTF8.self)) {
                for p in patches { _ = try? PatchApplier.apply(p, to: "a\nb\nc\n") }
            }
            guard let nul = bytes.firstIndex(of: 0) else { continue }
            let old = String(decoding: bytes[..<nul], as: UTF8.self)
            let new = String(decoding: bytes[(nul + 1)...], as: UTF8.self)
            guard old != new else { continue }
            let patch = UnifiedDiff.filePatch(path: "f", old: old, new: new, oldMode: .regular, newMode: .regular,
                                              oldBlob: String(repeating: "a", count: 40), newBlob: String(repeating: "b", count: 40))
            #expect(try PatchApplier.apply(patch, to: old) == new, "\(url.lastPathComponent)")
            #expect(try PatchParser.parse(UnifiedDiff.render(patch)) == [patch])
        }
    }

    @Test func opsBlocks() throws {
        let files = Self.inputs("ops")
        #expect(!files.isEmpty)
        for url in files {
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            guard let block = try? OpsBlockText.parse(text) else { continue }
            let rendered = OpsBlockText.render(block)
            #expect(try OpsBlockText.parse(rendered) == block, "\(url.lastPathComponent)")
        }
    }
}
