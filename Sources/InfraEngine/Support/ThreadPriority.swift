import Foundation

/// The calling thread's scheduling priority.
enum ThreadPriority {
    /// Lowers the calling thread's priority for the rest of its life: on Linux the nice value
    /// is a thread's own, and `setpriority(PRIO_PROCESS, 0, n)` sets the caller's
    /// (setpriority(2), "Bugs"). Raising it again needs privileges, so call it only on a
    /// thread of one's own. Elsewhere, and where the call fails, nothing changes.
    static func lower() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    /// Puts the calling thread in Linux's SCHED_IDLE class for the rest of its life (sched(7)):
    /// it runs only when no thread of normal priority wants the core. Leaving the class again
    /// needs privileges, and on a busy machine such a thread may not run for a long time, so
    /// use it only for work someone else can take over (`BackgroundFindings`). Elsewhere, and
    /// where the call fails, `lower()`'s nice value is all it gets.
    static func idle() {
        lower()
        #if os(Linux)
        var param = sched_param()
        _ = sched_setscheduler(0, 5, &param)  // SCHED_IDLE (<linux/sched.h>; Glibc does not import it)
        #endif
    }
}
