import Foundation
import Testing
@testable import InfraEngine

/// The kinds behind cases 06, 07, 09, 10, 13, 14 and 15, each in another spelling than the
/// case's, on in-memory trees.
@Suite struct ScriptVariablesTests {
    func task(_ repo: TestRepo, _ name: String, _ body: String) throws {
        try repo.write("ai/infra/tasks/\(name)", "#!/usr/bin/env bash\nset -euo pipefail\n" + body, executable: true)
    }

    /// Kind of 13: every form bash has sets or defaults; bash's own variables are never inputs.
    @Test func everyFormOfSettingCounts() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try task(repo, "010-forms.sh", """
            ARCH=${ARCH:-arm64}
            echo "${BUCKET_PREFIX=logs}" "$BUCKET_PREFIX" "$ARCH"
            wget "https://example.org/${CHANNEL:=stable}/x" && echo "$CHANNEL"
            declare -r STAMP="$(date +%s)"; echo "$STAMP"
            read -r ANSWER < /dev/null || true; echo "$ANSWER"
            read -r; echo "$REPLY $RANDOM $UID $PWD $SECONDS"
            while getopts "n:" FLAG; do echo "$FLAG $OPTARG"; done; echo "$OPTIND"
            readarray -t HOSTS < /etc/hosts; echo "${HOSTS[0]}"
            mapfile LINES_IN < /etc/hosts; echo "${#LINES_IN[@]} ${MAPFILE[@]:-}"
            for ITEM in a b; do echo "$ITEM"; done
            TODAY=$(date); echo "$TODAY"

            """)
        let (findings, drafts, reality) = try ruleRun(VariablesRule(), on: repo)
        #expect(findings.isEmpty, "\(findings.map(\.message))")
        #expect(drafts.isEmpty)
        #expect(RequiredEnvironment.required(in: reality).isEmpty)
    }

    /// Kind of 14: validators and setters in a library, in other spellings (`:?` on `${!1}`,
    /// a loop over `"$@"` that returns, a `:=` setter, a validator built on another).
    @Test func libraryValidatorsAndSettersCount() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/vars.sh", """
            must_have() { : "${!1:?$1 is needed}"; }
            all_set() { local n; for n; do [ -n "${!n:-}" ] || { echo "$n unset" >&2; return 1; }; done; }
            both() { must_have "$1"; must_have "$2"; }
            default_namespace() { : "${TARGET_NS:=apps}"; }

            """)
        try task(repo, "010-a.sh", """
            source "${BASH_SOURCE[0]%/*}/../lib/vars.sh"
            must_have OWNER_PROJECT
            all_set BILLING_ACCOUNT SEAT_COUNT || exit 1
            both ALPHA BETA
            default_namespace
            echo "$OWNER_PROJECT $BILLING_ACCOUNT $SEAT_COUNT $ALPHA $BETA $TARGET_NS"

            """)
        let (findings, _, reality) = try ruleRun(VariablesRule(), on: repo)
        #expect(findings.isEmpty, "\(findings.map(\.message))")
        #expect(RequiredEnvironment.required(in: reality) == ["ALPHA", "BETA", "BILLING_ACCOUNT", "OWNER_PROJECT", "SEAT_COUNT"])
        let scope = FunctionSummaries.scope(of: try #require(reality.tasks.first), in: reality)
        #expect(scope["must_have"]?.validates == [.arguments(positions: [1])])
        #expect(scope["all_set"]?.validates == [.arguments(positions: nil)])
        #expect(scope["both"]?.validates == [.arguments(positions: [1, 2])])
        #expect(scope["default_namespace"]?.setNames == [.init(name: "TARGET_NS", conditional: true)])
    }

    /// Kind of 06 and 07: env files in other spellings (`export $(grep ... | xargs)`, a
    /// variable holding `$(cd ... && pwd)`, a `.sample` twin), a state file an earlier task
    /// writes, and a check written as `if [ -z ]; then exit` in the middle of a task.
    @Test func envFilesStateFilesAndExistingChecks() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/settings.env.sample", "# copy to settings.env\nexport NODE_POOL=pool-a\nNODE_COUNT=3\n")
        try repo.write(".gitignore", "ai/infra/settings.env\n")
        try task(repo, "010-write.sh", """
            : "${SITE_PROJECT:?set SITE_PROJECT}"
            out="$(cd "$(dirname "$0")/.." && pwd)/run"
            echo "LB_ADDRESS=10.0.0.1" > "$out/lb.env"

            """)
        try task(repo, "020-read.sh", """
            : "${SITE_PROJECT:?set SITE_PROJECT}"
            top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
            export $(grep -v '^#' "$top/settings.env" | xargs)
            . "$top/run/lb.env"
            echo "$NODE_POOL $NODE_COUNT $LB_ADDRESS"
            if [ -z "${MAIL_DOMAIN:-}" ]; then
              echo "MAIL_DOMAIN is required" >&2
              exit 3
            fi
            echo "$MAIL_DOMAIN"
            echo "$NOTICE_ADDRESS"

            """)
        let (findings, drafts, reality) = try ruleRun(VariablesRule(), on: repo)
        #expect(findings.map(\.message).map { String($0.prefix(23)) } == ["reads `$NOTICE_ADDRESS`"])
        #expect(RequiredEnvironment.required(in: reality) == ["MAIL_DOMAIN", "NOTICE_ADDRESS", "SITE_PROJECT"])
        let text = try #require(written(drafts, "ai/infra/tasks/020-read.sh"))
        // After what the task loads, in the shape of its own check.
        #expect(text.contains(". \"$top/run/lb.env\"\n: \"${NOTICE_ADDRESS:?set NOTICE_ADDRESS}\"\n"))
    }

    /// Kind of 15: a derivable region (other prefix) and switches in other spellings.
    @Test func derivableAndSwitches() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try task(repo, "010-x.sh", """
            : "${EDGE_ZONE:?EDGE_ZONE must name a zone like us-east1-c}"
            [ "$DRY_RUN" = true ] && echo "dry run"
            if [ "$TRACE_LEVEL" -gt 1 ]; then set -x; fi
            gcloud compute routers create r1 --region "$EDGE_REGION"

            """)
        let (findings, drafts, reality) = try ruleRun(VariablesRule(), on: repo)
        #expect(findings.count == 3)
        #expect(RequiredEnvironment.required(in: reality) == ["EDGE_ZONE"])
        let text = try #require(written(drafts, "ai/infra/tasks/010-x.sh"))
        #expect(text.contains("like us-east1-c}\"\nEDGE_REGION=\"${EDGE_REGION:-${EDGE_ZONE%-*}}\"\n"))
        #expect(text.contains("[ \"${DRY_RUN:-}\" = true ]") && text.contains("if [ \"${TRACE_LEVEL:-0}\" -gt 1 ]"))
        #expect(!text.contains(":?set") && !text.contains("DRY_RUN:?") && !text.contains("EDGE_REGION:?"))
    }

    /// Kind of 09: `set -eu` in a sibling helper; the task that relied on it keeps it.
    @Test func libraryOptionsMoveToTheTasks() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/tasks/_common.sh", "# helpers\nset -eu\nsay() { echo \"$*\"; }\n")
        try repo.write("ai/infra/tasks/010-a.sh", "#!/bin/bash\n. \"$(dirname \"$0\")/_common.sh\"\nsay hi\n", executable: true)
        try repo.write("ai/infra/tasks/020-b.sh", "#!/bin/bash\nset -euo pipefail\nsource \"$(dirname \"$0\")/_common.sh\"\nsay ho\n", executable: true)
        let (findings, drafts, _) = try ruleRun(LibraryShellOptionsRule(), on: repo)
        #expect(findings.map { "\($0.file):\($0.line)" } == ["ai/infra/tasks/_common.sh:2"])
        #expect(written(drafts, "ai/infra/tasks/_common.sh") == "# helpers\nsay() { echo \"$*\"; }\n")
        #expect(written(drafts, "ai/infra/tasks/010-a.sh") == "#!/bin/bash\nset -eu\n. \"$(dirname \"$0\")/_common.sh\"\nsay hi\n")
        #expect(written(drafts, "ai/infra/tasks/020-b.sh") == nil)
    }

    /// Kind of 10: other spellings of caller-relative paths; anchored and root-relative ones stay.
    @Test func callerRelativePaths() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/scripts/util.sh", "hello() { :; }\n")
        try repo.write("ai/infra/k8s/app.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n")
        try task(repo, "010-a.sh", """
            . scripts/util.sh
            source ai/infra/scripts/util.sh
            source "$(dirname "$0")/../scripts/util.sh"
            kubectl apply -f k8s/app.yaml
            kubectl apply -f https://example.org/x.yaml
            kubectl apply -f -

            """)
        let (findings, drafts, _) = try ruleRun(CallerFolderPathsRule(), on: repo)
        #expect(findings.map(\.line) == [3, 6])
        let text = try #require(written(drafts, "ai/infra/tasks/010-a.sh"))
        #expect(text.contains(". \"$(dirname \"${BASH_SOURCE[0]}\")/../scripts/util.sh\"\nsource ai/infra/scripts/util.sh\n"))
        #expect(text.contains("kubectl apply -f \"$(dirname \"${BASH_SOURCE[0]}\")/../k8s/app.yaml\"\n"))
    }

    /// Kind of 10 through a wrapper (issue 12: wrappers are resolved in every rule): the
    /// operand written at the call site is anchored; one the wrapper adds itself is not.
    @Test func callerRelativePathsThroughAWrapper() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/lib/k.sh", "# shellcheck shell=bash\nkc() { kubectl --context \"${KUBE_CONTEXT:-dev}\" \"$@\"; }\n"
            + "kbase() { kubectl apply -k k8s \"$@\"; }\n")
        try repo.write("ai/infra/k8s/kustomization.yaml", "resources: []\n")
        try repo.write("ai/infra/k8s/app.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n")
        try task(repo, "010-a.sh", """
            source "$(dirname "$0")/../lib/k.sh"
            kc apply -f k8s/app.yaml
            kbase --prune=false

            """)
        let (findings, drafts, _) = try ruleRun(CallerFolderPathsRule(), on: repo)
        #expect(findings.map(\.line) == [4], "\(findings.map(\.message))")
        let text = try #require(written(drafts, "ai/infra/tasks/010-a.sh"))
        #expect(text.contains("kc apply -f \"$(dirname \"${BASH_SOURCE[0]}\")/../k8s/app.yaml\"\nkbase --prune=false\n"))
    }
}
