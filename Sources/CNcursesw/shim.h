// The wide-character ncurses API, as Swift can use it.
// libncurses.so is the narrow library: link ncursesw (module.modulemap) and ask for the wide
// declarations before the header is read, or get_wch/wadd_wch silently vanish.
#ifndef KOTAE_CNCURSESW_SHIM_H
#define KOTAE_CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>
#include <wchar.h>

// Swift cannot import macros that assign to their arguments or the attribute macros:
// each becomes a function returning a value.

typedef struct { int height; int width; } kotae_size;

static inline kotae_size kotae_window_size(WINDOW *window) {
    kotae_size size;
    getmaxyx(window, size.height, size.width);
    return size;
}

// The terminal's size as the kernel has it (after a SIGWINCH, before ncurses knows); 0 × 0 when
// `fd` is not a terminal. ioctl takes C varargs, which Swift cannot pass.
static inline kotae_size kotae_terminal_size(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return (kotae_size){0, 0};
    return (kotae_size){size.ws_row, size.ws_col};
}

// tiparm takes its parameters as C varargs, which Swift cannot pass.
static inline const char *kotae_tiparm1(const char *capability, int first) { return tiparm(capability, first); }
static inline const char *kotae_tiparm2(const char *capability, int first, int second) {
    return tiparm(capability, first, second);
}

// Starts curses on the process's own terminal. Unlike initscr, which exits the process when the
// terminal is unknown, this returns NULL so the caller can say why in a sentence.
static inline WINDOW *kotae_start(void) {
    FILE *output = fdopen(1, "w");
    FILE *input = fdopen(0, "r");
    if (output == NULL || input == NULL) return NULL;
    // A terminal gets a line-buffered stream, and ncurses moves down with "\n": one screen
    // would leave in dozens of writes. ncurses flushes at the end of each refresh anyway.
    setvbuf(output, NULL, _IOFBF, 1 << 16);
    if (newterm(NULL, output, input) == NULL) return NULL;
    return stdscr;
}

#endif
