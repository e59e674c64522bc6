/// The terminal UI's pure core (no ncurses): state, update and render into a screen grid.
public enum TUICore {}
