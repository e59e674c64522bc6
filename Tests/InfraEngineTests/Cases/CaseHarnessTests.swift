import Foundation
import Testing
@testable import InfraEngine

/// The case harness itself: every case folder copies, plans with its own --infra-dir, and the
/// stub CLIs the run checks use are there and executable.
@Suite struct CaseHarnessTests {
    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: CaseRepo.casesFolder.path)) ?? [])
        .filter { $0.first?.isNumber == true }.sorted()

    @Test func everyCaseIsKept() {
        #expect(Self.names.count >= 32, "cases found: \(Self.names)")
    }

    @Test(arguments: names)
    func casePlans(_ name: String) throws {
        let c = try CaseRepo(name)
        _ = try c.plan()
    }

    @Test func stubsRecordCalls() throws {
        let c = try CaseRepo("16-creates-guarded-by-helper")
        let result = try c.twice("gcloud compute networks create n1 --project p; gcloud compute networks describe n1 --project p", once: true)
        #expect(result.stdout.contains("run1 rc=0"), "\(result.stdout)\(result.stderr)")
    }
}

/// Every case, whatever its kind: planning twice gives the same operations byte for byte,
/// and after applying every operation a new plan proposes nothing (DESIGN.md, Convergence).
@Suite struct EveryCaseConvergesTests {
    @Test(arguments: CaseHarnessTests.names)
    func deterministicAndConverges(_ name: String) throws {
        let c = try CaseRepo(name)
        let first = try c.plan(), second = try c.plan()
        #expect(first.operations.map(\.id) == second.operations.map(\.id))
        #expect(first.operations.map(\.patch) == second.operations.map(\.patch))
        try c.applyAll()
        let again = try c.plan()
        #expect(again.operations.isEmpty, "\(name) proposes again: \(again.operations.map(\.id))")
    }
}
