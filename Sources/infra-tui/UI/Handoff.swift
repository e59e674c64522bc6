import Foundation
import TUICore

/// What the shell does for the core's hand-overs: the clipboard (OSC 52) and running the
/// person's editor with the terminal given back to it.
enum Handoff {
    /// Writes OSC 52 (ESC ] 52 ; c ; base64 BEL) straight to the terminal. Inside tmux the
    /// sequence is passed through only with `set-clipboard on` (tmux's default is `external`,
    /// which accepts it from applications); nothing is printed either way.
    static func copyToClipboard(_ text: String) {
        let sequence = "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        let bytes = Array(sequence.utf8)
        _ = bytes.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    /// Opens `file` read-only at `line` in $VISUAL/$EDITOR (`ReadOnlyView.command`).
    static func view(_ file: URL, line: Int, curses: Curses) -> Event? {
        guard FileManager.default.fileExists(atPath: file.path) else { return .failed("\(file.path) does not exist") }
        let env = ProcessInfo.processInfo.environment
        let editor = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
        do { try curses.suspend { try runEditor(ReadOnlyView.command(editor: editor, line: line), file: file, name: editor) } }
        catch { return .failed("Editor: \(error)") }
        return nil
    }

    /// Runs `command` under `sh -c` with the file as `$1`. The editor's error output goes to
    /// a file, not the terminal: left on the terminal it would still be there after infra-tui
    /// quits (curses restores the screen as it was before the editor wrote to it); a failure
    /// is reported with its first line instead.
    static func runEditor(_ command: String, file: URL, name: String) throws {
        // In the temporary folder, never beside the file (which may be in the person's tree).
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-editor-stderr-\(getpid())")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil, attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(at: errors) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Through the shell, so an editor given with arguments ("code --wait") works.
        process.arguments = ["-c", command, "infra-tui-editor", file.path]
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let said = (try? String(contentsOf: errors, encoding: .utf8))?
                .split(separator: "\n").first.map { ": " + $0.trimmingCharacters(in: .whitespaces) } ?? ""
            throw UIError("\(name) exited with status \(process.terminationStatus)\(said); nothing changed")
        }
    }
}
