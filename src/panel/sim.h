/*
 * sim: a simulated panel, for development, demos and tests.
 *
 * Each frame that changed is written to <snapshot_dir>/<panel>.png,
 * atomically (pngio_save: temporary file, fsync, rename), so a viewer or a
 * test can pick it up at any time.  LED looks are drawn the way the sign
 * would look: every LED a round dot at @dot_scale pixels pitch, in the
 * levels the sign can show (ledcolor: 2^bits levels, ordered dithering, CIE
 * lightness), on black; LCD frames are written as they are.
 *
 * When stdout is a terminal and @preview is set, every sim panel also draws
 * a live preview at the top of the terminal (24-bit colour escapes): mono
 * LED signs as braille dots, one dot per LED; RGB signs as half blocks, one
 * character per 1x2 LEDs (braille in two colours when that does not fit);
 * LCDs as half blocks, downscaled to fit (simterm.h).  Logs scroll
 * underneath in the rest of the terminal.
 *
 * "Missing device" is modelled by the snapshot directory: open fails when
 * the directory cannot be created or written, and show fails when a write
 * fails, so the daemon's retry paths can be exercised without hardware.
 */
#ifndef PIDS_SIM_H
#define PIDS_SIM_H

#include "panel/panel.h"

struct sim_settings {
	char snapshot_dir[160]; /* "" = no snapshots */
	int dot_scale;          /* LED: pixels per LED in snapshots, 1..32 */
	int preview;            /* 1 = terminal preview if stdout is a tty */
};

extern const struct cfg_key sim_keys[];
extern const struct panel_ops panel_sim_ops;

#endif
