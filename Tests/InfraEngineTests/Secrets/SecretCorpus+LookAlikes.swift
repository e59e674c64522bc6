import Foundation

/// The false half of the corpus: placeholders in every context the scanner reads, public
/// halves of keys, hashes and ids, names that point at a credential without holding one.
extension SecretCorpus {
    mutating func addNegatives() {
        let placeholders = ["${DB_PASSWORD}", "$DB_PASSWORD", "changeme", "<password>", "REPLACE_ME", "example-only", "xxxxxxxx",
                            "\"\"", "$(cat /run/secrets/db)", "{{ .Values.password }}", "your-password-here", "TODO", "********", "__PASSWORD__"]
        for (i, value) in placeholders.enumerated() { quiet("env-placeholder", i % 2 == 0 ? ".env" : "prod.env", "DB_HOST=db\nDB_PASSWORD=\(value)\n") }
        for (i, value) in placeholders.prefix(10).enumerated() {
            quiet("script-placeholder", "ai/infra/tasks/0\(i)1-p.sh", "#!/usr/bin/env bash\nhelm upgrade --install g grafana/grafana --set adminPassword=\(value)\n")
        }
        for value in ["REPLACE_ME", "${TOKEN}", "<token>", "changeme", "\"\""] {
            quiet("kubeconfig-placeholder", "kubeconfig.yaml", kubeconfig(user: "    token: \(value)\n"))
        }
        quiet("kubeconfig-exec", "kubeconfig", kubeconfig(user: "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: gke-gcloud-auth-plugin\n"))
        quiet("kubeconfig-ca", "kc.yaml", kubeconfig(user: "    client-certificate: /etc/k/cert.pem\n    client-key: /etc/k/key.pem\n"))
        for value in ["REPLACE_ME", "changeme", "<base64>"] {
            quiet("secret-placeholder", "manifests/s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: \(value)\n")
        }
        for value in ["changeme", "REPLACE_ME", "example"] {
            quiet("secret-placeholder-b64", "manifests/b.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\ndata:\n  password: \(Data(value.utf8).base64EncodedString())\n")
        }
        quiet("secret-username-only", "manifests/u.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: u\ndata:\n  username: \(Data("wiki".utf8).base64EncodedString())\n")
        quiet("secret-ref", "manifests/d.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n")
        for name in [".env.example", ".env.sample", "config.env.template", "prod.env.example", ".env.dist"] {
            quiet("env-template", name, "DB_PASSWORD=\(word())-\(word())\nAPI_TOKEN=\(word())\n")
        }
        addPublicAndHashes()
        addNamesAndProse()
    }

    mutating func addPublicAndHashes() {
        quiet("certificate", "ca.crt", "-----BEGIN CERTIFICATE-----\n\(b64(64))\n-----END CERTIFICATE-----\n")
        quiet("public-key", "key.pub", "-----BEGIN PUBLIC KEY-----\n\(b64(64))\n-----END PUBLIC KEY-----\n")
        quiet("ssh-public", "authorized_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\(b64(43)) ops@host\n")
        quiet("csr", "req.csr", "-----BEGIN CERTIFICATE REQUEST-----\n\(b64(64))\n-----END CERTIFICATE REQUEST-----\n")
        for _ in 0..<3 { quiet("sha256", "SHA256SUMS", "\(hex(64))  infra-tui.tar.gz\n") }
        for _ in 0..<3 { quiet("git-sha", "CHANGELOG.md", "Fixed in \(hex(40)).\n") }
        quiet("integrity", "package-lock.json", "\"integrity\": \"sha512-\(b64(86))==\"\n")
        quiet("uuid", "ids.txt", "id: \(hex(8))-\(hex(4))-\(hex(4))-\(hex(4))-\(hex(12))\n")
        quiet("sa-template", "sa.example.json", "{\"type\": \"service_account\", \"private_key\": \"REPLACE_ME_PRIVATE_KEY\", \"client_email\": \"a@b.iam.gserviceaccount.com\"}\n")
        quiet("sa-id", "sa-meta.json", "{\"private_key_id\": \"\(hex(40))\", \"client_id\": \"\(pick("0123456789", 21))\"}\n")
        quiet("aws-example", "docs/aws.md", "aws_access_key_id = \(Self.p("AK", "IA"))IOSFODNN7EXAMPLE\n")
        quiet("aws-x", "aws.cfg", "aws_access_key_id = \(Self.p("AK", "IA"))XXXXXXXXXXXXXXXX\n")
        quiet("github-short", "README.md", "Tokens look like \(Self.p("gh", "p_"))... (36 characters).\n")
        quiet("stripe-publishable", "checkout.js", "Stripe('\(Self.p("pk", "_live_"))\(alnum(24))')\n")
        quiet("jwt-two-parts", "notes.md", "A header such as eyJhbGciOiJIUzI1NiJ9 alone is no token.\n")
        quiet("bearer-var", "call.sh", "curl -H \"Authorization: Bearer ${API_TOKEN}\" https://api.invalid\n")
        quiet("bearer-prose", "auth.md", "Send the token in a Bearer header; never commit it.\n")
        quiet("ca-data", "ca.yaml", "certificate-authority-data: \(b64(120))\n")
        quiet("docker-credstore", "config.json", "{\n  \"auths\": {\n    \"ghcr.io\": {}\n  },\n  \"credsStore\": \"desktop\"\n}\n")
        quiet("docker-placeholder", ".docker/config.json", "{\"auths\": {\"r.invalid\": {\"auth\": \"REPLACE_ME\"}}}\n")
        quiet("azure-ref", "azure.tf", "client_secret = var.client_secret\n")
        quiet("azure-placeholder", "app.json", "{ \"ClientSecret\": \"<client-secret>\" }\n")
        quiet("base64-config", "cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  config: \(b64(60))\n")
    }

    mutating func addNamesAndProse() {
        let scripts = [
            "PASSWORD_FILE=/run/secrets/db\n", "TOKEN_TTL=3600\n", "SECRET_NAME=db-credentials\n",
            "read -rs DB_PASSWORD\n", "DB_PASSWORD=\"${DB_PASSWORD:?set it}\"\n", "export API_TOKEN=$(gcloud auth print-access-token)\n",
            "kubectl create secret generic db --from-literal=username=admin --from-literal=password=\"$DB_PASSWORD\"\n",
            "kubectl create secret generic db --from-file=password=./pw.txt\n", "helm upgrade --install a b/c --set image.tag=1.2.3 --set replicas=2\n",
            "helm upgrade --install a b/c --set auth.existingSecret=db-creds\n", "GITHUB_TOKEN=\"${GITHUB_TOKEN:-}\"\n",
            "local password\npassword=$(openssl rand -base64 24)\n", "echo \"set DB_PASSWORD first\"\n",
            "# DB_PASSWORD=hunter2butlonger was the old value, see the vault\n", "ADMIN_PASSWORD_SECRET=grafana-admin\n",
            "helm upgrade --install g grafana/grafana --set adminPassword=\"$GRAFANA_ADMIN_PASSWORD\"\n",
            "TOKEN_PATH=/var/run/secrets/kubernetes.io/serviceaccount/token\n", "API_KEY_ID=\(pick("0123456789", 8))\n",
            "SSH_KEY=~/.ssh/id_ed25519\n", "PASSWORD_LENGTH=24\n",
        ]
        for (i, body) in scripts.enumerated() { quiet("script-name", "ai/infra/tasks/\(100 + i)-n.sh", "#!/usr/bin/env bash\nset -euo pipefail\n" + body) }
        let values = ["existingSecret: grafana-admin", "passwordSecretKey: admin-password", "adminPassword: \"\"",
                      "adminPassword: \"{{ .Values.global.pw }}\"", "password: ${REDIS_PASSWORD}", "tokenTTL: 3600"]
        for v in values { quiet("values-name", "values.yaml", "app:\n  \(v)\n") }
        let env = ["DB_HOST=db.internal\nLOG_LEVEL=debug\n", "PASSWORD_MIN_LENGTH=12\n", "TOKEN_URL=https://auth.invalid/token\n",
                   "API_KEY_HEADER=X-Api-Key\n", "SECRET_NAME=app-secrets\n", "DB_PASSWORD=\n"]
        for (i, e) in env.enumerated() { quiet("env-name", i % 2 == 0 ? ".env" : "config.env", e) }
        let prose = [
            "Set `GITHUB_TOKEN` in the CI settings; never paste it here.\n",
            "The password is in the vault under infra/db.\n",
            "Run `kubectl get secret db -o jsonpath='{.data.password}'` to read it.\n",
            "export DB_PASSWORD=<your password>\n",
            "helm install x --set adminPassword=$ADMIN_PASSWORD\n",
        ]
        for (i, text) in prose.enumerated() { quiet("prose", "docs/p\(i).md", text) }
    }
}
