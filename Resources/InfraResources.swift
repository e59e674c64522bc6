import Foundation

/// Files shipped with infra-tui: the embedded demo repository and the plan's JSON Schema.
public enum InfraResources {
    /// The demo repository (`Resources/demo`). Its ignore file is stored as `gitignore`
    /// because resource bundles do not carry dot-files reliably.
    public static var demoRepository: URL? { Bundle.module.url(forResource: "demo", withExtension: nil) }
    public static var planSchema: URL? { Bundle.module.url(forResource: "plan.schema", withExtension: "json") }
}
