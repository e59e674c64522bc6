import Foundation

/// Every step of every run of one rehearsal in one sandbox: a small bash driver runs the
/// steps in order, each from its folder with stdin on /dev/null, under coreutils `timeout`
/// (the wall-time limit, per step: the step's process group is signalled, then killed) and
/// `dd` (the output limit: past it the pipe closes and the script stops), its output
/// kept in a file of its own. A process a step leaves running goes on, as on a person's
/// machine, while the next step runs; it ends with the sandbox. Starting bubblewrap, the limits' shell and the process group
/// once instead of once a step is most of what rehearsing costs beyond the scripts
/// themselves (Bench/rehearsal.sh).
///
/// The doubles tell the steps' calls apart by the run label, `RUN.STEP` (INFRA_TUI_DOUBLE_RUN);
/// `calls(_:)` gives each step its calls back with the run alone, as a per-step sandbox
/// recorded them.
enum StepBatch {
    /// `timeout` inside the sandbox (the root is the host's, read-only), or nil: then each step
    /// gets a sandbox of its own.
    static let timeout: String? = ["/usr/bin/timeout", "/bin/timeout"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The label of step `index` (from 0) of run `run`.
    static func label(run: Int, index: Int) -> String { "\(run).\(index)" }

    /// The driver: `steps` run `runs` times over, in order, in `area`.
    static func script(_ steps: [RehearsalStep], runs: ClosedRange<Int>, area: RehearsalArea, limits: Sandbox.Limits, timeout: String) -> String {
        let out = shellQuote(outputs(area).path)
        var s = """
        # infra-tui rehearsal: every step of every run, in order, in this one sandbox.
        # A FIFO held open at both ends: each step's output copier says on it that it is done.
        mkfifo \(out)/done && exec 9<>\(out)/done
        step() {
          local label=$1 folder=$2 said
          shift 2
          export INFRA_TUI_DOUBLE_RUN=$label
          local start=$EPOCHREALTIME
          # Output through dd (it writes as it reads; head would keep it in a buffer while a
          # process the step left running holds the pipe): past the limit the pipe closes and
          # the step stops. Not waited for as a pipeline is, for that same process.
          # fd 9 is closed in the step (it is the driver's), kept in the copier, which is
          # started after the subshell's own redirections and says on it when it is done.
          ( exec 9<&-; cd "$folder" && exec \(shellQuote(timeout)) --verbose --kill-after=1 \(SpawnedRun.format(limits.wallSeconds)) "$@" ) </dev/null \\
            > >(dd iflag=count_bytes count=\(limits.outputBytes + 1) status=none of=\(out)/"$label.out"; echo "$label" >&9) 2>&1
          local rc=$?
          printf '%s %s %s\\n' "$rc" "$start" "$EPOCHREALTIME" > \(out)/"$label.rc"
          # The output of a step that ended is all in within a moment, unless something it
          # left running still writes; then the next step starts anyway (after 1 s).
          while read -rt 1 -u 9 said && [[ $said != "$label" ]]; do :; done
        }

        """
        for run in runs {
            for (i, step) in steps.enumerated() {
                let words = [label(run: run, index: i), area.folder(step.folder)] + step.argv
                s += "step " + words.map(shellQuote).joined(separator: " ") + "\n"
            }
        }
        return s
    }

    /// Where the steps' outputs and statuses are kept (inside the state folder, writable).
    static func outputs(_ area: RehearsalArea) -> URL { area.state.appendingPathComponent("steps") }

    /// How step `label` ended, read back as a per-step sandbox reports it: a step that met the
    /// time limit says so (timeout's own line taken out), output past the limit is cut.
    static func result(_ label: String, area: RehearsalArea, limits: Sandbox.Limits) -> Sandbox.Run {
        let folder = outputs(area)
        guard let status = try? String(contentsOf: folder.appendingPathComponent(label + ".rc"), encoding: .utf8) else {
            return Sandbox.Run(status: 127, output: "[rehearsal: the step did not run: the sandbox stopped before it]\n")
        }
        let fields = status.split(separator: " ").map(String.init)
        var data = (try? Data(contentsOf: folder.appendingPathComponent(label + ".out"))) ?? Data()
        let cut = data.count > limits.outputBytes
        if cut { data = data.prefix(limits.outputBytes) }
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        // timeout's own line (--verbose), named by the path it was started by.
        let mark = (timeout ?? "timeout") + ": sending signal "
        let timedOut = lines.contains { $0.hasPrefix(mark) }
        lines.removeAll { $0.hasPrefix(mark) }
        var run = Sandbox.Run(status: Int32(fields.first ?? "") ?? 127, output: lines.joined(separator: "\n"))
        run.timedOut = timedOut
        run.outputCut = cut
        if fields.count == 3, let start = Double(fields[1]), let end = Double(fields[2]) { run.seconds = max(0, end - start) }
        if timedOut { run.output += "\n[rehearsal: killed after \(SpawnedRun.format(limits.wallSeconds)) s, the wall-time limit]\n" }
        if cut { run.output += "\n[rehearsal: output cut at \(limits.outputBytes) bytes; the script was stopped]\n" }
        return run
    }

    /// The calls of step `label`, labelled with the run alone.
    static func calls(_ all: [RecordedCall], label: String, run: Int) -> [RecordedCall] {
        all.filter { $0.run == label }.map { call in
            var c = call
            c.run = String(run)
            return c
        }
    }
}
