@testable import InfraEngine
import Testing
@testable import TUICore

/// A refused edit holding key material is kept in memory only, and the UI says so (issue 15).
@Suite struct KeyMaterialDraftTests {
    let helpers = "helpers-normalise-lib"

    @Test func refusedDraftWithAPrivateKeyIsSaidToBeInMemoryOnly() {
        let pasted = SamplePlan.helpersPatch + "+-----BEGIN " + "PRIVATE KEY-----\n"
        var (s, _) = press(SamplePlan.state(), .char("e"))
        (s, _) = update(s, .editSaved(id: helpers, kind: .patch, text: pasted))
        var effects: [Effect]
        (s, effects) = update(s, .editFinished(id: helpers, kind: .patch, text: pasted, outcome: .refused("the patch carries a private key")))
        #expect(s.message?.text.contains("in memory only") == true, "\(s.message?.text ?? "")")
        let info = DetailContent.lines(s, view: .info, width: 500).map { $0.spans.map(\.0).joined() }.joined(separator: "\n")
        #expect(info.contains("in memory only"))
        // What would be saved leaves the draft out; the state keeps it, so e reopens it.
        guard case .save(let record)? = effects.first(where: { if case .save = $0 { return true }; return false }) else {
            Issue.record("no save effect"); return
        }
        #expect(!record.withoutKeyMaterial().operations.contains { $0.drafts.values.contains(pasted) })
        #expect(s.drafts[AppState.draftKey(helpers, .patch)] == pasted)
    }

    @Test func anOrdinaryRefusedDraftSaysNothingMore() {
        var (s, _) = press(SamplePlan.state(), .char("e"))
        (s, _) = update(s, .editFinished(id: helpers, kind: .patch, text: "broken", outcome: .refused("does not parse")))
        #expect(s.message?.text.contains("in memory only") == false)
    }
}
