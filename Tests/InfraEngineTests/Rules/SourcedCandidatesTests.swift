import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// Where a variable comes from, for names no `$X` of the script's own text shows (the
/// session-10 tester (brk12)'s D5 and s07): a config sourced through a variable path loads what the
/// files it can name set, and a name envsubst fills from the environment is data.
@Suite struct SourcedCandidatesTests {
    /// s14: `source "$(dirname "$0")/../config/${STAGE}.env"` with `STAGE=${STAGE:-dev}`: every
    /// `config/*.env` sets PROJECT_ID, REGION and the Redis settings, so they are loaded, not
    /// required, and nothing is patched for them; a name only prod.env sets is loaded and
    /// reported. The entrypoint asks for nothing, so `STAGE=prod init.sh --only 10-redis` runs.
    @Test func aConfigSourcedThroughAVariablePathLoadsWhatEveryCandidateSets() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/config/dev.env", "PROJECT_ID=corp-dev-1234\nREGION=europe-west3\nREDIS_TIER=basic\nREDIS_SIZE=1\n")
        try repo.write("ai/infra/config/prod.env", "PROJECT_ID=corp-prod-9876\nREGION=europe-west3\nREDIS_TIER=standard\nREDIS_SIZE=5\nREDIS_REPLICAS=2\n")
        let task = "ai/infra/tasks/10-redis.sh"
        try repo.write(task, "#!/usr/bin/env bash\nset -euo pipefail\nSTAGE=${STAGE:-dev}\n# shellcheck source=/dev/null\n"
            + "source \"$(dirname \"$0\")/../config/${STAGE}.env\"\n"
            + "gcloud redis instances create cache --project \"$PROJECT_ID\" --region \"$REGION\" --tier \"$REDIS_TIER\" --size \"$REDIS_SIZE\"\n"
            + "if [ \"$STAGE\" = prod ]; then echo \"replicas $REDIS_REPLICAS\"; fi\n", executable: true)
        let r = try ruleRun(VariablesRule(), on: repo)
        #expect(r.drafts.isEmpty, "\(r.findings.map(\.message))")
        #expect(RequiredEnvironment.required(in: r.reality).isEmpty)
        let partial = try #require(r.findings.first { $0.key == "loaded-by-some-REDIS_REPLICAS" }, "\(r.findings.map(\.message))")
        #expect(partial.severity == .info && partial.message.contains("`ai/infra/config/prod.env`"), "\(partial.message)")
        #expect(r.findings.allSatisfy { $0.severity == .info }, "\(r.findings.map(\.message))")
        let vars = TaskEnvironment.variables(in: r.reality)
        #expect(vars.first { $0.name == "PROJECT_ID" }?.role == .loaded)
        #expect(vars.first { $0.name == "PROJECT_ID" }?.explanation.contains("ai/infra/config/${STAGE}.env") == true)
    }

    /// Another style: `. "envs/$ENV.sh"` relative to the caller, the variable bare: the names
    /// come from the `envs/*.sh` scripts, and ENV, naming the file, is what the task needs.
    @Test func theVariableNamingTheFileIsWhatIsRequired() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/envs/staging.sh", "export CLUSTER=stg-1\nZONE=europe-west1-b\n")
        try repo.write("ai/infra/envs/production.sh", "export CLUSTER=prd-1\nZONE=europe-west1-c\n")
        try repo.write("ai/infra/tasks/020-gke.sh", "#!/usr/bin/env bash\nset -eu\ncd \"$(dirname \"$0\")/..\"\n. \"envs/$ENV.sh\"\n"
            + "gcloud container clusters get-credentials \"$CLUSTER\" --zone \"$ZONE\"\n", executable: true)
        let r = try ruleRun(VariablesRule(), on: repo)
        #expect(RequiredEnvironment.required(in: r.reality) == ["ENV"], "\(r.findings.map(\.message))")
        #expect(!r.findings.contains { $0.key == "unchecked-CLUSTER" || $0.key == "unchecked-ZONE" })
        #expect(SourcedCandidates.matching("ai/infra/envs/${ENV:-dev}.sh", in: r.reality.allPaths)
            == ["ai/infra/envs/production.sh", "ai/infra/envs/staging.sh"])
    }

    /// s07: `export DOMAIN` (no value) and `envsubst '${DOMAIN} ${GW_CLASS}' < gateway.yaml.tpl`:
    /// DOMAIN is the Gateway's hostname, so it is required and checked; GW_CLASS, defaulted in
    /// the task, is not.
    @Test func aNameEnvsubstFillsIsRequiredUnlessTheTaskSetsIt() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        let task = "ai/infra/tasks/002-gateway.sh"
        try repo.write("ai/infra/templates/gateway.yaml.tpl", "spec:\n  gatewayClassName: ${GW_CLASS}\n  hostname: \"${DOMAIN}\"\n")
        try repo.write(task, "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")/../templates\"\n"
            + "export DOMAIN GW_CLASS=${GW_CLASS:-gke-l7-global-external-managed}\n"
            + "envsubst '${DOMAIN} ${GW_CLASS}' < gateway.yaml.tpl | kubectl apply -f -\n", executable: true)
        let r = try ruleRun(VariablesRule(), on: repo)
        #expect(RequiredEnvironment.required(in: r.reality) == ["DOMAIN"])
        let text = try #require(written(r.drafts, task), "\(r.findings.map(\.message))")
        #expect(text.contains("${DOMAIN:?") && !text.contains("${GW_CLASS:?"), "\(text)")
    }

    /// Another style: a quoted heredoc envsubst reads (`<<'EOF'`, bash leaves `$IMAGE` to it);
    /// an unquoted one bash expands itself, and a name the task sets is no input.
    @Test func aQuotedHeredocEnvsubstReadsNamesItsInputs() {
        let script = ShellReader.read("TAG=v1\nenvsubst <<'EOF' | kubectl apply -f -\nimage: $IMAGE:${TAG}\nEOF\nenvsubst <<EOF\nx: $OTHER\nEOF\n")
        #expect(ScriptVariables.envsubstNames(script).map(\.name) == ["IMAGE", "TAG"])
    }
}
