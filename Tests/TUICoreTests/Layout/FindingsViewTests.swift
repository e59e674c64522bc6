import InfraEngine
import Testing
@testable import TUICore

/// Issue 16, item 5: findings without a fix could not be seen in the UI. The findings view
/// lists every finding, filters them, and opens the operation that fixes one.
@Suite struct FindingsViewTests {
    func state() -> AppState {
        LayoutPlan.state([LayoutPlan.op("rerun-guard-030-vm", "Make 030-vm safe to run twice")], findings: LayoutPlan.findings)
    }

    func view(_ s: AppState) -> FindingsView? { if case .findings(let v) = s.mode { v } else { nil } }

    @Test func listsEveryFindingWithOrWithoutAFix() {
        let (s, _) = press(state(), .char("F"))
        let text = render(s, width: 80, height: 24).textLines
        #expect(text[1].contains("3 of 3 (1 with a fix, 2 without)"))
        #expect(text.contains { $0.contains("ai/infra/tasks/030-vm.sh:2") && $0.contains("→ rerun-guard-030-vm") })
        #expect(text.contains { $0.contains("ai/infra/keys/deployer.json:1") && $0.contains("no fix") })
        #expect(text.contains { $0.contains("README.md:14") && $0.contains("no fix") })
    }

    @Test func filtersByTextSeverityAndFix() {
        var (s, _) = press(state(), [.char("F"), .char("/")] + typed("key committed") + [.enter])
        #expect(view(s)?.matches(s.gate.plan).map(\.rule) == ["secrets"])
        (s, _) = press(s, [.char("/"), .ctrl("u"), .enter, .char("s")])
        #expect(view(s)?.severity == .error && view(s)?.matches(s.gate.plan).count == 1)
        (s, _) = press(s, .char("s"), .char("s"), .char("s"), .char("f"))
        #expect(view(s)?.severity == nil)
        #expect(view(s)?.matches(s.gate.plan).map(\.rule) == ["secrets", "docs"])
        // The rule's name filters too.
        (s, _) = press(s, [.char("f"), .char("/")] + typed("DOCS") + [.enter])
        #expect(view(s)?.matches(s.gate.plan).map(\.file) == ["README.md"])
    }

    @Test func enterOpensTheFixAtItsFileAndANoFixFindingShowsItsEvidence() {
        var (s, _) = press(state(), .char("F"), .char("j"))
        var text = render(s, width: 80, height: 24).textLines
        let box = text.suffix(7).joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(box.contains("ai/infra/keys/deployer.json:1") && box.contains("a service-account key file is committed"), "\(box)")
        #expect(text.contains { $0.contains("No fix") })
        (s, _) = press(s, .enter)
        #expect(view(s) != nil, "a finding without a fix keeps the view open")
        #expect(s.message?.text.contains("No operation fixes ai/infra/keys/deployer.json:1") == true)
        (s, _) = press(s, .char("k"), .enter)
        #expect(s.mode == .normal && s.current?.id == "rerun-guard-030-vm" && s.view == .diff && s.focus == .detail)
        text = render(s, width: 80, height: 24).textLines
        #expect(text[2].contains("diff --git a/ai/infra/tasks/030-vm.sh"))
        (s, _) = press(s, .char("F"), .escape)
        #expect(s.mode == .normal)
    }
}
