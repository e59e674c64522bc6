// The few ncurses globals and macros Swift 6 cannot import directly, as inline functions.
#ifndef INFRA_TUI_CNCURSES_SHIM_H
#define INFRA_TUI_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

static inline WINDOW *tui_stdscr(void) { return stdscr; }
static inline int tui_lines(void) { return LINES; }
static inline int tui_cols(void) { return COLS; }
static inline int tui_colors(void) { return COLORS; }
static inline int tui_color_pair(int n) { return COLOR_PAIR(n); }
static inline int tui_key_code_yes(void) { return KEY_CODE_YES; }
/* newterm on the process's own stdio: unlike initscr it returns NULL instead of exiting
   when TERM is unusable, so the caller can say so in one line. */
static inline SCREEN *tui_newterm(void) { return newterm(NULL, stdout, stdin); }
/* One attribute word from the pieces the theme decides (the A_* macros are not imported). */
static inline int tui_attrset(int pair, int bold, int reverse, int underline, int dim) {
    attr_t a = COLOR_PAIR(pair);
    if (bold) a |= A_BOLD;
    if (reverse) a |= A_REVERSE;
    if (underline) a |= A_UNDERLINE;
    if (dim) a |= A_DIM;
    return wattrset(stdscr, (int)a);
}
/* Whether the current terminal can move the cursor (terminfo `cup`): without it (TERM=dumb,
   a printing terminal) curses cannot draw a screen at all. */
static inline int tui_can_address(void) {
    const char *s = tigetstr("cup");
    return s != NULL && s != (const char *)-1;
}
/* Reports presses and the wheel (no motion: it would flood the loop). */
static inline void tui_mouse_on(void) {
    mousemask(ALL_MOUSE_EVENTS, NULL);
    mouseinterval(0);
}
/* The mouse event just read with KEY_MOUSE: 1 a press of the first button, 2 wheel up,
   3 wheel down, 0 anything else; the cell in *row, *col. */
static inline int tui_mouse_event(int *row, int *col) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *row = e.y;
    *col = e.x;
    if (e.bstate & BUTTON4_PRESSED) return 2;
#ifdef BUTTON5_PRESSED
    if (e.bstate & BUTTON5_PRESSED) return 3;
#endif
    if (e.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    return 0;
}
#endif
