/*
 * helper_golden: comparing rendered canvases with committed golden PNGs.
 *
 * golden_check() compares @c with tests/golden/<name>.png (under
 * $PIDS_SRCDIR when set, else the current directory, which tests/run.sh
 * makes the repo root).  A pixel is bad when any channel differs by more
 * than @tol; the check passes when at most @max_bad pixels are bad (tol = 0,
 * max_bad = 0: exact).  Two fully transparent pixels are equal whatever
 * their colour.
 *
 * On a mismatch it writes $BUILD/test-out/<name>.actual.png and (same size)
 * <name>.diff.png (BUILD defaults to "build"; red = bad, yellow = within
 * tolerance, dimmed grey = equal), prints the reason to stderr ("size
 * differs: got 160x16, want 160x32" or "37 pixels differ by more than 0,
 * first at 12,3: got #ff000000, want #ffffb000") and returns -1.  A missing
 * golden fails with a hint to run `make golden`.
 *
 * With PIDS_GOLDEN_UPDATE=1 in the environment it writes the golden instead
 * (creating its directory) unless the pixels are already identical, and
 * returns 0 (-1 if writing fails).
 *
 * @name may contain '/' (subdirectories are created).  Usage in a cmocka
 * test:  assert_int_equal(golden_check(c, "led_front_t45", 0, 0), 0);
 */
#ifndef PIDS_HELPER_GOLDEN_H
#define PIDS_HELPER_GOLDEN_H

#include "render/canvas.h"

int golden_check(const struct canvas *c, const char *name, int tol,
		 int max_bad);

#endif
