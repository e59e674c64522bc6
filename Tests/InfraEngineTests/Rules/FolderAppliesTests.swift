import Foundation
import Testing
@testable import InfraEngine

/// A kustomization.yaml added to a folder that tasks apply with `kubectl apply -f DIR` (brk12
/// defect 3), and a Secret manifest untracked while a task still applies it from disk
/// (defect 4). The tasks run with bash, before and after the patches, against a kubectl stub
/// that reads a folder as the real one does: every .yaml/.yml/.json file is an object, and a
/// `kind: Kustomization` one is of an unknown kind.
@Suite(.serialized) struct FolderAppliesTests {
    static let stub = """
        #!/usr/bin/env bash
        if [ "$1" = kustomize ]; then
          d="${2%/}"
          sed -n 's/^  - //p' "$d/kustomization.yaml" | while read -r f; do cat "$d/$f"; echo ---; done
          exit 0
        fi
        mode="" target="" name=x
        for ((i = 1; i < $#; i++)); do j=$((i + 1)); case "${!i}" in generic|namespace) name="${!j}" ;; esac; done
        while [ $# -gt 0 ]; do
          case "$1" in
            -f|--filename) mode=f; target="$2"; shift ;;
            -k|--kustomize) mode=k; target="$2"; shift ;;
          esac
          shift
        done
        target="${target%/}"
        if [ "$mode" = f ] && [ "$target" = - ]; then
          in=$(cat)
          printf 'applied %s\\n' "$(printf '%s\\n' "$in" | grep -m1 '^  name:' | sed 's/^  name: //')"
          printf '%s\\n' "$in" | grep 'image:' || true
        elif [ "$mode" = f ]; then
          if [ -d "$target" ]; then dir="$target"; files=$(ls "$dir" | grep -E '\\.(ya?ml|json)$')
          else dir=$(dirname "$target"); files=$(basename "$target"); fi
          for f in $files; do
            if grep -q '^kind: Kustomization' "$dir/$f"; then
              echo "error: resource mapping not found for name: \\"\\" from \\"$dir/$f\\": no matches for kind \\"Kustomization\\" in version \\"kustomize.config.k8s.io/v1beta1\\"" >&2
              exit 1
            fi
            echo "applied $f"
          done
        elif [ "$mode" = k ]; then
          sed -n 's/^  - //p' "$target/kustomization.yaml" | while read -r f; do echo "applied $f"; done
        else
          printf 'kind: Secret\\nmetadata:\\n  name: %s\\n' "$name"
        fi

        """

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: nginx:1.27

        """
    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n"
    static let task = "#!/usr/bin/env bash\nset -e\nhere=$(cd \"$(dirname \"$0\")/..\" && pwd)\nkubectl apply -f \"$here/k8s/\"\necho done\n"

    func repo(_ files: [String: String]) throws -> TestRepo {
        let r = try TestRepo(fixture: nil)
        for (path, text) in files { try r.write(path, text, executable: path.hasSuffix(".sh")) }
        try r.write(".stubs/kubectl", Self.stub, executable: true)
        try r.commitAll("base")
        return r
    }

    func run(_ r: TestRepo, _ task: String, env: [String: String] = [:]) throws -> Run.Result {
        try Run.command("/bin/bash", [task], cwd: r.root,
                        env: env.merging(["PATH": r.url(".stubs").path + ":/usr/bin:/bin"]) { a, _ in a })
    }

    @Test func aFolderAppliedWithDashFSwitchesToDashKInTheLayerOperation() throws {
        let r = try repo(["ai/infra/k8s/web.yaml": Self.deployment, "ai/infra/k8s/config.yaml": Self.configMap,
                          "ai/infra/tasks/020-app.sh": Self.task])
        let before = try run(r, "ai/infra/tasks/020-app.sh")
        #expect(before.status == 0 && before.stdout.contains("applied web.yaml"), "\(before.stdout) \(before.stderr)")
        let plan = try Planner.plan(root: r.root)
        let layer = try #require(plan.operations.first { $0.id == ManifestsRule.layerOperationID })
        #expect(Set(layer.files.map(\.path)) == ["ai/infra/k8s/kustomization.yaml", "ai/infra/tasks/020-app.sh"], "\(layer.files)")
        #expect(layer.patch.contains("+kubectl apply -k \"$here/k8s/\""), "\(layer.patch)")
        #expect(layer.rationale.contains("kubectl apply -k"))
        // The layer operation with what it depends on (strict mode for the task).
        let needed = Set(layer.dependsOn + [layer.id])
        _ = try PlanWriter.apply(plan.operations.filter { needed.contains($0.id) }, root: r.root)
        #expect(FileManager.default.fileExists(atPath: r.url("ai/infra/k8s/kustomization.yaml").path))
        let after = try run(r, "ai/infra/tasks/020-app.sh")
        #expect(after.status == 0 && after.stdout == before.stdout, "\(after.stdout) \(after.stderr)")
        // The check is not vacuous: the old `-f` line fails on the folder as it is now.
        try r.write("ai/infra/tasks/020-app.sh", Self.task, executable: true)
        let old = try run(r, "ai/infra/tasks/020-app.sh")
        #expect(old.status != 0 && old.stderr.contains("Kustomization"), "\(old.stdout) \(old.stderr)")
    }

    /// A folder with placeholders, applied with `-k` once the layer ties it together, is
    /// rendered through `kubectl kustomize` (never `envsubst < FOLDER`, which bash refuses).
    @Test func aFolderWithPlaceholdersIsRenderedThroughKustomize() throws {
        let templated = Self.deployment.replacingOccurrences(of: "image: nginx:1.27", with: "image: REPLACE_ME_IMAGE")
        let r = try repo(["ai/infra/k8s/web.yaml": templated, "ai/infra/k8s/config.yaml": Self.configMap,
                          "ai/infra/tasks/020-app.sh": Self.task])
        let plan = try Planner.plan(root: r.root)
        let patches = plan.operations.map(\.patch).joined(separator: "\n")
        #expect(!patches.contains("< \"$here/k8s/\""), "no folder fed to envsubst: \(patches)")
        #expect(patches.contains("+kubectl kustomize \"$here/k8s/\" | envsubst '${IMAGE}' | kubectl apply -f -"), "\(patches)")
        _ = try PlanWriter.apply(plan.operations, root: r.root)
        let run = try run(r, "ai/infra/tasks/020-app.sh", env: ["IMAGE": "nginx:1.28"])
        #expect(run.status == 0 && run.stdout.contains("image: nginx:1.28") && !run.stdout.contains("${IMAGE}"), "\(run.stdout) \(run.stderr)")
    }

    /// Where `-k` would not build the same objects (a JSON manifest the kustomization would
    /// not list) or cannot replace the apply (recursive, a glob, a doc's command), no
    /// kustomization is added and the finding says why.
    @Test(arguments: [
        ("json", "kubectl apply -f \"$(dirname \"$0\")/../k8s/\""),
        ("recursive", "kubectl apply -R -f \"$(dirname \"$0\")/..\""),
        ("glob", "kubectl apply -f ai/infra/k8s/*.yaml"),
        ("doc", "kubectl apply -f \"$(dirname \"$0\")/../k8s/\""),
        // Another verb reads the folder file by file too: only the applies would switch.
        ("diff", "kubectl diff -f \"$(dirname \"$0\")/../k8s/\" || true\nkubectl apply -f \"$(dirname \"$0\")/../k8s/\""),
        ("delete", "kubectl delete -f \"$(dirname \"$0\")/../k8s/\" --ignore-not-found"),
        // The folder's files handed to kubectl one by one without a `-f DIR` (brk14 item 7).
        ("find-xargs", "find \"$(dirname \"$0\")/../k8s\" -name '*.yaml' -print0 | xargs -0 -n1 kubectl apply -f"),
        ("find-exec", "find ai/infra/k8s -maxdepth 1 -name '*.yaml' -exec kubectl apply -f {} \\;"),
        ("argument-wrapper", "kapply() { kubectl --context stage apply -f \"$1\"; }\nkapply \"$(dirname \"$0\")/../k8s\""),
    ])
    func aFolderThatCannotSwitchGetsNoKustomization(_ shape: String, _ line: String) throws {
        var files = ["ai/infra/k8s/web.yaml": Self.deployment, "ai/infra/tasks/020-app.sh": "#!/usr/bin/env bash\nset -e\n\(line)\n"]
        // A README tells people to apply the folder by hand: the task could switch, the doc cannot.
        if shape == "doc" { files["README.md"] = "# shop\n\nBy hand:\n\n    kubectl apply -f ai/infra/k8s/\n" }
        if shape == "json" { files["ai/infra/k8s/extra.json"] = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}}\n" }
        let r = try repo(files)
        let plan = try Planner.plan(root: r.root)
        #expect(!plan.operations.contains { $0.files.contains { $0.path == "ai/infra/k8s/kustomization.yaml" } },
                "\(shape): \(plan.operations.map(\.id))")
        #expect(!plan.operations.contains { $0.patch.contains("kubectl apply -k") }, "\(shape)")
        let finding = try #require(plan.findings.first { $0.rule == "manifests" && $0.id.hasSuffix(":kustomization") }, "\(shape)")
        #expect(finding.operation == nil && finding.message.contains("cannot switch to `-k`"), "\(shape): \(finding.message)")
    }

    /// A library's function that applies its argument with `--filename`, called over a glob
    /// of the folder: the new kustomization.yaml would be one of the files (brk14 item 7).
    @Test func aLibraryFunctionApplyingEachFileOfTheFolderKeepsTheKustomizationOut() throws {
        let r = try repo([
            "ai/infra/k8s/web.yaml": Self.deployment, "ai/infra/k8s/config.yaml": Self.configMap,
            "ai/infra/lib/kube.sh": "# shellcheck shell=bash\napply_file() {\n  kubectl apply --filename \"${1}\"\n}\n",
            "ai/infra/tasks/020-app.sh": "#!/usr/bin/env bash\nset -e\n. \"$(dirname \"$0\")/../lib/kube.sh\"\n"
                + "for f in \"$(dirname \"$0\")\"/../k8s/*.yaml; do apply_file \"$f\"; done\n",
        ])
        let before = try run(r, "ai/infra/tasks/020-app.sh")
        #expect(before.status == 0 && before.stdout.contains("applied web.yaml"), "\(before.stdout) \(before.stderr)")
        let plan = try Planner.plan(root: r.root)
        #expect(!plan.operations.contains { $0.files.contains { $0.path == "ai/infra/k8s/kustomization.yaml" } }, "\(plan.operations.map(\.id))")
        let finding = try #require(plan.findings.first { $0.rule == "manifests" && $0.id.hasSuffix(":kustomization") })
        #expect(finding.operation == nil && finding.message.contains("`apply_file`"), "\(finding.message)")
        _ = try PlanWriter.apply(plan.operations, root: r.root)
        let after = try run(r, "ai/infra/tasks/020-app.sh")
        #expect(after.status == 0 && after.stdout.contains("applied web.yaml"), "\(after.stdout) \(after.stderr)")
    }

    /// The tester's s15 shape: the untracked Secret is not applied from disk after the fix.
    @Test func anUntrackedSecretIsNotAppliedFromDiskAfterAllOperations() throws {
        let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: smtp\n  namespace: shop\ntype: Opaque\nstringData:\n  SMTP_PASSWORD: \"pa55w0rd-smtp-real\"\n"
        let r = try repo(["ai/infra/k8s/config.yaml": Self.configMap, "ai/infra/k8s/secret.yaml": secret,
                          "ai/infra/tasks/020-app.sh": Self.task])
        let before = try run(r, "ai/infra/tasks/020-app.sh")
        #expect(before.stdout.contains("applied secret.yaml"), "the check is not vacuous: \(before.stdout)")
        let plan = try Planner.plan(root: r.root)
        _ = try PlanWriter.apply(plan.operations, root: r.root)
        #expect(FileManager.default.fileExists(atPath: r.url("ai/infra/k8s/secret.yaml").path), "apply keeps the local copy")
        let after = try run(r, "ai/infra/tasks/020-app.sh", env: ["SMTP_PASSWORD": "rotated"])
        #expect(after.status == 0, "\(after.stdout) \(after.stderr)")
        #expect(!after.stdout.contains("applied secret.yaml") && after.stdout.contains("applied smtp")
                && after.stdout.contains("applied config.yaml"), "\(after.stdout)")
    }

    /// A task that applies the Secret manifest by its own path keeps doing so from the local
    /// copy: the operation tells the operator that copy still holds the leaked value.
    @Test func aSecretAppliedByItsPathTellsTheOperatorToReplaceTheLocalCopy() throws {
        let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\n  namespace: shop\nstringData:\n  TOKEN: \"tk-9f8e7d6c5b4a39\"\n"
        let r = try repo(["ai/infra/k8s/config.yaml": Self.configMap, "ai/infra/k8s/api-secret.yaml": secret,
                          "ai/infra/tasks/030-api.sh": "#!/usr/bin/env bash\nset -e\nkubectl apply -f \"$(dirname \"$0\")/../k8s/api-secret.yaml\"\n"])
        let plan = try Planner.plan(root: r.root)
        let op = try #require(plan.operations.first { $0.rule == "secrets" && $0.files.contains { $0.path == "ai/infra/k8s/api-secret.yaml" } })
        #expect(op.ops.commands.contains { $0.contains("write the new value into your local ai/infra/k8s/api-secret.yaml")
            && $0.contains("ai/infra/tasks/030-api.sh (line 3)") }, "\(op.ops.commands)")
    }
}
