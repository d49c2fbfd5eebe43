/*
 * trip: where the bus is on its route, as the displays need it.
 */
#ifndef PIDS_TRIP_H
#define PIDS_TRIP_H

enum trip_phase {
	TRIP_AT_STOP,      /* standing at stop @stop */
	TRIP_DEPARTED,     /* left @stop, next is @stop + 1 */
	TRIP_APPROACHING,  /* about to arrive at @stop + 1: announce it */
};

struct trip_state {
	char route[16];     /* route id, e.g. "T45" */
	int direction;      /* 0 or 1, as in the route's content */
	int stop;           /* index of the current (or last) stop */
	int phase;          /* enum trip_phase */
	int stop_requested; /* a passenger pressed the stop button */
	int doors_open;
};

#endif
