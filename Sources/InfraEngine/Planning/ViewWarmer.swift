import Foundation
import Synchronization

/// Reads each new view's tasks on a second thread while the planner's thread plans on it
/// (issue 12, speed): the analyses most rules ask of every task (effective commands,
/// variables, teardown role) for the tasks earlier operations rewrote. It goes from the
/// last task back, the planner's loops from the first on, so they meet once and make
/// little twice; it stops when the planner moves to another view. Only the plan's caches
/// see it: the analyses are pure, so the plan is the same bytes with or without it.
final class ViewWarmer: @unchecked Sendable {
    private let generation = Atomic<Int>(0)
    private let queue = DispatchQueue(label: "infra-tui.view-warmer", qos: .userInitiated)

    func warm(_ view: RepoReality, changed: Set<String>) {
        guard PlanThreads.count > 1 else { return }
        let tasks = view.tasks.filter { changed.contains($0.path) }
        guard !tasks.isEmpty else { return }
        let mine = generation.add(1, ordering: .relaxed).newValue
        queue.async { [self] in
            for task in tasks.reversed() {
                guard generation.load(ordering: .relaxed) == mine else { return }
                _ = EffectiveCommands.of(task, in: view)
                _ = ScriptVariables.of(task, in: view)
                _ = TaskRoles.teardown(task, in: view)
            }
        }
    }

    func stop() { generation.add(1, ordering: .relaxed) }
}
