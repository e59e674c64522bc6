import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// A create inside `{ ...; }` or `( ... )` runs only when the group does, so the list before
/// the group guards it: `probe || { create; }`, `probe || { log; create; }`, and `if ! probe;
/// then { ... } fi`; an exit in such a group, or after `&&`, ends the way out as `if probe;
/// then exit 0; fi` does (`BranchFacts.listExit`; a `( )` subshell's exit does not). Also `probe && echo there || create`: bash runs create when probe fails
/// or echo fails, and echo to a live output does not fail, so it reads as `if probe`
/// (`BranchFacts.cannotFail`). Planned in memory, helpers from `EffectiveCommandsTests.library`.
@Suite struct BraceGroupGuardTests {
    static func reality(_ tasks: [String: String], library: String = EffectiveCommandsTests.library) throws -> RepoReality {
        var files = ["ai/infra/lib/common.sh": RepoFile(text: library)]
        for (name, body) in tasks {
            files["ai/infra/tasks/\(name).sh"] = RepoFile(
                text: "#!/usr/bin/env bash\nset -euo pipefail\n. \"${BASH_SOURCE[0]%/*}/../lib/common.sh\"\n" + body, mode: .executable)
        }
        return try RepoReality(snapshot: RepoSnapshot(files: files), infraDir: "ai/infra", cache: ScriptCache())
    }

    static func rerunFindings(_ tasks: [String: String]) throws -> [Finding] {
        try RerunSafetyRule().findings(in: reality(tasks))
    }

    static let guarded: [String: String] = [
        "100-or-group": """
            router_exists r1 "$APP_REGION" || { g compute routers create r1 --network main --region "$APP_REGION"; }
            """,
        "110-or-group-logs-first": """
            kc get namespace shop >/dev/null 2>&1 || {
              echo "creating namespace shop"
              kc create namespace shop
            }
            """,
        "120-then-group": """
            if ! release_there api shop; then {
              echo "installing api"
              helm install api ./charts/api --namespace shop
            } fi
            """,
        "130-or-subshell": """
            k3d cluster list dev >/dev/null 2>&1 || ( echo "making dev"; k3d cluster create dev --servers 1 )
            """,
        "140-nested-groups": """
            in_ns shop get deployment web >/dev/null 2>&1 || { echo "no web yet"; { in_ns shop create deployment web --image=nginx; }; }
            """,
        "150-and-echo-or": """
            router_exists r2 "$APP_REGION" && echo "r2 is there" || g compute routers create r2 --network main --region "$APP_REGION"
            """,
        "160-exit-in-group": """
            if router_exists r3 "$APP_REGION"; then { echo "r3 is there"; exit 0; } fi
            g compute routers create r3 --network main --region "$APP_REGION"
            """,
        "170-negated-and-group": """
            ! kc get namespace tools >/dev/null 2>&1 && { echo "making tools"; kc create namespace tools; }
            """,
        "180-and-exit": """
            kc get namespace edge >/dev/null 2>&1 && exit 0
            kc create namespace edge
            """,
        "190-and-group-exit": """
            router_exists r7 "$APP_REGION" && { echo "r7 is there"; exit 0; }
            g compute routers create r7 --network main --region "$APP_REGION"
            """,
    ]

    static let unguarded: [String: String] = [
        "200-and-group": """
            router_exists r4 "$APP_REGION" && { echo "making r4"; g compute routers create r4 --network main --region "$APP_REGION"; }
            """,
        "210-negated-or-group": """
            ! kc get namespace ops >/dev/null 2>&1 || { kc create namespace ops; }
            """,
        "220-group-after-list": """
            kc get namespace lab >/dev/null 2>&1 || echo "no lab"
            { echo "making lab"; kc create namespace lab; }
            """,
        "230-and-echo-and": """
            router_exists r5 "$APP_REGION" && echo "r5 there" && g compute routers create r5 --network main --region "$APP_REGION"
            """,
        "240-or-exit": """
            kc get namespace fin >/dev/null 2>&1 || exit 0
            kc create namespace fin
            """,
        "250-subshell-exit": """
            router_exists r8 "$APP_REGION" && ( echo "r8 is there"; exit 0 )
            g compute routers create r8 --network main --region "$APP_REGION"
            """,
        "260-exit-1": """
            kc get namespace gone >/dev/null 2>&1 && { echo "gone is there"; exit 1; }
            kc create namespace gone
            """,
    ]

    @Test func createsInAGroupAfterAProbeAreGuarded() throws {
        let findings = try Self.rerunFindings(Self.guarded)
        #expect(findings.isEmpty, "\(findings.map { "\($0.location) \($0.message)" })")
    }

    @Test func groupsThatRunWhenTheThingExistsAreFound() throws {
        let findings = try Self.rerunFindings(Self.unguarded)
        let files = Set(findings.map(\.file))
        #expect(files == Set(Self.unguarded.keys.map { "ai/infra/tasks/\($0).sh" }),
                "\(findings.map { "\($0.location) \($0.message)" })")
    }

    /// The same shapes inside an ensure-helper of the library: a probe, then a create in a
    /// group after `||`, is an ensure-helper, and calling it needs no guard.
    @Test func ensureHelpersWithGroups() throws {
        let library = EffectiveCommandsTests.library + """
            ensure_topic() { g pubsub topics describe "$1" >/dev/null 2>&1 || { echo "topic $1"; g pubsub topics create "$1"; }; }
            ensure_bucket() {
              if ! g storage buckets describe "gs://$1" >/dev/null 2>&1; then {
                g storage buckets create "gs://$1"
              } fi
            }
            backwards_topic() { g pubsub topics describe "$1" >/dev/null 2>&1 && { g pubsub topics create "$1"; }; }
            ensure_sub() {
              g pubsub subscriptions describe "$1" >/dev/null 2>&1 && { echo "sub $1 there"; return 0; }
              g pubsub subscriptions create "$1" --topic "$2"
            }

            """
        let r = try Self.reality(["300-x": "ensure_topic orders\nensure_bucket media\n"], library: library)
        let scope = FunctionSummaries.scope(of: r.tasks[0], in: r)
        #expect(scope["ensure_topic"]?.isEnsure == true)
        #expect(scope["ensure_bucket"]?.isEnsure == true)
        #expect(scope["backwards_topic"]?.isEnsure == false)
        #expect(scope["ensure_sub"]?.isEnsure == true)
        let findings = RerunSafetyRule().findings(in: r)
        #expect(findings.isEmpty, "\(findings.map { "\($0.location) \($0.message)" })")
    }

    /// A library function that only prints stands where echo does; one that writes to a file
    /// can fail (a full disk, a missing folder), so the create after it is not guarded.
    @Test func printingHelpersStandWhereEchoDoes() throws {
        let library = EffectiveCommandsTests.library + """
            say() { echo "[shop] $*" >&2; }
            note() { say "$@"; printf '%s\\n' "$(date)"; }
            to_file() { echo "$*" >> "${LOG_FILE:-/tmp/log}"; }

            """
        let r = try Self.reality([
            "400-say": "kc get namespace a >/dev/null 2>&1 && say \"a is there\" || kc create namespace a\n",
            "410-note": "kc get namespace b >/dev/null 2>&1 && note \"b is there\" || kc create namespace b\n",
            "420-to-file": "kc get namespace c >/dev/null 2>&1 && to_file \"c is there\" || kc create namespace c\n",
        ], library: library)
        let scope = FunctionSummaries.scope(of: r.tasks[0], in: r)
        #expect(scope["say"]?.onlyPrints == true && scope["note"]?.onlyPrints == true && scope["to_file"]?.onlyPrints == false)
        let findings = RerunSafetyRule().findings(in: r)
        #expect(findings.map(\.file) == ["ai/infra/tasks/420-to-file.sh"], "\(findings.map { "\($0.location) \($0.message)" })")
    }

    /// Echo's status: only output builtins with no file redirection count as never failing.
    @Test func whatCannotFail() {
        let s = ShellReader.read("echo a\nprintf '%s\\n' b >&2\n:\ntrue\necho c > out.txt\nlog d\n")
        #expect(s.commands.map(BranchFacts.cannotFail) == [true, true, true, true, false, false])
    }
}
