import CMalloc

/// How the process's heap grows (issue 12, speed). A plan allocates a few hundred megabytes
/// over its run on several threads. glibc gives each thread but the main one an arena of its
/// own, and such an arena grows its heap a page at a time, one `mprotect` per step: about
/// 16,500 calls on the 1,000-task bench, some 9% of the process's CPU (`strace -c -f`,
/// `perf stat -e task-clock`). With a top pad of 64 MiB a new heap is made readable whole
/// (glibc `alloc_new_heap`: size + top pad is capped at the heap's 64 MiB maximum) and the
/// main arena's `brk` moves in 64 MiB steps. Address space only: a page costs memory when
/// it is first written, as before.
public enum HeapGrowth {
    /// Sets glibc's `M_TOP_PAD` to 64 MiB (`CMalloc`'s shim; a no-op without glibc). Call once,
    /// before the threads that allocate start (an arena made earlier keeps growing by pages
    /// until its next heap).
    public static func configure() {
        _ = infra_heap_top_pad(64 << 20)
    }
}
