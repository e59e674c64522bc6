import Foundation
import Testing
@testable import TUICore

/// Whole-screen comparison: text and the style of every cell. With TUI_RECORD=1 a mismatch
/// writes the actual screen to /tmp/tui-goldens/NAME.txt (Tests/record-tui-goldens.py
/// turns those into the Swift files under Screens/), so goldens are reviewed, never hand-typed.
func expectScreen(_ grid: ScreenGrid, _ name: String, _ golden: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = grid.dump
    if actual != golden, ProcessInfo.processInfo.environment["TUI_RECORD"] == "1" {
        let dir = URL(fileURLWithPath: "/tmp/tui-goldens")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: dir.appendingPathComponent("\(name).txt"))
    }
    #expect(actual == golden, "screen \(name) differs (TUI_RECORD=1 to record)", sourceLocation: sourceLocation)
}
enum Goldens {}
