import CNcurses
import Foundation
import Synchronization
import TUICore

/// The signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), or 0. Set from a signal
/// handler, read by the key loop, which restores the terminal before exiting.
let pendingSignal = Atomic<Int32>(0)
/// Where the signal handler writes a byte to wake the key loop (the inbox's pipe), or -1.
let signalWakeFD = Atomic<Int32>(-1)

/// The only code that talks to ncurses: start and restore the terminal, read keys, paint a
/// grid (only the cells that changed since the last paint).
final class Curses {
    private(set) var width = 0
    private(set) var height = 0
    private var painted: ScreenGrid?
    private var pairs: [Attr: Int32] = [:]
    private let theme: Theme
    private var active = false

    /// Starts curses, or says in one line why it cannot.
    init() throws {
        setlocale(LC_ALL, "")
        let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
        let advice = "set TERM to your terminal's type (e.g. xterm-256color), or use the command line (infra-tui plan, infra-tui apply)"
        guard tui_newterm() != nil else {
            throw UIError("cannot start the terminal UI for TERM=\(term); \(advice)")
        }
        // A terminal that cannot move the cursor (TERM=dumb) would get a blank screen that
        // never updates: say so and leave instead.
        guard tui_can_address() != 0 else {
            endwin()
            throw UIError("the terminal UI needs a terminal that can move the cursor, and TERM=\(term) cannot; \(advice)")
        }
        active = true
        Curses.installSignalHandlers()
        cbreak()
        noecho()
        nonl()
        keypad(tui_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        // Reads never block: `waitForKey` waits in poll(), on the terminal and the inbox at once.
        wtimeout(tui_stdscr(), 0)
        var colours = false
        if has_colors() {
            start_color()
            use_default_colors()
            colours = true
        }
        // The wheel and clicks, unless the person keeps the mouse for the terminal's own
        // selection (INFRA_TUI_MOUSE=off; shift-drag selects in most terminals either way).
        if ProcessInfo.processInfo.environment["INFRA_TUI_MOUSE"] != "off" { tui_mouse_on() }
        theme = Theme.detect(environment: ProcessInfo.processInfo.environment, terminalHasColours: colours)
        width = Int(tui_cols())
        height = Int(tui_lines())
    }

    /// Gives the terminal back as it was; safe to call more than once.
    func stop() {
        guard active else { return }
        active = false
        endwin()
    }

    deinit { stop() }

    /// Leaves curses for a child that wants the terminal (the editor), then comes back.
    func suspend<T>(_ body: () throws -> T) rethrows -> T {
        def_prog_mode()
        endwin()
        defer {
            reset_prog_mode()
            painted = nil
            clearok(tui_stdscr(), true)
            refreshSize()
        }
        return try body()
    }

    func refreshSize() {
        width = Int(tui_cols())
        height = Int(tui_lines())
    }

    /// Paints `grid`, touching only the cells that differ from the last painted grid.
    func paint(_ grid: ScreenGrid) {
        let previous = painted?.width == grid.width && painted?.height == grid.height ? painted : nil
        if previous == nil { werase(tui_stdscr()) }
        for row in 0..<grid.height {
            var dirty = (0..<grid.width).map { col in previous.map { $0[row, col] != grid[row, col] } ?? true }
            // A wide character and its continuation cell are always painted together.
            for col in 0..<grid.width where dirty[col] {
                if grid[row, col].isContinuation, col > 0 { dirty[col - 1] = true }
                if col + 1 < grid.width, grid[row, col + 1].isContinuation { dirty[col + 1] = true }
            }
            var col = 0
            while col < grid.width {
                guard dirty[col] else { col += 1; continue }
                let start = col
                let style = grid[row, col].style
                var text = ""
                while col < grid.width, dirty[col], grid[row, col].style == style {
                    text += grid[row, col].text
                    col += 1
                }
                setStyle(style)
                mvwaddstr(tui_stdscr(), Int32(row), Int32(start), text)
            }
        }
        wrefresh(tui_stdscr())
        painted = grid
    }

    private func setStyle(_ style: Style) {
        let attr = theme.attr(style)
        var pair: Int32 = 0
        if theme.colour, attr.fg != .terminal || attr.bg != .terminal {
            let key = Attr(fg: attr.fg, bg: attr.bg)
            if let known = pairs[key] {
                pair = known
            } else {
                pair = Int32(pairs.count + 1)
                init_pair(Int16(pair), Int16(attr.fg.rawValue), Int16(attr.bg.rawValue))
                pairs[key] = pair
            }
        }
        _ = tui_attrset(pair, attr.bold ? 1 : 0, attr.reverse ? 1 : 0, attr.underline ? 1 : 0, attr.dim ? 1 : 0)
    }

    /// Waits until a key is typed or `fd` (the inbox's wake-up pipe) is readable, and returns
    /// the key, or nil for a result, a signal, or after 100 ms (a resize or a signal that came
    /// just before the wait is then seen by the caller's next turn).
    func waitForKey(orReadable fd: Int32) -> Event? {
        // Bytes curses already read (the rest of a burst of keys) do not show in poll().
        if let key = readKey() { return key }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 2, 100) > 0, fds[0].revents != 0 else { return nil }
        if let key = readKey() { return key }
        // The terminal went away (hang-up, closed pane) and nothing is left to read: stop as
        // for SIGHUP rather than spin on a descriptor that is always "ready".
        if Int32(fds[0].revents) & (POLLHUP | POLLERR | POLLNVAL) != 0 { pendingSignal.store(SIGHUP, ordering: .relaxed) }
        return nil
    }

    /// The next key already typed, or nil at once when there is none.
    func readKey() -> Event? {
        var ch: wint_t = 0
        let rc = wget_wch(tui_stdscr(), &ch)
        if rc == ERR { return nil }
        if rc == tui_key_code_yes() {
            switch Int32(ch) {
            case KEY_RESIZE:
                refreshSize()
                painted = nil
                return .resize(width: width, height: height)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BTAB: return .key(.backTab)
            case KEY_ENTER: return .key(.enter)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_MOUSE:
                var row: Int32 = 0, col: Int32 = 0
                switch tui_mouse_event(&row, &col) {
                case 1: return .mouse(MouseEvent(.press, row: Int(row), col: Int(col)))
                case 2: return .mouse(MouseEvent(.wheelUp, row: Int(row), col: Int(col)))
                case 3: return .mouse(MouseEvent(.wheelDown, row: Int(row), col: Int(col)))
                default: return nil
                }
            default: return nil
            }
        }
        switch ch {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 12: painted = nil; return .resize(width: width, height: height)  // ctrl-L: full repaint
        case 1...26: return .key(.ctrl(Character(UnicodeScalar(UInt8(ch) + 96))))
        default:
            guard let scalar = UnicodeScalar(UInt32(ch)) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    /// SIGINT/SIGTERM/SIGHUP are noted and handled by the key loop (which restores the
    /// terminal); a crash restores the terminal before the default action, so no exit path
    /// leaves it in raw mode.
    static func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in
                pendingSignal.store(s, ordering: .relaxed)
                var byte: UInt8 = 1
                let fd = signalWakeFD.load(ordering: .relaxed)
                if fd >= 0 { _ = write(fd, &byte, 1) }
            }
        }
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(sig) { s in
                endwin()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}

struct UIError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
