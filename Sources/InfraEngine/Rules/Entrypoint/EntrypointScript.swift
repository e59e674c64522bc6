/// The canonical init script. It discovers the numbered tasks (never a hand-kept list),
/// checks the required environment before anything runs, logs each task, and offers
/// `--list`, `--only`, `--from` and `--dry-run`.
enum EntrypointScript {
    static let marker = "(managed by infra-tui)"
    static let requiredEnvPrefix = "REQUIRED_ENV=("
    static let teardownPrefix = "TEARDOWN_TASKS=("
    static let argumentsPrefix = "ARGUMENT_TASKS=("
    static let selfLoggingPrefix = "SELF_LOGGING_TASKS=("
    static let libraryReadsPrefix = "LIBRARY_READS=("

    /// What the generated script needs to know about the tree.
    struct Inputs: Equatable {
        /// Repository path of the entrypoint (`ai/infra/init.sh`).
        var path: String
        var tasksDir: String
        /// Repository path of the library it sources.
        var library: String
        /// Variables the tasks read from the environment.
        var requiredEnv: [String]
        /// Tasks left out of a full run and `--from`; run only by `--only`, after confirmation.
        var teardown: [String] = []
        /// Tasks that need positional arguments; run only by `--only NAME -- ARGS`.
        var needArguments: [String] = []
        /// Tasks that capture their own output into the log folder: not teed again.
        var selfLogging: [String] = []
        /// The library's log and die helpers; nil when it has none of that kind: the script
        /// then keeps a small private one of its own (`_init_log`/`_init_die`), so no library
        /// is appended to, or created, only for the entrypoint.
        var log: String?
        var die: String?
        /// Whether the script sources the library (it exists, or an earlier operation creates it).
        var sourcesLibrary = true
        /// The library exists but is not sourced (`EntrypointInputs.sourceable`): it runs commands
        /// or checks the environment when it loads, which `--help`, `--list` and `--dry-run` must not.
        var libraryLeftOut = false
        /// Repository path of the folder the runners run the tasks from (`cd "$(dirname "$0")"`
        /// before `bash tasks/*.sh`); nil when they run them from wherever they were started.
        /// Tasks with relative paths (`-f helm/values.yaml`) rely on it.
        var workingDir: String? = nil
        /// Defaults the runners gave the tasks (`: "${ZONE:=us-central1-a}"`, exported): kept,
        /// a value from the environment still wins.
        var defaults: [Default] = []
        /// `FUNCTION:NAME` for each required name a library function reads: `--only TASK`
        /// checks it when TASK calls that function (the brk13 tester's s13: `log` reads $RUN_LOG).
        var libraryReads: [String] = []
    }

    struct Default: Equatable {
        let name: String
        /// As written inside `${NAME:-...}`.
        let value: String
    }

    static let privateLog = "_init_log"
    static let privateDie = "_init_die"

    /// The private helpers the script defines for what the library lacks.
    static func privateHelpers(_ i: Inputs) -> [String] {
        var out: [String] = []
        if i.log == nil { out.append("\(privateLog)() { printf '[%s] %s\\n' \"$(date +%H:%M:%S)\" \"$*\"; }") }
        if i.die == nil { out.append("\(privateDie)() { printf 'error: %s\\n' \"$*\" >&2; exit 1; }") }
        return out
    }

    /// The managed list lines, in the order they appear in the script.
    static func listLines(_ i: Inputs) -> [(prefix: String, line: String)] {
        [(requiredEnvPrefix, requiredEnvLine(i.requiredEnv)),
         (teardownPrefix, listLine(teardownPrefix, i.teardown)),
         (argumentsPrefix, listLine(argumentsPrefix, i.needArguments)),
         (selfLoggingPrefix, listLine(selfLoggingPrefix, i.selfLogging)),
         (libraryReadsPrefix, listLine(libraryReadsPrefix, i.libraryReads))]
    }

    static func listLine(_ prefix: String, _ names: [String]) -> String {
        prefix + names.sorted().joined(separator: " ") + ")"
    }

    static func text(path: String, tasksDir: String, library: String, requiredEnv: [String]) -> String {
        text(Inputs(path: path, tasksDir: tasksDir, library: library, requiredEnv: requiredEnv))
    }

    static func text(_ i: Inputs) -> String {
        let folder = parentFolder(i.path)
        let tasksRel = relativePath(from: folder, to: repoPath(i.tasksDir, "x")).dropLast(2)
        let tasksExpr = tasksRel.isEmpty ? "$INFRA_DIR" : "$INFRA_DIR/\(tasksRel)"
        let libRel = relativePath(from: folder, to: i.library)
        let log = i.log ?? privateLog, die = i.die ?? privateDie
        let lists = listLines(i).map(\.line)
        var preamble: [String] = []
        if !i.defaults.isEmpty {
            preamble += ["# Defaults the runner gave the tasks; a value in the environment wins."]
                + i.defaults.map { "\($0.name)=\"${\($0.name):-\($0.value)}\"" }
                + ["export \(i.defaults.map(\.name).joined(separator: " "))"]
        }
        if let dir = i.workingDir {
            let rel = relativePath(from: folder, to: repoPath(dir, "x")).dropLast(2)
            preamble += ["# The folder the tasks run from, as the runner that ran them before set it (their relative paths count on it).",
                         "WORK_DIR=\"\(rel.isEmpty ? "$INFRA_DIR" : "$INFRA_DIR/\(rel)")\""]
        }
        let runIt = i.workingDir == nil ? "bash \"$TASKS_DIR/$t.sh\" \"$@\"" : "(cd \"$WORK_DIR\" && bash \"$TASKS_DIR/$t.sh\" \"$@\")"
        if i.sourcesLibrary { preamble += ["# shellcheck source=\(libRel)", "source \"$INFRA_DIR/\(libRel)\""] }
        let own = privateHelpers(i)
        if !own.isEmpty {
            preamble += ["# This script's own log/stop helpers (\(i.sourcesLibrary ? "the library has none to reuse" : i.libraryLeftOut ? "the library is not sourced: loading it, or its helpers, could stop this script before its own checks" : "no library to take them from"))."] + own
        }
        return """
        #!/usr/bin/env bash
        # The one entrypoint that initialises this infrastructure \(marker).
        # Tasks are discovered from \(tasksRel.isEmpty ? "" : tasksRel + "/")[0-9]*.sh and run in order; nobody keeps a list by hand.
        # Each task's output is logged to logs/<task>.log (tasks that log themselves are not teed again).
        # Teardown tasks and tasks that need arguments are never part of a full run.
        set -Eeuo pipefail

        INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
        TASKS_DIR="\(tasksExpr)"
        LOG_DIR="${INFRA_LOG_DIR:-$INFRA_DIR/logs}"
        \(preamble.joined(separator: "\n"))

        # Every variable a task reads from the environment; checked before any task runs.
        \(lists[0])
        # Tasks that remove what the others build: only with --only NAME, after confirmation (or --yes).
        \(lists[1])
        # Tasks that need arguments: only with --only NAME -- ARGS.
        \(lists[2])
        # Tasks that capture their own output into logs/: not teed into the same file again.
        \(lists[3])
        # Library functions and the variables they read: --only TASK checks those of the functions TASK calls.
        \(lists[4])

        usage() {
          cat <<'USAGE'
        Usage: \(i.path) [--list] [--only TASK [-- ARGS...]] [--from TASK] [--dry-run] [--yes]

        Runs every numbered task in order, logging each to logs/TASK.log. Teardown tasks
        and tasks that need arguments run only when named with --only.
          --list         print the tasks in the order they run (and those run only by name), and exit
          --only TASK    run just TASK (its number or name, e.g. 045 or 045-dns-zone);
                         arguments after -- are passed to it
          --from TASK    run TASK and every task after it
          --dry-run      check the environment and print what would run; run nothing
          --yes          run a teardown task without asking
          -h, --help     show this help
        USAGE
        }

        # Only regular, readable text files run: a FIFO named like a task would block bash
        # forever, and a binary one would fail half-way. Each one skipped is said on stderr.
        discover_tasks() {
          local f why
          for f in "$TASKS_DIR"/[0-9]*.sh; do
            [ -e "$f" ] || [ -L "$f" ] || continue
            why=""
            if [ -L "$f" ] && [ ! -e "$f" ]; then why="a link to nothing"
            elif [ -p "$f" ]; then why="a FIFO, not a regular file"
            elif [ ! -f "$f" ]; then why="not a regular file"
            elif [ ! -r "$f" ]; then why="not readable"
            elif [ -s "$f" ] && ! LC_ALL=C grep -qI '' "$f"; then why="not text (a binary file)"
            fi
            if [ -n "$why" ]; then
              printf '%s: \(skipNote) %s: %s\\n' "${0##*/}" "${f##*/}" "$why" >&2
              continue
            fi
            basename "$f" .sh
          done | LC_ALL=C sort
        }

        # A task matches by its full name or by its number.
        matches() { [ "$1" = "${2%.sh}" ] || [ "${1%%[-_]*}" = "${2%.sh}" ]; }
        # Whether task $1 is one of the names that follow.
        listed() {
          local t="$1" n
          shift
          for n in "$@"; do [ "$t" = "$n" ] && return 0; done
          return 1
        }
        is_teardown() { listed "$1" ${TEARDOWN_TASKS[@]+"${TEARDOWN_TASKS[@]}"}; }
        needs_arguments() { listed "$1" ${ARGUMENT_TASKS[@]+"${ARGUMENT_TASKS[@]}"}; }
        logs_itself() { listed "$1" ${SELF_LOGGING_TASKS[@]+"${SELF_LOGGING_TASKS[@]}"}; }
        # Whether task $2 reads variable $1: it names it, or calls a library function that reads it.
        task_reads() {
          local f="$TASKS_DIR/$2.sh" pair
          grep -qw -- "$1" "$f" && return 0
          for pair in ${LIBRARY_READS[@]+"${LIBRARY_READS[@]}"}; do
            [ "${pair#*:}" = "$1" ] && grep -qw -- "${pair%%:*}" "$f" && return 0
          done
          return 1
        }

        only="" from="" dry_run=0 list=0 yes=0
        task_args=()
        while [ $# -gt 0 ]; do
          case "$1" in
            --list) list=1 ;;
            --only) [ $# -ge 2 ] || \(die) "--only needs a task"; only="$2"; shift ;;
            --from) [ $# -ge 2 ] || \(die) "--from needs a task"; from="$2"; shift ;;
            --dry-run) dry_run=1 ;;
            --yes) yes=1 ;;
            --) shift; task_args=("$@"); break ;;
            -h|--help) usage; exit 0 ;;
            *) usage >&2; \(die) "unknown argument: $1" ;;
          esac
          shift
        done

        mapfile -t tasks < <(discover_tasks)
        [ "${#tasks[@]}" -gt 0 ] || \(die) "no tasks found in $TASKS_DIR"

        if [ "$list" = 1 ]; then
          for t in "${tasks[@]}"; do
            if ! is_teardown "$t" && ! needs_arguments "$t"; then printf '%s\\n' "$t"; fi
          done
          for t in "${tasks[@]}"; do
            if is_teardown "$t"; then printf '%s  (teardown: runs only with --only %s)\\n' "$t" "$t"; fi
            if needs_arguments "$t"; then printf '%s  (needs arguments: --only %s -- ARGS)\\n' "$t" "$t"; fi
          done
          exit 0
        fi
        [ -z "$only" ] && [ "${#task_args[@]}" -gt 0 ] && \(die) "arguments after -- go with --only TASK"

        selected=()
        held=()
        started=0
        for t in "${tasks[@]}"; do
          if [ -n "$only" ]; then
            if matches "$t" "$only"; then selected+=("$t"); fi
            continue
          fi
          if [ -n "$from" ] && matches "$t" "$from"; then started=1; fi
          if [ -n "$from" ] && [ "$started" = 0 ]; then continue; fi
          if is_teardown "$t"; then continue; fi
          if needs_arguments "$t"; then held+=("$t"); continue; fi
          selected+=("$t")
        done
        [ "${#selected[@]}" -gt 0 ] || \(die) "no task matches '${only:-$from}' (see --list)"
        if [ -n "$only" ] && needs_arguments "${selected[0]}" && [ "${#task_args[@]}" -eq 0 ]; then
          \(die) "${selected[0]} needs arguments: --only ${selected[0]} -- ARGS (see its usage line)"
        fi

        # A run of one task needs only the variables that task reads (itself or through the library).
        missing=()
        for v in ${REQUIRED_ENV[@]+"${REQUIRED_ENV[@]}"}; do
          if [ -n "$only" ] && ! task_reads "$v" "${selected[0]}"; then continue; fi
          [ -n "${!v:-}" ] || missing+=("$v")
        done
        if [ "$dry_run" = 1 ]; then
          \(log) "dry run: would run ${selected[*]}"
        fi
        if [ "${#missing[@]}" -gt 0 ]; then
          \(die) "missing required environment: ${missing[*]}"
        fi
        if [ "$dry_run" = 1 ]; then
          \(log) "dry run: environment complete; nothing was run"
          exit 0
        fi
        if [ -n "$only" ] && is_teardown "${selected[0]}" && [ "$yes" = 0 ]; then
          [ -t 0 ] || \(die) "${selected[0]} is a teardown task: pass --yes to run it without a terminal"
          read -r -p "${selected[0]} removes what the other tasks build. Type its name to go on: " answer
          [ "$answer" = "${selected[0]}" ] || \(die) "not confirmed; nothing was run"
        fi

        run_task() {
          local t="$1"
          shift
          if logs_itself "$t"; then
            \(runIt)
          else
            \(runIt) 2>&1 | tee "$LOG_DIR/$t.log"
          fi
        }

        mkdir -p "$LOG_DIR"
        for t in "${selected[@]}"; do
          \(log) "==> $t (log: $LOG_DIR/$t.log)"
          if ! run_task "$t" ${task_args[@]+"${task_args[@]}"}; then
            \(die) "task $t failed; see $LOG_DIR/$t.log, then resume with --from $t"
          fi
        done
        \(log) "all ${#selected[@]} tasks done"
        for t in ${held[@]+"${held[@]}"}; do
          \(log) "not run: $t needs arguments (--only $t -- ARGS)"
        done

        """
    }

    /// The word the generated discovery prints for a file named like a task that it does not
    /// run (a FIFO, a binary file, a link to nothing); its presence marks an entrypoint that checks.
    static let skipNote = "skipped"

    static func requiredEnvLine(_ names: [String]) -> String {
        requiredEnvPrefix + names.sorted().joined(separator: " ") + ")"
    }

    /// A runner kept for habit's sake: it hands every argument to the entrypoint; a
    /// runner of one task (`step.sh NAME`) hands its argument over as `--only NAME`.
    /// `posix`: the runner is a `#!/bin/sh` script or the docs run it with `sh`, so it stays
    /// plain POSIX sh (no `pipefail`, no `BASH_SOURCE`, no arrays): `sh run.sh` keeps working.
    /// `forwardsArguments`: false for a runner that never read its positional parameters
    /// (`Runner.readsArguments`): whatever its callers pass (a Makefile's `./run.sh $(ENV)`,
    /// CI's `./run.sh --ci`) it ignored, and the entrypoint, which rejects words it does not
    /// know, must not get them either (brk14 item 4).
    static func wrapper(runner: String, entrypoint: String, oneTask: Bool = false, options: RunnerOptions? = nil, posix: Bool = false,
                        forwardsArguments: Bool = true) -> String {
        let rel = relativePath(from: parentFolder(runner), to: entrypoint)
        let name = String(fileName(runner))
        let here = posix ? "$(dirname \"$0\")" : "$(dirname \"${BASH_SOURCE[0]}\")"
        let shebang = posix ? "#!/bin/sh" : "#!/usr/bin/env bash"
        let strict = posix ? "set -eu" : "set -euo pipefail"
        if let options {
            // Its own spellings keep working; anything else goes to the entrypoint as it is.
            let arms = options.translation(posix: posix).joined(separator: "\n")
            if posix {
                // The arguments are rebuilt in place: each one is taken off the front and
                // what it stands for is put at the back.
                return """
                \(shebang)
                # Kept so existing habits keep working: every run goes through \(entrypoint).
                # Its options are the entrypoint's, under the names people know (see \(entrypoint) --help).
                \(strict)
                n=$#
                while [ "$n" -gt 0 ]; do
                  case "$1" in
                \(arms)
                    *) set -- "$@" "$1" ;;
                  esac
                  shift
                  n=$((n - 1))
                done
                exec "\(here)/\(rel)" "$@"

                """
            }
            return """
            \(shebang)
            # Kept so existing habits keep working: every run goes through \(entrypoint).
            # Its options are the entrypoint's, under the names people know (see \(entrypoint) --help).
            \(strict)
            args=()
            while [ $# -gt 0 ]; do
              case "$1" in
            \(arms)
                *) args+=("$1") ;;
              esac
              shift
            done
            exec "\(here)/\(rel)" ${args[@]+"${args[@]}"}

            """
        }
        let call = oneTask
            ? "[ $# -ge 1 ] || { echo \"usage: \(name) TASK [ARGS...]\" >&2; exit 2; }\ntask=\"$1\"\nshift\n"
                + "exec \"\(here)/\(rel)\" --only \"$task\" ${1+-- \"$@\"}"
            : forwardsArguments ? "exec \"\(here)/\(rel)\" \"$@\"" : "exec \"\(here)/\(rel)\""
        let about = forwardsArguments || oneTask
            ? "# Arguments are passed on (see \(entrypoint) --help)."
            : "# It never read its arguments, so any given are ignored, as before (run \(entrypoint) itself for its options)."
        return """
        \(shebang)
        # Kept so existing habits keep working: every run goes through \(entrypoint).
        \(about)
        \(strict)
        \(call)

        """
    }
}
