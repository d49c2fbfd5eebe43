/* simtrip: see simtrip.h. */
#include "daemon/simtrip.h"

#include <math.h>

/* How long @t lasts at speed 1. */
static int64_t phase_ms(const struct trip_state *t, int nstops)
{
	switch (t->phase) {
	case TRIP_AT_STOP:
		if (!t->doors_open)
			return SIMTRIP_CLOSED_MS;
		return t->stop >= nstops - 1 ? SIMTRIP_TERMINAL_MS
					     : SIMTRIP_DOORS_MS;
	case TRIP_DEPARTED:
		return SIMTRIP_DEPARTED_MS;
	default:
		return SIMTRIP_APPROACH_MS;
	}
}

static int64_t scaled(const struct simtrip *s, int64_t ms)
{
	int64_t v = llround(ms / s->speed);

	return v < 1 ? 1 : v;
}

void simtrip_start(struct simtrip *s, double speed,
		   const struct trip_state *t, int nstops, int64_t now)
{
	s->speed = speed;
	simtrip_reset(s, t, nstops, now);
}

void simtrip_reset(struct simtrip *s, const struct trip_state *t, int nstops,
		   int64_t now)
{
	s->next_ms = s->speed > 0 ? now + scaled(s, phase_ms(t, nstops))
				  : INT64_MAX;
}

int64_t simtrip_next(const struct simtrip *s)
{
	return s->speed > 0 ? s->next_ms : INT64_MAX;
}

void simtrip_advance(struct trip_state *t, int nstops)
{
	if (nstops < 2) {
		t->phase = TRIP_AT_STOP;
		t->stop = 0;
		t->doors_open = !t->doors_open;
		return;
	}
	if (t->stop >= nstops - 1 && t->phase != TRIP_AT_STOP)
		t->phase = TRIP_AT_STOP; /* the route got shorter */
	switch (t->phase) {
	case TRIP_AT_STOP:
		if (t->doors_open) {
			t->doors_open = 0;
		} else if (t->stop >= nstops - 1) {
			/* terminal: turn round */
			t->direction = !t->direction;
			t->stop = 0;
			t->doors_open = 1;
		} else {
			t->phase = TRIP_DEPARTED;
			t->stop_requested = 0;
		}
		break;
	case TRIP_DEPARTED:
		t->phase = TRIP_APPROACHING;
		t->stop_requested = (t->stop + 1) % 3 == 0 ||
				    t->stop + 1 == nstops - 1;
		break;
	default:
		t->phase = TRIP_AT_STOP;
		t->stop++;
		t->doors_open = 1;
		break;
	}
}

int simtrip_step(struct simtrip *s, struct trip_state *t, int nstops,
		 int64_t now)
{
	if (s->speed <= 0 || now < s->next_ms)
		return 0;
	simtrip_advance(t, nstops);
	s->next_ms = now + scaled(s, phase_ms(t, nstops));
	return 1;
}
