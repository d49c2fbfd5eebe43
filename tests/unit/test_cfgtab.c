/* Tests for util/cfgtab: every type parses, bounds and bad values give
   messages naming the key, and printing re-parses to the same values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/cfgtab.h"

struct demo {
	int n, flag, colour, ms, pins[6], npins;
	double gamma;
	char name[8];
};

static const char *const colours[] = { "amber", "red", NULL };

#define O(f) offsetof(struct demo, f)
static const struct cfg_key demo_keys[] = {
	{ .name = "n", .type = CFG_INT, .off = O(n), .min = 1, .max = 32,
	  .def = "4" },
	{ .name = "flag", .type = CFG_BOOL, .off = O(flag), .def = "no" },
	{ .name = "colour", .type = CFG_ENUM, .off = O(colour),
	  .names = colours, .def = "amber" },
	{ .name = "period", .type = CFG_MS, .off = O(ms), .min = 0,
	  .max = 3600000, .def = "5s" },
	{ .name = "gamma", .type = CFG_DOUBLE, .off = O(gamma), .min = 0.1,
	  .max = 4, .def = "2.2" },
	{ .name = "name", .type = CFG_STR, .off = O(name),
	  .size = sizeof(((struct demo *)0)->name), .def = "" },
	{ .name = "pins", .type = CFG_INTLIST, .off = O(pins), .size = 6,
	  .off2 = O(npins), .min = 0, .max = 511, .def = "" },
	{ .name = NULL },
};

static void expect_error(const char *key, const char *value, const char *msg)
{
	struct demo d;
	struct errbuf e;

	memset(&d, 0, sizeof(d));
	assert_int_equal(cfgtab_set(cfgtab_find(demo_keys, key), &d, value, &e),
			 -1);
	assert_string_equal(e.msg, msg);
}

static void test_defaults(void **state)
{
	struct demo d;

	memset(&d, 0xff, sizeof(d));
	assert_int_equal(cfgtab_defaults(demo_keys, &d, NULL), 0);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.flag, 0);
	assert_int_equal(d.colour, 0);
	assert_int_equal(d.ms, 5000);
	assert_true(d.gamma > 2.19 && d.gamma < 2.21);
	assert_string_equal(d.name, "");
	assert_int_equal(d.npins, 0);
}

static void test_values(void **state)
{
	struct demo d;

	memset(&d, 0, sizeof(d));
	assert_int_equal(cfgtab_set(&demo_keys[0], &d, "32", NULL), 0);
	assert_int_equal(d.n, 32);
	assert_int_equal(cfgtab_set(&demo_keys[1], &d, "On", NULL), 0);
	assert_int_equal(d.flag, 1);
	assert_int_equal(cfgtab_set(&demo_keys[2], &d, "red", NULL), 0);
	assert_int_equal(d.colour, 1);
	assert_int_equal(cfgtab_set(&demo_keys[3], &d, "2min", NULL), 0);
	assert_int_equal(d.ms, 120000);
	assert_int_equal(cfgtab_set(&demo_keys[3], &d, "250", NULL), 0);
	assert_int_equal(d.ms, 250);
	assert_int_equal(cfgtab_set(&demo_keys[6], &d, "17, 18,27", NULL), 0);
	assert_int_equal(d.npins, 3);
	assert_int_equal(d.pins[2], 27);
}

static void test_errors(void **state)
{
	expect_error("n", "33", "n: 33 is above the maximum 32");
	expect_error("n", "0", "n: 0 is below the minimum 1");
	expect_error("n", "4x", "n: '4x' is not a whole number");
	expect_error("flag", "maybe", "flag: 'maybe' is not yes or no");
	expect_error("colour", "blue", "colour: 'blue' is not one of amber, red");
	expect_error("period", "5 parsecs",
		     "period: '5 parsecs' is not a duration (500ms, 5s, 2min)");
	expect_error("period", "-1s",
		     "period: '-1s' is not a duration (500ms, 5s, 2min)");
	expect_error("gamma", "nan", "gamma: 'nan' is not a number");
	expect_error("name", "too long!", "name: longer than 7 bytes");
	expect_error("pins", "1,2,3,4,5,6,7", "pins: more than 6 values");
	expect_error("pins", "1;2", "pins: '1;2' is not a list of numbers");
	expect_error("pins", "600", "pins: 600 is above the maximum 511");
}

static void test_print_reparses(void **state)
{
	struct demo a, b;
	char *buf = NULL, line[256], *eq;
	size_t len = 0;
	FILE *f;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_int_equal(cfgtab_defaults(demo_keys, &a, NULL), 0);
	assert_int_equal(cfgtab_set(&demo_keys[5], &a, "side", NULL), 0);
	assert_int_equal(cfgtab_set(&demo_keys[6], &a, "4,5", NULL), 0);
	f = open_memstream(&buf, &len);
	cfgtab_print(f, demo_keys, &a);
	fclose(f);
	f = fmemopen(buf, len, "r");
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		eq = strstr(line, " = ");
		assert_non_null(eq);
		*eq = 0;
		assert_int_equal(cfgtab_set(cfgtab_find(demo_keys, line), &b,
					    eq + 3, NULL),
				 0);
	}
	fclose(f);
	free(buf);
	assert_memory_equal(&a, &b, sizeof(a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_print_reparses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
