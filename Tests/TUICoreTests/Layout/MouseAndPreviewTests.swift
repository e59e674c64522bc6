@testable import InfraEngine
import Testing
import TestDoubles
@testable import TUICore

/// Mouse reports (wheel and click) and the whole plan's rehearsal preview.
@Suite struct MouseAndPreviewTests {
    @Test func wheelAndClicksSelectScrollAndFocus() {
        var s = SamplePlan.state(longDiff: 200)
        s = update(s, .mouse(MouseEvent(.wheelDown, row: 5, col: 3))).0
        #expect(s.selected == 1)
        s = update(s, .mouse(MouseEvent(.press, row: 4, col: 10))).0
        #expect(s.selected == 2 && s.focus == .queue)
        s = update(s, .mouse(MouseEvent(.press, row: 3, col: 10))).0
        #expect(s.selected == 1)
        // A click below the last operation selects nothing new.
        s = update(s, .mouse(MouseEvent(.press, row: 20, col: 10))).0
        #expect(s.selected == 1)
        s = update(s, .mouse(MouseEvent(.wheelDown, row: 10, col: 50))).0
        #expect(s.top == 3 && s.focus == .queue)
        s = update(s, .mouse(MouseEvent(.wheelUp, row: 10, col: 50))).0
        #expect(s.top == 0)
        s = update(s, .mouse(MouseEvent(.press, row: 10, col: 50))).0
        #expect(s.focus == .detail)
        // The header's tabs: at 80 columns "[ 1 Diff ][ 2 ][ 3 ]" from the pane's first column.
        let x0 = s.leftWidth + 1
        s = update(s, .mouse(MouseEvent(.press, row: 1, col: x0 + 9))).0
        #expect(s.view == .ops)
        s = update(s, .mouse(MouseEvent(.press, row: 1, col: x0 + 1))).0
        #expect(s.view == .diff)
        // In the findings view a click picks a row of the list, not of the box below it.
        let fs = LayoutPlan.state([LayoutPlan.op("rerun-guard-030-vm", "Make 030-vm safe to run twice")], findings: LayoutPlan.findings)
        var (f, _) = press(fs, .char("F"))
        f = update(f, .mouse(MouseEvent(.press, row: 4, col: 10))).0
        if case .findings(let v) = f.mode { #expect(v.selected == 2) } else { Issue.record("the findings view closed") }
        f = update(f, .mouse(MouseEvent(.press, row: 21, col: 10))).0
        if case .findings(let v) = f.mode { #expect(v.selected == 2) }
        // Modal questions ignore the mouse; the help scrolls with the wheel.
        var (h, _) = press(s, .char("?"))
        h = update(h, .mouse(MouseEvent(.wheelDown, row: 5, col: 5))).0
        #expect(h.mode == .help(top: 1))
        let (q, _) = press(SamplePlan.state(), .char("a"), .char("G"), .char("a"), .char("w"))
        #expect(update(q, .mouse(MouseEvent(.press, row: 2, col: 2))).0 == q)
    }

    func call(_ seq: Int, _ line: String, script: String, kind: CallClass) -> DoubleCall {
        let words = line.split(separator: " ").map(String.init)
        return DoubleCall(seq: seq, run: "1", tool: words[0], args: Array(words.dropFirst()), callClass: kind, rc: 0, script: script)
    }

    func run(_ n: Int, _ calls: [DoubleCall]) -> StepRun {
        StepRun(step: "ai/infra/init.sh", run: n, status: 0, timedOut: false, outputCut: false, mutating: calls,
                failedCalls: [], unmodelled: [], firstError: nil, problems: [], seconds: 0)
    }

    @Test func previewShowsTheMutatingCallsPerTaskFromTheLastRehearsal() {
        var plan = SamplePlan.plan()
        let early = [call(1, "gcloud services enable container.googleapis.com", script: "ai/infra/tasks/010-apis.sh", kind: .apply)]
        let late = [call(1, "gcloud services enable container.googleapis.com", script: "ai/infra/tasks/010-apis.sh", kind: .apply),
                    call(2, "gcloud compute networks create edge --subnet-mode=custom", script: "ai/infra/tasks/020-network.sh", kind: .create)]
        plan.operations[0].rehearsal = OperationRehearsal(verdict: .passed, detail: "ok", scripts: [
            ScriptComparison(script: "ai/infra/tasks/010-apis.sh", before: [], after: [run(1, early), run(2, [])])])
        plan.operations[1].rehearsal = OperationRehearsal(verdict: .passed, detail: "ok", scripts: [
            ScriptComparison(script: "ai/infra/init.sh", before: [], after: [run(1, late), run(2, [])])])
        var s = AppState(plan: plan, root: "/srv/demo", validating: false, defaultExportFolder: "/x")
        s = update(s, .resize(width: 80, height: 24)).0
        (s, _) = press(s, .char("P"))
        #expect(s.mode == .preview(top: 0))
        let text = render(s, width: 80, height: 24).textLines
        #expect(text[1].contains("Rehearsal preview of the whole plan"))
        let apis = text.firstIndex { $0.contains("010-apis  (rehearsed with entrypoint-canonical-init)") }
        let network = text.firstIndex { $0.contains("020-network  (rehearsed with entrypoint-canonical-init)") }
        #expect(apis != nil && network != nil && apis! < network!)
        #expect(text.contains { $0.contains("create  gcloud compute networks create edge --subnet-mode=custom") })
        #expect(text.contains { $0.contains("second run: passes and creates nothing again") })
        expectScreen(render(s, width: 80, height: 24), "preview80x24", Goldens.preview80x24)
        (s, _) = press(s, .char("j"))
        #expect(s.mode == .preview(top: 0) || s.mode == .preview(top: 1))
        (s, _) = press(s, .escape)
        #expect(s.mode == .normal)
        // Without rehearsal results it says where they come from.
        let (none, _) = press(SamplePlan.state(), .char("P"))
        #expect(render(none, width: 80, height: 24).textLines.contains { $0.contains("No rehearsal results") })
    }
}
