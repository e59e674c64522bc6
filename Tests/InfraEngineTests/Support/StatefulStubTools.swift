import Foundation
@testable import InfraEngine

/// Stand-ins for gcloud, kubectl and helm that remember what they created: `describe` fails
/// until the thing exists, a second `create`/`install` fails with "already exists", and the
/// idempotent forms always succeed. Running a task twice against them shows whether it is
/// safe to re-run.
struct StatefulStubTools {
    let folder: URL
    var state: URL { folder.appendingPathComponent("state") }
    var log: URL { folder.appendingPathComponent("calls.log") }

    init(in folder: URL) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("home"), withIntermediateDirectories: true)
        let common = """
            #!/bin/bash
            # Key of a resource: the words before the verb plus the name after it (an e-mail
            # reduced to its account id, so describe and create agree).
            echo "$(basename "$0") $*" >> "\(log.path)"
            key() { local k="$1"; k="${k%%@*}"; printf '%s' "$k" | tr -c 'A-Za-z0-9._-' '_'; }
            state="\(state.path)"

            """
        let gcloud = common + """
            prefix="" verb="" name=""
            for a in "$@"; do
              if [ -z "$verb" ]; then
                case "$a" in
                  create|create-auto|describe) verb="$a" ;;
                  -*) ;;
                  *) prefix="$prefix $a" ;;
                esac
              elif [ -z "$name" ]; then name="$a"; fi
            done
            f="$state/gcloud-$(key "$prefix")-$(key "$name")"
            case "$verb" in
              describe) [ -e "$f" ] || { echo "ERROR: (gcloud) NOT_FOUND: $name" >&2; exit 1; } ;;
              create|create-auto)
                if [ -e "$f" ]; then echo "ERROR: (gcloud) ALREADY_EXISTS: $name already exists" >&2; exit 1; fi
                touch "$f" ;;
            esac
            exit 0

            """
        let kubectl = common + """
            args=" $* "
            case "$args" in
              *" --dry-run"*) echo "kind: Stub"; exit 0 ;;
              *" -f - "*) cat >/dev/null; exit 0 ;;
              *" apply "*) exit 0 ;;
              *" create "*)
                f="$state/kubectl-$(key "$*")"
                if [ -e "$f" ]; then echo "Error from server (AlreadyExists): already exists" >&2; exit 1; fi
                touch "$f" ;;
            esac
            exit 0

            """
        let helm = common + """
            if [ "${1:-}" = install ]; then
              f="$state/helm-$(key "$2")"
              if [ -e "$f" ]; then echo "Error: INSTALLATION FAILED: cannot re-use a name that is still in use" >&2; exit 1; fi
              touch "$f"
            fi
            exit 0

            """
        for (tool, script) in [("gcloud", gcloud), ("kubectl", kubectl), ("helm", helm)] {
            let url = folder.appendingPathComponent(tool)
            try Data(script.utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
    }

    /// PATH with the stubs first, and `values` for every name (others get a plausible value).
    func environment(required: Set<String>, _ values: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [:]
        let defaults = ["ZONE": "europe-west1-b", "REGION": "europe-west1", "DOMAIN": "shop.example.com",
                        "ACME_EMAIL": "ops@example.com", "GATEWAY_IP": "203.0.113.10"]
        for name in required { env[name] = values[name] ?? defaults[name] ?? "stub-\(name.lowercased())" }
        for (k, v) in values { env[k] = v }
        env["PATH"] = folder.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        env["HOME"] = folder.appendingPathComponent("home").path
        return env
    }

    func calls() -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
