/* Tests for daemon/simtrip: the simulated bus goes through every phase of
   every stop, turns round at the terminal, and keeps its timing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "daemon/simtrip.h"

static void test_one_direction(void **state)
{
	struct trip_state t = { .route = "T45", .doors_open = 1 };
	int i, arrivals = 0, approaches = 0;

	/* 5 stops: 4 legs of doors open -> closed -> departed -> approaching. */
	for (i = 0; i < 16; i++) {
		int before = t.stop;

		simtrip_advance(&t, 5);
		if (t.phase == TRIP_AT_STOP && t.doors_open && t.stop != before)
			arrivals++;
		if (t.phase == TRIP_APPROACHING) {
			approaches++;
			assert_false(t.doors_open);
		}
		if (t.phase == TRIP_DEPARTED)
			assert_int_equal(t.stop_requested, 0);
	}
	assert_int_equal(arrivals, 4);
	assert_int_equal(approaches, 4);
	assert_int_equal(t.stop, 4);
	assert_int_equal(t.phase, TRIP_AT_STOP);
	assert_int_equal(t.direction, 0);
	/* Terminal: doors close, then the bus turns round at stop 0. */
	simtrip_advance(&t, 5);
	assert_int_equal(t.doors_open, 0);
	simtrip_advance(&t, 5);
	assert_int_equal(t.direction, 1);
	assert_int_equal(t.stop, 0);
	assert_int_equal(t.phase, TRIP_AT_STOP);
	assert_int_equal(t.doors_open, 1);
}

static void test_requests(void **state)
{
	struct trip_state t = { .route = "T6", .stop = 1, .phase = TRIP_DEPARTED };

	simtrip_advance(&t, 10); /* approaching stop 2 */
	assert_int_equal(t.phase, TRIP_APPROACHING);
	assert_int_equal(t.stop_requested, 0);
	t.phase = TRIP_DEPARTED;
	t.stop = 2;
	simtrip_advance(&t, 10); /* approaching stop 3: every third */
	assert_int_equal(t.stop_requested, 1);
	simtrip_advance(&t, 10);
	assert_int_equal(t.stop, 3);
	simtrip_advance(&t, 10); /* doors close */
	simtrip_advance(&t, 10); /* depart: request served */
	assert_int_equal(t.phase, TRIP_DEPARTED);
	assert_int_equal(t.stop_requested, 0);
}

static void test_short_routes(void **state)
{
	struct trip_state t = { .stop = 7, .phase = TRIP_DEPARTED };

	/* The route got shorter under the bus (a reload): it stops. */
	simtrip_advance(&t, 3);
	assert_int_equal(t.phase, TRIP_AT_STOP);
	assert_true(t.stop <= 7);
	memset(&t, 0, sizeof(t));
	simtrip_advance(&t, 1);
	assert_int_equal(t.stop, 0);
	assert_int_equal(t.phase, TRIP_AT_STOP);
}

static void test_timing(void **state)
{
	struct trip_state t = { .doors_open = 1 };
	struct simtrip s = { 0 };

	assert_int_equal(simtrip_next(&s), INT64_MAX);
	assert_int_equal(simtrip_step(&s, &t, 5, 1000000), 0);
	simtrip_start(&s, 4.0, &t, 5, 1000);
	assert_int_equal(simtrip_next(&s), 1000 + SIMTRIP_DOORS_MS / 4);
	assert_int_equal(simtrip_step(&s, &t, 5, 1000 + SIMTRIP_DOORS_MS / 4 - 1),
			 0);
	assert_int_equal(t.doors_open, 1);
	assert_int_equal(simtrip_step(&s, &t, 5, 1000 + SIMTRIP_DOORS_MS / 4), 1);
	assert_int_equal(t.doors_open, 0);
	assert_int_equal(simtrip_next(&s),
			 1000 + (SIMTRIP_DOORS_MS + SIMTRIP_CLOSED_MS) / 4);
	/* An operator change restarts the phase's clock. */
	simtrip_reset(&s, &t, 5, 50000);
	assert_int_equal(simtrip_next(&s), 50000 + SIMTRIP_CLOSED_MS / 4);
	/* The terminal holds longer. */
	t.stop = 4;
	t.doors_open = 1;
	simtrip_reset(&s, &t, 5, 0);
	assert_int_equal(simtrip_next(&s), SIMTRIP_TERMINAL_MS / 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_direction),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_short_routes),
		cmocka_unit_test(test_timing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
