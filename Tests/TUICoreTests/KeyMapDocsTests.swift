import Foundation
import Testing
@testable import TUICore

/// Keys are defined once (`KeyMap`): the dispatch, the help screen and docs/ui.md's key table
/// all come from it. `UPDATE_DOCS=1 swift test --filter KeyMapDocsTests` rewrites the table.
@Suite struct KeyMapDocsTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/ui.md")
    static let begin = "<!-- keys:begin (written from KeyMap; UPDATE_DOCS=1 swift test --filter KeyMapDocsTests) -->\n"
    static let end = "<!-- keys:end -->"

    @Test func docsKeyTableIsTheKeyMap() throws {
        var text = try String(contentsOf: Self.docs, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "docs/ui.md has no keys:begin mark")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex), "docs/ui.md has no keys:end mark")
        let table = String(text[start.upperBound..<stop.lowerBound])
        if ProcessInfo.processInfo.environment["UPDATE_DOCS"] == "1" {
            text.replaceSubrange(start.upperBound..<stop.lowerBound, with: KeyMap.markdown)
            try text.write(to: Self.docs, atomically: true, encoding: .utf8)
            return
        }
        #expect(table == KeyMap.markdown, "docs/ui.md's key table drifted from KeyMap: UPDATE_DOCS=1 swift test --filter KeyMapDocsTests")
    }

    @Test func everyKeyHasOneActionAndEveryActionAKey() {
        var seen: [Key: KeyAction] = [:]
        for (_, bindings) in KeyMap.sections {
            for b in bindings {
                for key in b.keys {
                    #expect(seen[key] == nil, "\(key) is bound to \(seen[key].map(\.rawValue) ?? "") and \(b.action.rawValue)")
                    seen[key] = b.action
                }
            }
        }
        #expect(Set(seen.values) == Set(KeyAction.allCases))
        // The help screen lists every binding.
        let help = KeyMap.helpLines.map { $0.spans.map(\.0).joined() }.joined(separator: "\n")
        for (_, bindings) in KeyMap.sections { for b in bindings { #expect(help.contains(b.description)) } }
    }
}
