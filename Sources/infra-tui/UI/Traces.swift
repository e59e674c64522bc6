import Foundation
import Synchronization

/// `INFRA_TUI_TRACE_FIRST_FRAME=FILE`: when the UI has painted its first frame (curses
/// refreshed), write to FILE how long that took, for `Bench/ui.sh`. Three clocks, one a line:
/// `since_process_start_ms` (from the kernel's start time of this process, /proc/self/stat,
/// which counts in 10 ms ticks, so it reads up to 10 ms high), `since_main_ms` (from the first
/// line of `main`, so without loading the binary and its libraries) and `realtime_ns` (the wall
/// clock at the paint, for a caller that noted the time just before exec).
enum FirstFrameTrace {
    private static let mainStarted = Atomic<UInt64>(0)
    private static let written = Atomic<Bool>(false)

    /// The first thing `main` does.
    static func start() { mainStarted.store(nanos(CLOCK_MONOTONIC), ordering: .relaxed) }

    /// Called after each paint; writes once, and only when asked to.
    static func painted() {
        guard !written.load(ordering: .relaxed) else { return }
        written.store(true, ordering: .relaxed)
        guard let path = ProcessInfo.processInfo.environment["INFRA_TUI_TRACE_FIRST_FRAME"], !path.isEmpty else { return }
        let sinceMain = Double(nanos(CLOCK_MONOTONIC) - mainStarted.load(ordering: .relaxed)) / 1e6
        var lines = ["since_main_ms=\(String(format: "%.1f", sinceMain))", "realtime_ns=\(nanos(CLOCK_REALTIME))"]
        if let ticks = processStartTicks() {
            let started = Double(ticks) * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
            lines.insert("since_process_start_ms=\(String(format: "%.1f", Double(nanos(CLOCK_BOOTTIME)) / 1e6 - started))", at: 0)
        }
        try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    private static func nanos(_ clock: clockid_t) -> UInt64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Field 22 of /proc/self/stat: when the process started, in clock ticks since boot.
    private static func processStartTicks() -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let paren = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name start at field 3 (the state).
        let fields = stat[stat.index(after: paren)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}

/// `INFRA_TUI_TRACE_FRAMES=FILE`: one line per frame the key loop paints, for `Bench/ui.sh`:
/// how many events (keys, results) it handled, the time to update and render them, and the
/// time to paint (curses). A wake-up's whole cost is what a held key must stay under.
final class FrameTrace {
    private let file: FileHandle

    init?() {
        guard let path = ProcessInfo.processInfo.environment["INFRA_TUI_TRACE_FRAMES"], !path.isEmpty,
              FileManager.default.createFile(atPath: path, contents: nil),
              let file = FileHandle(forWritingAtPath: path) else { return nil }
        self.file = file
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    func record(events: Int, started: UInt64, rendered: UInt64) {
        let done = Self.now()
        let ms = { (a: UInt64, b: UInt64) in String(format: "%.3f", Double(b - a) / 1e6) }
        file.write(Data("events=\(events) update_render_ms=\(ms(started, rendered)) paint_ms=\(ms(rendered, done))\n".utf8))
    }
}
