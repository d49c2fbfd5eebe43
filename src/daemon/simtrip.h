/*
 * simtrip: a simulated bus for demos (pidsd --simulate-trip[=SPEED]).
 *
 * The bus stands at a stop with its doors open, closes them, departs,
 * approaches the next stop (a passenger requests every third stop) and
 * arrives; at the terminal it waits longer, turns round and runs the route
 * the other way.  SPEED divides every duration (2 = twice as fast).
 *
 * Times are monotonic milliseconds; simtrip_step() is called from the
 * daemon's loop when simtrip_next() is due, so nothing here sleeps.
 */
#ifndef PIDS_SIMTRIP_H
#define PIDS_SIMTRIP_H

#include <stdint.h>

#include "scene/trip.h"

/* Durations at speed 1, in milliseconds. */
#define SIMTRIP_DOORS_MS 8000     /* at a stop, doors open */
#define SIMTRIP_CLOSED_MS 2000    /* at a stop, doors closed */
#define SIMTRIP_TERMINAL_MS 20000 /* doors open at the terminal */
#define SIMTRIP_DEPARTED_MS 20000 /* between stops */
#define SIMTRIP_APPROACH_MS 8000  /* next stop announced */

struct simtrip {
	double speed;    /* 0 = off */
	int64_t next_ms; /* when the trip next changes */
};

/* Starts the simulation at @now from @t's phase. */
void simtrip_start(struct simtrip *s, double speed,
		   const struct trip_state *t, int nstops, int64_t now);

/* Restarts the current phase's time after the operator changed the trip. */
void simtrip_reset(struct simtrip *s, const struct trip_state *t, int nstops,
		   int64_t now);

/* When simtrip_step() is next due; INT64_MAX when off. */
int64_t simtrip_next(const struct simtrip *s);

/* Moves @t on to its next state if due at @now (@nstops: the route's stop
   count).  Returns 1 if @t changed. */
int simtrip_step(struct simtrip *s, struct trip_state *t, int nstops,
		 int64_t now);

/* The next state after @t, without timing (exposed for tests). */
void simtrip_advance(struct trip_state *t, int nstops);

#endif
