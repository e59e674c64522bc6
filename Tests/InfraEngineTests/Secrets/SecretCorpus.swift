import Foundation

/// A corpus of credential examples (true) and look-alikes (false) across every kind the
/// scanner knows, written for these tests. Every value is generated here from a seeded
/// generator, and every provider prefix is assembled from parts at run time, so the
/// repository holds nothing a push-protection scanner would take for a live credential.
struct SecretCorpus {
    struct Example { let kind: String; let path: String; let text: String }

    private(set) var positives: [Example] = []
    private(set) var negatives: [Example] = []
    private var rng = XorShift(seed: 0x5EC2_E75)

    /// Parts of provider prefixes, joined only at run time.
    static func p(_ parts: String...) -> String { parts.joined() }

    init() {
        addPositives()
        addNegatives()
    }

    // MARK: generators

    mutating func pick(_ alphabet: String, _ n: Int) -> String {
        let chars = Array(alphabet)
        return String((0..<n).map { _ in chars[Int(rng.next() % UInt64(chars.count))] })
    }
    mutating func alnum(_ n: Int) -> String { pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n) }
    mutating func upper(_ n: Int) -> String { pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n) }
    mutating func b64(_ n: Int) -> String { pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", n) }
    mutating func url64(_ n: Int) -> String { pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", n) }
    mutating func hex(_ n: Int) -> String { pick("0123456789abcdef", n) }
    mutating func word() -> String { ["orbit", "maple", "quartz", "harbor", "falcon", "ember", "tundra", "cobalt"][Int(rng.next() % 8)] }
    mutating func password() -> String { alnum(6) + pick("!@#%^*", 1) + alnum(7) }

    mutating func pem(_ label: String) -> String {
        let body = (0..<6).map { _ in b64(64) }.joined(separator: "\n")
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    mutating func jwt() -> String {
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." + "eyJ" + url64(60) + "." + url64(43)
    }

    mutating func add(_ kind: String, _ path: String, _ text: String) { positives.append(Example(kind: kind, path: path, text: text)) }
    mutating func quiet(_ kind: String, _ path: String, _ text: String) { negatives.append(Example(kind: kind, path: path, text: text)) }

    // MARK: true examples

    mutating func addPositives() {
        let keyLabels = ["RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY"]
        for (i, label) in keyLabels.enumerated() { add("pem", ["k.pem", "id_rsa", "tls.key", "certs/server.key", "notes.txt", "a/b/c.pem"][i], pem(label)) }
        add("pem", "ai/infra/tasks/010-x.sh", "#!/usr/bin/env bash\ncat > key.pem <<'EOF'\n\(pem("RSA PRIVATE KEY"))EOF\n")
        add("pem", "docs/setup.md", "Paste this:\n\n```\n\(pem("PRIVATE KEY"))```\n")
        for i in 0..<5 {
            let key = pem("PRIVATE KEY").replacingOccurrences(of: "\n", with: "\\n")
            add("service-account", "sa-\(i).json", "{\n  \"type\": \"service_account\",\n  \"project_id\": \"p\(i)\",\n  \"private_key_id\": \"\(hex(40))\",\n  \"private_key\": \"\(key)\",\n  \"client_email\": \"svc@p\(i).iam.gserviceaccount.com\"\n}\n")
        }
        for ctx in ["aws_access_key_id = %@\n", "export AWS_ACCESS_KEY_ID=%@\n", "access_key: %@\n", "\"AccessKeyId\": \"%@\"\n",
                    "provider \"aws\" {\n  access_key = \"%@\"\n}\n", "--access-key %@ \\\n", "key=%@\n", "# used by CI: %@\n"] {
            add("aws-access", "cfg/aws.txt", ctx.replacingOccurrences(of: "%@", with: Self.p("AK", "IA") + upper(16)))
        }
        for ctx in ["aws_secret_access_key = %@\n", "AWS_SECRET_ACCESS_KEY=%@\n", "aws_secret_access_key: \"%@\"\n", "  \"aws_secret_access_key\": \"%@\",\n", "export AWS_SECRET_ACCESS_KEY='%@'\n"] {
            add("aws-secret", "credentials", ctx.replacingOccurrences(of: "%@", with: b64(40)))
        }
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "ghp_", "ghs_"] {
            add("github", "ci.yml", "env:\n  GH: \(Self.p(String(prefix.prefix(2)), String(prefix.dropFirst(2))))\(alnum(36))\n")
        }
        add("github", "x.sh", "git clone https://x:\(Self.p("github", "_pat_"))\(alnum(22))_\(alnum(59))@github.com/o/r\n")
        for _ in 0..<5 { add("gitlab", "gitlab.txt", "token \(Self.p("gl", "pat-"))\(url64(20))\n") }
        for kind in ["b", "p", "a", "b", "r"] { add("slack", "notify.sh", "curl -d token=\(Self.p("xo", "x\(kind)-"))\(alnum(12))-\(alnum(24)) https://slack.invalid/api\n") }
        for kind in ["sk_live_", "rk_live_", "sk_test_", "sk_live_", "rk_test_"] {
            add("stripe", "billing.yaml", "stripe:\n  key: \(Self.p(String(kind.prefix(3)), String(kind.dropFirst(3))))\(alnum(24))\n")
        }
        for _ in 0..<5 { add("google-api", "maps.js", "const KEY = '\(Self.p("AI", "za"))\(url64(35))';\n") }
        for _ in 0..<4 { add("azure", "azure.json", "{ \"secret\": \"\(alnum(3))8\(Self.p("Q", "~"))\(url64(31))\" }\n") }
        add("azure", "app.env.sh", "AZURE_CLIENT_SECRET=\(alnum(34))\n")
        add("azure", "appsettings.json", "{ \"ClientSecret\": \"\(alnum(32))\" }\n")
        for _ in 0..<3 { add("jwt", "req.http", "Authorization: \(jwt())\n") }
        for _ in 0..<2 { add("bearer", "call.sh", "curl -H \"Authorization: Bearer \(alnum(40))\" https://api.invalid\n") }
        addKubeconfigs()
        addContextual()
    }

    mutating func kubeconfig(user: String) -> String {
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://203.0.113.9\n"
            + "contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user:\n\(user)"
    }

    mutating func addKubeconfigs() {
        add("kubeconfig", "kubeconfig.yaml", kubeconfig(user: "    token: \(jwt())\n"))
        add("kubeconfig", "ci/kubeconfig", kubeconfig(user: "    token: \(alnum(48))\n"))
        add("kubeconfig", "admin.conf", kubeconfig(user: "    client-certificate-data: \(b64(80))\n    client-key-data: \(b64(120))\n"))
        add("kubeconfig", "k.yml", kubeconfig(user: "    username: admin\n    password: \(password())\n"))
        add("kubeconfig", "gke.yaml", kubeconfig(user: "    auth-provider:\n      name: oidc\n      config:\n        client-id: k\n        client-secret: \(alnum(32))\n"))
        add("kubeconfig", "oidc.yaml", kubeconfig(user: "    auth-provider:\n      config:\n        id-token: \(jwt())\n        refresh-token: \(alnum(40))\n"))
        add("kubeconfig", "dev-kubeconfig", kubeconfig(user: "    token: \"\(alnum(40))\"\n"))
        add("kubeconfig", "c.yaml", kubeconfig(user: "    - token: \(hex(64))\n"))
    }

    mutating func addContextual() {
        for (i, host) in ["ghcr.io", "registry.invalid", "docker.io", "quay.io", "eu.gcr.io"].enumerated() {
            let auth = Data("robot\(i):\(password())".utf8).base64EncodedString()
            add("docker-config", i % 2 == 0 ? "config.json" : ".docker/config.json", "{\n  \"auths\": {\n    \"\(host)\": {\n      \"auth\": \"\(auth)\"\n    }\n  }\n}\n")
        }
        for i in 0..<8 {
            let value = Data(password().utf8).base64EncodedString()
            let key = ["password", "token", "api-key", "db-password", "secret", "DATABASE_URL", "private.key", "credentials"][i]
            add("secret-data", "manifests/s\(i).yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\(i)\ndata:\n  \(key): \(value)\n")
        }
        add("secret-data", "manifests/sd.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sd\nstringData:\n  password: \(password())\n")
        let envNames = [".env", "prod.env", ".env.local", "config.env", ".env.production", "ai/infra/.env", "app.env", ".env.staging", "deploy/.env", "x/config.env"]
        let envKeys = ["DB_PASSWORD", "API_TOKEN", "STRIPE_API_KEY", "SMTP_PASSWORD", "JWT_SECRET", "REDIS_PASSWORD", "SLACK_TOKEN", "SECRET_KEY", "ADMIN_PASSWD", "PRIVATE_KEY"]
        for (i, name) in envNames.enumerated() {
            add("env-file", name, "APP_NAME=\(word())\nLOG_LEVEL=info\n\(envKeys[i])=\(i % 3 == 0 ? "\"\(password())\"" : alnum(18))\n")
        }
        let scripts = [
            "helm upgrade --install g grafana/grafana -n mon --set adminPassword=\(password())\n",
            "helm install r bitnami/rabbitmq --set auth.password=\(alnum(14)),auth.username=user\n",
            "helm upgrade --install rancher rancher/rancher --set bootstrapPassword=admin\n",
            "kubectl create secret generic db --from-literal=password=\(password()) --dry-run=client -o yaml | kubectl apply -f -\n",
            "kubectl create secret generic api -n x --from-literal=api-token=\(alnum(30))\n",
            "DB_PASSWORD=\(alnum(16))\n",
            "export GITHUB_TOKEN='\(alnum(20))'\n",
            "readonly ADMIN_PASSWORD=\"\(password())\"\n",
            "helm upgrade --install pg bitnami/postgresql --set-string global.postgresql.auth.postgresPassword=\(alnum(12))\n",
            "REGISTRY_TOKEN=\(alnum(24)) ./push.sh\n",
        ]
        for (i, body) in scripts.enumerated() { add("script-literal", "ai/infra/tasks/0\(i)0-t.sh", "#!/usr/bin/env bash\nset -euo pipefail\n" + body) }
        add("helm-values", "charts/app/values.yaml", "grafana:\n  adminUser: admin\n  adminPassword: \(password())\n")
        add("helm-values", "values-prod.yaml", "auth:\n  rootPassword: \"\(alnum(16))\"\n")
        add("helm-values", "helm/keycloak.yaml", "keycloak:\n  auth:\n    adminPassword: \(alnum(12))\n")
        add("helm-values", "deploy/values.yaml", "redis:\n  password: \(alnum(20))\n")
    }
}

/// xorshift64*: a tiny deterministic generator, so the corpus is the same on every run.
struct XorShift {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
