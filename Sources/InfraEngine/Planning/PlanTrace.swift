import Foundation

/// Where a plan's time goes, one line per phase and per rule on stderr, when
/// `INFRA_TUI_TRACE_PLAN` is set: on a repository where planning is slow, it names the rule.
/// Costs one environment lookup when off.
public enum PlanTrace {
    public static let enabled = !(ProcessInfo.processInfo.environment["INFRA_TUI_TRACE_PLAN"] ?? "").isEmpty
    /// `INFRA_TUI_TRACE_PLAN=makes`: also the CPU time each purpose's values took to make
    /// (`CacheMisses.counted`). Apart, because reading a thread's clock around every make slows
    /// the plan the trace is timing.
    static let timesMakes = ProcessInfo.processInfo.environment["INFRA_TUI_TRACE_PLAN"] == "makes"
    private static let origin = DispatchTime.now().uptimeNanoseconds

    /// Sets the time the trace counts from; `main` calls it first.
    public static func start() { _ = origin }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// `at 123.4 ms  what`, one write per line so threads do not interleave within a line.
    public static func mark(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        let line = String(format: "infra-tui trace: at %7.1f ms  ", Double(now() - origin) / 1e6) + what() + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Milliseconds from one `now()` reading to another (or to now), for a mark.
    static func ms(since start: UInt64, to end: UInt64 = now()) -> String { String(format: "%.1f ms", Double(end - start) / 1e6) }

    /// CPU time of the calling thread so far (user and system, `getrusage(RUSAGE_THREAD)`; Glibc does not import the constant, 1),
    /// then how long it waited for a core (`threadWaited`), for a mark: the planner's own
    /// thread, apart from the findings and validation beside it.
    static var threadCPU: String {
        var usage = rusage()
        guard getrusage(__rusage_who_t(1), &usage) == 0 else { return "?" }
        let seconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return String(format: "%.1f ms", seconds * 1000) + threadWaited
    }

    /// `, waited N ms for a core`: how long the calling thread was ready to run but not
    /// running (the second field of Linux's /proc/thread-self/schedstat, in ns); empty where
    /// the kernel does not say.
    private static var threadWaited: String {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/schedstat", encoding: .utf8) else { return "" }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let waited = Double(fields[1]) else { return "" }
        return String(format: ", waited %.1f ms for a core", waited / 1e6)
    }
}
