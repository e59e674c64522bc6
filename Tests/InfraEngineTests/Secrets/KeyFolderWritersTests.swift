import Foundation
import Testing
@testable import InfraEngine

/// Which commands name a key file (brk12 defect 8): only a service account's key is written
/// by `gcloud ... keys create FILE`; a KMS key's name and a Markdown table's border are no paths.
@Suite struct KeyFolderWritersTests {
    static let head = "#!/usr/bin/env bash\nset -euo pipefail\n"

    @Test func onlyServiceAccountKeysNameAFile() {
        func path(_ line: String) -> String? { KeyFolders.keyPath(line.split(separator: " ").map(String.init)) }
        #expect(path("gcloud iam service-accounts keys create keys/ci.json --iam-account ci@p.iam.gserviceaccount.com") == "keys/ci.json")
        #expect(path("gcloud beta iam service-accounts keys create --iam-account ci@p.iam.gserviceaccount.com creds/ci.json") == "creds/ci.json")
        #expect(path("gcloud iam service-accounts keys create --key-file-type=json out/k.json --iam-account x") == "out/k.json")
        #expect(path("gcloud kms keys create sops --keyring infra --location global --purpose encryption") == nil)
        #expect(path("gcloud kms keys create --keyring infra sops") == nil)
        #expect(path("gcloud iam service-accounts keys create | base64") == nil)
        #expect(path("gcloud iam service-accounts keys create") == nil)
    }

    @Test func tableCellsAndInlineSpansEndTheCommand() {
        let table = "| `01-ci-sa` | `gcloud iam service-accounts describe`, `gcloud iam service-accounts keys create` |\n"
            + "| `02-kms` | `gcloud kms keyrings create`, `gcloud kms keys create` |\n"
            + "Run `gcloud iam service-accounts keys create ops-keys/ci.json --iam-account ci@x` | then upload it.\n"
        let found = KeyFolders.docCommandLines(table).compactMap { KeyFolders.keyPath($0.words) }
        #expect(found == ["ops-keys/ci.json"])
    }

    @Test func runbookAndKmsDocsAddNoIgnoreAndThePlanConverges() throws {
        let r = try TestRepo(fixture: nil)
        try r.write("ai/infra/tasks/01-kms.sh", Self.head
            + "gcloud kms keys describe sops --keyring infra --location global >/dev/null 2>&1 ||\n"
            + "  gcloud kms keys create sops --keyring infra --location global --purpose encryption\n", executable: true)
        try r.write("ai/infra/tasks/02-ci.sh", Self.head
            + "gcloud iam service-accounts keys create \"$HOME/ci.json\" --iam-account \"ci@$PROJECT.iam.gserviceaccount.com\"\n",
                    executable: true)
        try r.write("docs/kms.md", "Create the key once:\n\n    gcloud kms keys create sops --keyring infra --location global\n\n"
            + "| step | command |\n|---|---|\n| key | `gcloud kms keys create` |\n")
        try r.write("sops/app.enc.yaml", "data: ENC[AES256_GCM,data:x]\n")
        try r.commitAll("base")
        let plan = try Planner.plan(root: r.root)
        #expect(!plan.findings.contains { $0.id.contains("key-folder") }, "\(plan.findings.filter { $0.id.contains("key-folder") })")
        #expect(!plan.operations.contains { $0.id == "secrets-ignore-key-folders" })
        _ = try PlanWriter.apply(plan.operations, root: r.root)
        try r.commitAll("applied")
        // The runbook the plan wrote lists the tasks' commands in a table: no key folder in it.
        let again = try Planner.plan(root: r.root)
        #expect(!again.operations.contains { $0.id == "secrets-ignore-key-folders" }, "\(again.operations.map(\.id))")
    }
}
