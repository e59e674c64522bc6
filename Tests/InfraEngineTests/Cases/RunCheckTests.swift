import Foundation
import Testing
@testable import InfraEngine

/// Issue 11's done-when: each case with a "Run check" behaves as that section says when
/// rehearsed. The invocations come from EXPECTED.md (RunCheckSection: parsed by bash); each
/// runs in the sandbox against the doubles (Rehearser, as `rehearse` and the check do),
/// twice on one state or once, on the tree after `apply --accept all` and, where the section
/// says so, before it. `says` holds, per invocation in the section's order, what the section
/// says of it; a case whose section gains or loses an invocation fails `everyInvocationIsJudged`.
@Suite(.serialized) struct RunCheckTests {
    static let ready: Bool = { if case .success = Rehearser.ready() { return true }; return false }()

    enum Outcome: Equatable {
        /// twice.sh's exit 0: every run exits 0, run 2 creates nothing, no create fails, no
        /// `unbound variable`, `command not found` or `No such file` line.
        case passes
        /// Every run exits 0 (the section says only that).
        case exitsZero
        /// Some run exits non-zero, printing (or failing a call with) this text when given.
        case fails(String?)
    }

    struct Says {
        var before: Outcome?
        var after: Outcome? = .passes
        /// Values the section gives in prose instead of a real one (`TLS_DIR=/that/folder`).
        var env: [String: String] = [:]
        /// Files the section has a person make first: tree-relative, or under /tmp (the sandbox's).
        var files: [String: String] = [:]
        /// Files the section has a person remove first ("Without env/db.env").
        var removes: [String] = []
        /// Text some recorded call's command line holds (after the patch).
        var calls: [String] = []
        /// Text no recorded call's command line holds (after the patch).
        var noCalls: [String] = []
        /// (text, count): calls holding the text, over every run.
        var callCount: (String, Int)?
        /// (path, text, count) in the tree after the invocation: log lines the section counts.
        var logs: [(String, String, Int)] = []
        /// Variables to leave out, one at a time, run once: it must stop, naming the variable,
        /// before making any call.
        var without: [String] = []
    }

    static let says: [String: [Says]] = [
        "01-echo-mentions-task-not-runner": [Says(
            before: .passes, env: ["TLS_DIR": "/tmp/tls"], files: ["/tmp/tls/pay.example.org.crt": "crt", "/tmp/tls/pay.example.org.key": "key"],
            calls: ["tls-pay.example.org", "restart deployment/billing-api"])],
        "02-teardown-task-in-sequence": [Says(noCalls: [" delete "])],
        "03-task-positional-args": [Says()],
        "04-root-deploy-is-entrypoint": [Says(before: .passes)],
        "05-logging-set-up-twice": [
            Says(logs: [("ai/infra/logs/010-registry.log", "repository payments created", 1)]),
            Says(logs: [("ai/infra/logs/010-registry.log", "repository payments exists", 1)]),
        ],
        "06-preflight-list-mismatch": [Says(without: ["GCP_PROJECT", "GCP_REGION", "DNS_ZONE", "CERT_CONTACT_EMAIL"])],
        "07-sibling-helper-file": [Says(), Says()],
        "08-helpers-under-other-names": [Says()],
        "09-strict-mode-in-sourced-lib": [Says(after: .fails(nil)), Says()],
        "10-source-relative-to-cwd": [Says(), Says(), Says()],
        "11-task-without-shebang": [Says()],
        "12-xtrace-and-set-plus-u": [Says(before: .passes)],
        "13-defaults-and-builtin-vars": [
            Says(calls: ["team-accounts", "team-identity", "team-support", "rollout restart"]),
            Says(before: .passes, calls: ["squad-accounts"]),
        ],
        "14-validation-and-default-helpers": [Says(calls: ["--context gke_demo-project_us-east4_notify"], without: ["SMTP_RELAY"])],
        "15-derive-or-default-not-require": [Says(calls: ["--region europe-west4"])],
        "16-creates-guarded-by-helper": [Says()],
        "17-guard-through-wrapper-scope": [Says()],
        "18-wrapper-zone-on-regional": [Says()],
        "19-creates-rule-too-narrow": [Says(), Says(), Says(before: .exitsZero, after: .fails(nil))],
        "20-non-file-operands": [Says()],
        "21-non-task-script-guard": [
            Says(before: .exitsZero, after: .fails("env/db.env.example"), removes: ["env/db.env"], noCalls: [" exec "]),
            Says(calls: ["pg_dump -U warehouse -d warehouse"]),
        ],
        "22-existing-runbook": [Says(), Says(after: .exitsZero)],
        "23-doc-paths-wrong-base": [Says()],
        "24-doc-prose-not-commands": [Says()],
        "25-credentials-beyond-key-files": [Says(files: ["credentials/dns-admin.json": ""], without: ["BI_ADMIN_PASSWORD"])],
        "26-secret-manifest-in-kustomization": [Says(calls: ["create secret generic wiki-db"])],
        "27-gateway-installed-via-wrapper": [Says(callCount: ("gateway-helm", 2))],
        "28-manifests-outside-infra-dir": [Says()],
        "29-cert-manager-implicit-defaults": [Says(files: ["/tmp/solver.json": "{}\n"], calls: ["-n cert-manager create secret generic dns01-sa"])],
        "30-names-that-match-nothing": [Says()],
        "31-backendref-cross-namespace": [Says()],
        "32-infra-dir-dot": [Says(before: .fails("cannot re-use a name that is still in use"))],
    ]

    static var withRunCheck: [String] {
        CaseHarnessTests.names.filter { name in
            let expected = (try? String(contentsOf: CaseRepo.casesFolder.appendingPathComponent("\(name)/EXPECTED.md"), encoding: .utf8)) ?? ""
            return RunCheckSection.section(expected).map { !RunCheckSection.snippets($0).isEmpty } ?? false
        }
    }

    /// The table covers exactly the sections' invocations: a new case or a new invocation is
    /// judged, not skipped.
    @Test(.enabled(if: ready, "needs bubblewrap (the section's shell is parsed in the sandbox)"))
    func everyInvocationIsJudged() throws {
        #expect(Set(Self.withRunCheck) == Set(Self.says.keys))
        let sandbox = try Rehearser.ready().get().sandbox
        for name in Self.withRunCheck {
            let c = try CaseRepo(name)
            let invocations = try RunCheckSection.invocations(try c.section(), tree: c.root.path, sandbox: sandbox)
            #expect(invocations.count == Self.says[name]?.count, "\(name): \(invocations.map(\.command))")
            #expect(invocations.allSatisfy { !$0.command.isEmpty }, "\(name)")
        }
    }

    @Test(.enabled(if: ready, "needs bubblewrap and the infra-tui-double binary"), arguments: Self.says.keys.sorted())
    func behavesAsItsRunCheckSays(_ name: String) throws {
        let rehearser = try Rehearser.ready().get()
        let c = try CaseRepo(name)
        let says = try #require(Self.says[name])
        if says.contains(where: { $0.before != nil }) {
            try RunCheckRun(c, rehearser).judge(says.map(\.before), name: "\(name), before the patch", checkCalls: false)
        }
        let apply = try Run.tui(["apply", "--repo", c.root.path, "--infra-dir", c.infraDir, "--accept", "all"])
        #expect(apply.status == 0, "\(name): \(apply.stderr)")
        try c.repo.commitAll("applied")
        try RunCheckRun(c, rehearser).judge(says.map(\.after), name: name, checkCalls: true)
    }
}

extension CaseRepo {
    func section() throws -> String {
        let expected = try String(contentsOf: Self.casesFolder.appendingPathComponent("\(name)/EXPECTED.md"), encoding: .utf8)
        return try #require(RunCheckSection.section(expected))
    }
}
