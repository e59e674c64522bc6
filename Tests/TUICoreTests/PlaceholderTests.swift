import Testing
@testable import TUICore

@Test func coreModuleLoads() { #expect(String(describing: TUICore.self) == "TUICore") }
