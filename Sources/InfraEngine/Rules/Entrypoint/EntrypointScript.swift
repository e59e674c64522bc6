/// The canonical init script. It discovers the numbered tasks (never a hand-kept list),
/// checks the required environment before anything runs, logs each task, and offers
/// `--list`, `--only`, `--from` and `--dry-run`.
enum EntrypointScript {
    static let marker = "(managed by infra-tui)"
    static let requiredEnvPrefix = "REQUIRED_ENV=("

    /// - Parameters:
    ///   - path: repository path of the entrypoint (`ai/infra/init.sh`)
    ///   - tasksDir, library: repository paths
    ///   - requiredEnv: variables the tasks read from the environment
    static func text(path: String, tasksDir: String, library: String, requiredEnv: [String]) -> String {
        let folder = parentFolder(path)
        let tasksRel = relativePath(from: folder, to: tasksDir + "/x").dropLast(2)
        let tasksExpr = tasksRel.isEmpty ? "$INFRA_DIR" : "$INFRA_DIR/\(tasksRel)"
        let libRel = relativePath(from: folder, to: library)
        return """
        #!/usr/bin/env bash
        # The one entrypoint that initialises this infrastructure \(marker).
        # Tasks are discovered from \(tasksRel.isEmpty ? "" : tasksRel + "/")[0-9]*.sh and run in order; nobody keeps a list by hand.
        # Each task's output is logged to logs/<task>.log.
        set -Eeuo pipefail

        INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
        TASKS_DIR="\(tasksExpr)"
        LOG_DIR="${INFRA_LOG_DIR:-$INFRA_DIR/logs}"
        # shellcheck source=\(libRel)
        source "$INFRA_DIR/\(libRel)"

        # Every variable a task reads from the environment; checked before any task runs.
        \(requiredEnvLine(requiredEnv))

        usage() {
          cat <<'USAGE'
        Usage: \(path) [--list] [--only TASK] [--from TASK] [--dry-run]

        Runs every numbered task in order, logging each to logs/TASK.log.
          --list         print the tasks in the order they run, and exit
          --only TASK    run just TASK (its number or name, e.g. 045 or 045-dns-zone)
          --from TASK    run TASK and every task after it
          --dry-run      check the environment and print what would run; run nothing
          -h, --help     show this help
        USAGE
        }

        discover_tasks() {
          local f
          for f in "$TASKS_DIR"/[0-9]*.sh; do
            [ -e "$f" ] && basename "$f" .sh
          done | LC_ALL=C sort
        }

        # A task matches by its full name or by its number.
        matches() { [ "$1" = "${2%.sh}" ] || [ "${1%%[-_]*}" = "${2%.sh}" ]; }

        only="" from="" dry_run=0 list=0
        while [ $# -gt 0 ]; do
          case "$1" in
            --list) list=1 ;;
            --only) [ $# -ge 2 ] || die "--only needs a task"; only="$2"; shift ;;
            --from) [ $# -ge 2 ] || die "--from needs a task"; from="$2"; shift ;;
            --dry-run) dry_run=1 ;;
            -h|--help) usage; exit 0 ;;
            *) usage >&2; die "unknown argument: $1" ;;
          esac
          shift
        done

        mapfile -t tasks < <(discover_tasks)
        [ "${#tasks[@]}" -gt 0 ] || die "no tasks found in $TASKS_DIR"

        if [ "$list" = 1 ]; then
          printf '%s\\n' "${tasks[@]}"
          exit 0
        fi

        selected=()
        started=0
        for t in "${tasks[@]}"; do
          if [ -n "$only" ]; then
            if matches "$t" "$only"; then selected+=("$t"); fi
          elif [ -n "$from" ]; then
            if matches "$t" "$from"; then started=1; fi
            if [ "$started" = 1 ]; then selected+=("$t"); fi
          else
            selected+=("$t")
          fi
        done
        [ "${#selected[@]}" -gt 0 ] || die "no task matches '${only:-$from}' (see --list)"

        missing=()
        for v in "${REQUIRED_ENV[@]}"; do
          [ -n "${!v:-}" ] || missing+=("$v")
        done
        if [ "$dry_run" = 1 ]; then
          log "dry run: would run ${selected[*]}"
        fi
        if [ "${#missing[@]}" -gt 0 ]; then
          die "missing required environment: ${missing[*]}"
        fi
        if [ "$dry_run" = 1 ]; then
          log "dry run: environment complete; nothing was run"
          exit 0
        fi

        mkdir -p "$LOG_DIR"
        for t in "${selected[@]}"; do
          log "==> $t (log: $LOG_DIR/$t.log)"
          if ! bash "$TASKS_DIR/$t.sh" 2>&1 | tee "$LOG_DIR/$t.log"; then
            die "task $t failed; see $LOG_DIR/$t.log, then resume with --from $t"
          fi
        done
        log "all ${#selected[@]} tasks done"

        """
    }

    static func requiredEnvLine(_ names: [String]) -> String {
        requiredEnvPrefix + names.sorted().joined(separator: " ") + ")"
    }

    /// A runner kept for habit's sake: it hands every argument to the entrypoint.
    static func wrapper(runner: String, entrypoint: String) -> String {
        let rel = relativePath(from: parentFolder(runner), to: entrypoint)
        return """
        #!/usr/bin/env bash
        # Kept so existing habits keep working: every run goes through \(entrypoint).
        # Arguments are passed on (see \(entrypoint) --help).
        set -euo pipefail
        exec "$(dirname "${BASH_SOURCE[0]}")/\(rel)" "$@"

        """
    }
}
