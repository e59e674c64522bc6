import Foundation
import Testing
@testable import InfraEngine

/// Which branch of a lookup a create sits in (issue 12 item 3): creating in the then-branch of
/// a positive probe, after `probe &&`, or after an exit taken when the thing is missing is no
/// guard; `if ! probe`, the else of `if probe`, the else after every `elif`, `probe ||`,
/// `! probe &&` and `[ -z "$(lookup)" ]` are. Helpers from `EffectiveCommandsTests.library`.
@Suite struct BranchPolarityTests {
    /// Tasks whose one create runs when the thing already exists (or may): each is a finding.
    static let unguarded: [String: String] = [
        "600-then-of-probe": """
            if router_exists r1 "$APP_REGION"; then
              g compute routers create r1 --network main --region "$APP_REGION"
            fi
            """,
        "610-and-after-probe": """
            router_exists r2 "$APP_REGION" && g compute routers create r2 --network main --region "$APP_REGION"
            """,
        "620-or-after-negated": """
            ! release_there api shop || helm install api ./charts/api --namespace shop
            """,
        "630-exit-when-missing": """
            if ! router_exists r3 "$APP_REGION"; then
              exit 0
            fi
            g compute routers create r3 --network main --region "$APP_REGION"
            """,
        "640-test-n-substitution": """
            if [ -n "$(kc get namespace a -o name 2>/dev/null)" ]; then
              kc create namespace a
            fi
            """,
        "650-then-of-elif": """
            if [ "${MODE:-}" = skip ]; then
              echo skipped
            elif router_exists r4 "$APP_REGION"; then
              g compute routers create r4 --network main --region "$APP_REGION"
            fi
            """,
        "660-and-list-else": """
            if router_exists r5 "$APP_REGION" && [ "${FORCE:-0}" = 0 ]; then
              echo kept
            else
              g compute routers create r5 --network main --region "$APP_REGION"
            fi
            """,
    ]

    /// Tasks whose one create runs only when a lookup found nothing: no finding.
    static let guarded: [String: String] = [
        "700-else-of-probe": """
            if router_exists r6 "$APP_REGION"; then
              echo there
            else
              g compute routers create r6 --network main --region "$APP_REGION"
            fi
            """,
        "710-negated-and": """
            ! router_exists r7 "$APP_REGION" && g compute routers create r7 --network main --region "$APP_REGION"
            """,
        "720-test-z-substitution": """
            if [[ -z "$(kc get namespace b -o name 2>/dev/null)" ]]; then
              kc create namespace b
            fi
            """,
        "730-else-after-elif": """
            if router_exists r8 "$APP_REGION"; then
              :
            elif [ "${DRY:-0}" = 1 ]; then
              echo dry
            else
              g compute routers create r8 --network main --region "$APP_REGION"
            fi
            """,
        "740-or-list-else": """
            if router_exists r9 "$APP_REGION" || [ "${SKIP:-0}" = 1 ]; then
              echo skip
            else
              g compute routers create r9 --network main --region "$APP_REGION"
            fi
            """,
        "750-exit-in-else": """
            if ! router_exists r10 "$APP_REGION"; then
              echo "making r10"
            else
              exit 0
            fi
            g compute routers create r10 --network main --region "$APP_REGION"
            """,
        "760-assignment-status": """
            found=$(kc get namespace c -o name 2>/dev/null) || kc create namespace c
            echo "$found"
            """,
        "770-nested-in-loop": """
            for ns in d e; do
              if kc get namespace "$ns" >/dev/null 2>&1; then continue; else kc create namespace "$ns"; fi
            done
            """,
    ]

    @Test func createsWhereTheThingExistsAreFound() throws {
        let r = try EffectiveCommandsTests().repo(Self.unguarded)
        let (findings, _, _) = try ruleRun(RerunSafetyRule(), on: r)
        let files = Set(findings.map { String($0.location.split(separator: ":")[0]) })
        #expect(files == Set(Self.unguarded.keys.map { "ai/infra/tasks/\($0).sh" }),
                "\(findings.map { "\($0.location) \($0.message)" })")
    }

    @Test func createsWhereTheThingIsMissingAreGuarded() throws {
        let r = try EffectiveCommandsTests().repo(Self.guarded)
        let (findings, drafts, _) = try ruleRun(RerunSafetyRule(), on: r)
        #expect(findings.isEmpty, "\(findings.map { "\($0.location) \($0.message)" })")
        #expect(drafts.isEmpty)
    }

    /// An ensure-helper creates only where its lookup found nothing; one that creates in the
    /// then-branch of its lookup is no ensure-helper.
    @Test func ensureHelpersReadTheBranch() throws {
        let library = EffectiveCommandsTests.library + """
            ensure_sa() {
              if kc get serviceaccount "$1" -n "$2" >/dev/null 2>&1; then
                return 0
              fi
              kc create serviceaccount "$1" -n "$2"
            }
            backwards_ns() {
              if kc get namespace "$1" >/dev/null 2>&1; then
                kc create namespace "$1"
              fi
            }
            negated_ns() { ! kc get namespace "$1" >/dev/null 2>&1 && kc create namespace "$1"; }

            """
        let r = try EffectiveCommandsTests().repo(["800-x": "true\n"], library: library)
        let snapshot = try RepoReader(root: r.root, infraDir: "ai/infra").read()
        let reality = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
        let scope = FunctionSummaries.scope(of: reality.tasks[0], in: reality)
        #expect(scope["ensure_sa"]?.isEnsure == true)
        #expect(scope["negated_ns"]?.isEnsure == true)
        #expect(scope["backwards_ns"]?.isEnsure == false)
    }
}
