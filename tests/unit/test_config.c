/*
 * Tests for daemon/config: every error gives its file:line message (and
 * every error in a file is reported, not just the first), the shipped
 * configs parse, normalised output matches its golden file and parses back
 * to the same output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "daemon/config.h"
#include "panel/sim.h"

static char tmpdir[] = "/tmp/test_config.XXXXXX";
static char path[256];

struct errors {
	int n;
	char msg[32][512];
};

static void collect(void *arg, const char *msg)
{
	struct errors *e = arg;

	if (e->n < 32)
		snprintf(e->msg[e->n++], sizeof(e->msg[0]), "%s", msg);
}

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static struct config *load_text(const char *text, struct errors *errs,
				struct errbuf *e)
{
	memset(errs, 0, sizeof(*errs));
	write_file(path, text);
	return config_load(path, collect, errs, e);
}

/* "LINE: message" expected; "0: message" for file-level errors.  A trailing
   '*' matches any rest (for lists that grow with the backend registry). */
static void expect_errors(const char *text, const char *const *want)
{
	struct errors errs;
	struct errbuf e;
	struct config *c;
	int i, n = 0;

	c = load_text(text, &errs, &e);
	assert_null(c);
	while (want[n])
		n++;
	if (errs.n != n)
		for (i = 0; i < errs.n; i++)
			fprintf(stderr, "  got: %s\n", errs.msg[i]);
	assert_int_equal(errs.n, n);
	for (i = 0; i < n; i++) {
		char full[600];
		int line = atoi(want[i]);
		const char *msg = strchr(want[i], ' ') + 1;
		size_t len;

		if (line)
			snprintf(full, sizeof(full), "%s:%d: %s", path, line, msg);
		else
			snprintf(full, sizeof(full), "%s: %s", path, msg);
		len = strlen(full);
		if (full[len - 1] == '*')
			assert_memory_equal(errs.msg[i], full, len - 1);
		else
			assert_string_equal(errs.msg[i], full);
	}
	/* The errbuf holds the first error and the count. */
	assert_memory_equal(e.msg, errs.msg[0], strlen(errs.msg[0]) < 200
							? strlen(errs.msg[0])
							: 200);
	if (n > 1)
		assert_non_null(strstr(e.msg, n > 2 ? "more errors" : "more error)"));
}

#define ERRS(...) ((const char *const[]){ __VA_ARGS__, NULL })

#define PANEL "[panel.front]\nrole = front\ntype = sim\nwidth = 160\nheight = 16\n"

static void test_syntax(void **state)
{
	expect_errors("[vehicle\nid = x\n" PANEL,
		      ERRS("1: syntax error: '[' without ']'"));
	expect_errors("[vehicle] junk\n" PANEL,
		      ERRS("1: syntax error: text after [vehicle]"));
	expect_errors(PANEL "look\n",
		      ERRS("6: syntax error: expected 'key = value'"));
	expect_errors(PANEL "  indented continuation\n",
		      ERRS("6: syntax error: expected 'key = value'"));
	expect_errors("id = bus\n" PANEL, ERRS("1: 'id' outside any section"));
	expect_errors(PANEL "= 5\n", ERRS("6: syntax error: empty key"));
}

static void test_sections(void **state)
{
	expect_errors("[vehicles]\nid = x\n" PANEL,
		      ERRS("1: unknown section [vehicles] (expected [vehicle] or [panel.NAME])"));
	expect_errors("[panel.Front]\nrole = front\n",
		      ERRS("1: [panel.Front]: a panel name is 1 to 31 of a-z, 0-9, - and _"));
	expect_errors("[panel.]\n",
		      ERRS("1: [panel.]: a panel name is 1 to 31 of a-z, 0-9, - and _"));
	expect_errors(PANEL PANEL,
		      ERRS("6: [panel.front] appears twice (first at line 1)"));
	expect_errors("[vehicle]\n[vehicle]\n" PANEL,
		      ERRS("2: [vehicle] appears twice (first at line 1)"));
	expect_errors("[vehicle]\n", ERRS("0: no [panel.NAME] section: nothing to drive"));
	expect_errors("", ERRS("0: no [panel.NAME] section: nothing to drive"));
}

static void test_vehicle_keys(void **state)
{
	expect_errors("[vehicle]\ncolour = red\n" PANEL,
		      ERRS("2: unknown key 'colour' in [vehicle]"));
	expect_errors("[vehicle]\nid = a\nid = b\n" PANEL,
		      ERRS("3: 'id' set twice (first at line 2)"));
	expect_errors("[vehicle]\ndirection = 2\n" PANEL,
		      ERRS("2: direction: 2 is above the maximum 1"));
	expect_errors("[vehicle]\ndirection = west\n" PANEL,
		      ERRS("2: direction: 'west' is not a whole number"));
	expect_errors("[vehicle]\nroute = T45-express-long-name\n" PANEL,
		      ERRS("2: route: longer than 15 bytes"));
	expect_errors("[vehicle]\nretry_min = soon\n" PANEL,
		      ERRS("2: retry_min: 'soon' is not a duration (500ms, 5s, 2min)"));
	expect_errors("[vehicle]\nretry_min = 10s\nretry_max = 2s\n" PANEL,
		      ERRS("1: [vehicle]: retry_max is below retry_min"));
	if (access("/usr/share/zoneinfo", F_OK) == 0)
		expect_errors("[vehicle]\ntimezone = Asia/Shangai\n" PANEL,
			      ERRS("1: [vehicle]: timezone: 'Asia/Shangai' is not a known time zone"));
	expect_errors("[vehicle]\ntimezone = ../../etc/passwd\n" PANEL,
		      ERRS("1: [vehicle]: timezone: '../../etc/passwd' is not a known time zone"));
}

static void test_panel_keys(void **state)
{
	expect_errors("[panel.a]\nwidth = 10\n",
		      ERRS("1: [panel.a]: missing key 'role'",
			   "1: [panel.a]: missing key 'type'"));
	expect_errors("[panel.a]\nrole = front\ntype = hub99\n",
		      ERRS("3: type: 'hub99' is not one of sim*"));
	expect_errors("[panel.a]\nrole = roof\ntype = sim\nwidth = 1\nheight = 1\n",
		      ERRS("2: role: 'roof' is not one of front, side, rear, interior"));
	expect_errors(PANEL "dot_size = 3\n",
		      ERRS("6: unknown key 'dot_size' for a panel of type sim"));
	expect_errors(PANEL "brightness = 140\n",
		      ERRS("6: brightness: 140 is above the maximum 100"));
	expect_errors(PANEL "preview = maybe\n",
		      ERRS("6: preview: 'maybe' is not yes or no"));
	expect_errors(PANEL "look = oled\n",
		      ERRS("6: look: 'oled' is not one of led-mono, led-rgb, lcd"));
	expect_errors(PANEL "color = pink\n",
		      ERRS("6: color: 'pink' is not amber, red, white, green, blue, yellow or #rrggbb"));
	expect_errors(PANEL "width = 20\n",
		      ERRS("6: 'width' set twice (first at line 4)"));
	/* The backend's validate(): cross-key checks, at the section line. */
	expect_errors("\n[panel.x]\nrole = rear\ntype = sim\n",
		      ERRS("2: [panel.x]: a sim panel needs width and height"));
	expect_errors(PANEL "look = led-mono\ndot_scale = 32\nwidth = 1000\n",
		      ERRS("8: 'width' set twice (first at line 4)"));
	expect_errors("[panel.big]\nrole = front\ntype = sim\nwidth = 1000\nheight = 16\nlook = led-mono\ndot_scale = 32\n",
		      ERRS("1: [panel.big]: 1000x16 at dot_scale 32 is larger than 16384 pixels"));
}

static void test_every_error_reported(void **state)
{
	expect_errors("[vehicle]\n"
		      "direction = 3\n"
		      "bogus = 1\n"
		      "[panel.front]\n"
		      "role = front\n"
		      "type = sim\n"
		      "width = -4\n"
		      "height = 16\n"
		      "[oops\n"
		      "[panel.rear]\n"
		      "role = rear\n"
		      "type = sim\n"
		      "width = 48\n"
		      "height = 16\n"
		      "brightness = 0\n",
		      ERRS("9: syntax error: '[' without ']'",
			   "2: direction: 3 is above the maximum 1",
			   "3: unknown key 'bogus' in [vehicle]",
			   "7: width: -4 is below the minimum 0",
			   "15: brightness: 0 is below the minimum 1"));
}

static void test_lines(void **state)
{
	char text[600];

	snprintf(text, sizeof(text), PANEL "snapshot_dir = %0300d\n", 0);
	expect_errors(text, ERRS("6: line too long (more than 197 characters)"));
	expect_errors("[vehicle]\r\nid = x\r\nid = y\r\n" PANEL,
		      ERRS("3: 'id' set twice (first at line 2)"));
}

static void test_nul_byte(void **state)
{
	static const char text[] = "[vehicle]\nid = a\0b\n" PANEL;
	struct errors errs = { 0 };
	struct errbuf e;
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fwrite(text, 1, sizeof(text) - 1, f);
	fclose(f);
	assert_null(config_load(path, collect, &errs, &e));
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.msg[0], ":2: NUL byte in line"));
}

static void test_too_many_panels(void **state)
{
	char text[8192] = "";
	struct errors errs;
	struct errbuf e;
	int i;

	for (i = 0; i <= CONFIG_MAX_PANELS; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "[panel.p%d]\nrole = side\ntype = sim\nwidth = 8\nheight = 8\n",
			 i);
	assert_null(load_text(text, &errs, &e));
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.msg[0], ":81: more than 16 panels"));
}

static void test_missing_file(void **state)
{
	struct errors errs = { 0 };
	struct errbuf e;
	char p[300];

	snprintf(p, sizeof(p), "%s/none.conf", tmpdir);
	assert_null(config_load(p, collect, &errs, &e));
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.msg[0], "none.conf: No such file or directory"));
	assert_non_null(strstr(e.msg, "none.conf: No such file or directory"));
}

static void test_values(void **state)
{
	struct errors errs;
	struct errbuf e;
	struct config *c;
	const struct sim_settings *s;

	c = load_text("# comment\n; another\n[vehicle]\nid = bus-7 ; inline comment\n"
		      "route = T6\ndirection = 1\nretry_min = 250ms\n"
		      "control_group =\n"
		      "[panel.side]\nrole = side\ntype = sim\nwidth = 192\n"
		      "height = 32\nlook = led-rgb\nbits = 4\ndot_scale = 3\n"
		      "preview = no\n",
		      &errs, &e);
	assert_non_null(c);
	assert_int_equal(errs.n, 0);
	assert_string_equal(c->vehicle.id, "bus-7");
	assert_string_equal(c->vehicle.route, "T6");
	assert_int_equal(c->vehicle.direction, 1);
	assert_int_equal(c->vehicle.retry_min_ms, 250);
	assert_int_equal(c->vehicle.retry_max_ms, 30000);
	assert_string_equal(c->vehicle.timezone, "Asia/Shanghai");
	assert_string_equal(c->vehicle.control_group, "");
	assert_string_equal(c->vehicle.control_socket, "/run/pids/control");
	assert_int_equal(c->npanels, 1);
	assert_string_equal(c->panels[0].common.name, "side");
	assert_int_equal(c->panels[0].common.role, PANEL_SIDE);
	assert_int_equal(c->panels[0].common.look, LOOK_LED_RGB);
	assert_int_equal(c->panels[0].common.bits, 4);
	assert_ptr_equal(c->panels[0].ops, &panel_sim_ops);
	s = c->panels[0].settings;
	assert_int_equal(s->dot_scale, 3);
	assert_int_equal(s->preview, 0);
	assert_string_equal(s->snapshot_dir, "");
	assert_ptr_equal(config_panel_find(c, "side"), &c->panels[0]);
	assert_null(config_panel_find(c, "front"));
	config_destroy(c);
}

static char *print_to_string(const struct config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	config_print(f, c);
	fclose(f);
	return buf;
}

static char *read_file(const char *p)
{
	FILE *f = fopen(p, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	assert_int_equal(fread(buf, 1, n, f), n);
	fclose(f);
	return buf;
}

/* Loads @file (no errors allowed), checks that its normalised form parses
   back to the same text, and returns that text. */
static char *round_trip(const char *file)
{
	struct errors errs = { 0 };
	struct errbuf e;
	struct config *c, *c2;
	char *out, *out2;
	int i;

	c = config_load(file, collect, &errs, &e);
	for (i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.msg[i]);
	assert_non_null(c);
	out = print_to_string(c);
	write_file(path, out);
	c2 = config_load(path, collect, &errs, &e);
	assert_non_null(c2);
	out2 = print_to_string(c2);
	assert_string_equal(out, out2);
	for (i = 0; i < c->npanels; i++)
		assert_true(config_panel_same(&c->panels[i], &c2->panels[i]));
	free(out2);
	config_destroy(c);
	config_destroy(c2);
	return out;
}

static void golden(const char *in, const char *ok)
{
	char *got = round_trip(in), *want = read_file(ok);
	const char *upd = getenv("PIDS_GOLDEN_UPDATE");

	if (upd && strcmp(upd, "1") == 0 && (!want || strcmp(got, want))) {
		write_file(ok, got);
		fprintf(stderr, "updated %s\n", ok);
	} else {
		if (!want)
			fail_msg("%s missing: run make golden", ok);
		assert_string_equal(got, want);
	}
	free(got);
	free(want);
}

static void test_shipped_configs(void **state)
{
	free(round_trip("tests/data/dev.conf"));
	free(round_trip("systemd/pidsd.conf"));
}

static void test_golden(void **state)
{
	golden("tests/data/config/minimal.conf", "tests/data/config/minimal.ok");
	golden("tests/data/dev.conf", "tests/data/config/dev.ok");
	golden("tests/data/config/full.conf", "tests/data/config/full.ok");
}

static void test_panel_same(void **state)
{
	struct errors errs;
	struct errbuf e;
	struct config *a, *b;

	a = load_text(PANEL "color = red\n", &errs, &e);
	assert_non_null(a);
	b = load_text("[vehicle]\nid = other\n" PANEL "color = red\n", &errs, &e);
	assert_non_null(b);
	assert_true(config_panel_same(&a->panels[0], &b->panels[0]));
	config_destroy(b);
	b = load_text(PANEL "color = amber\n", &errs, &e);
	assert_non_null(b);
	assert_false(config_panel_same(&a->panels[0], &b->panels[0]));
	config_destroy(b);
	b = load_text(PANEL "color = red\ndot_scale = 2\n", &errs, &e);
	assert_non_null(b);
	assert_false(config_panel_same(&a->panels[0], &b->panels[0]));
	config_destroy(b);
	config_destroy(a);
}

static int setup(void **state)
{
	const char *src = getenv("PIDS_SRCDIR");

	if (src && chdir(src) < 0)
		return -1;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof(path), "%s/t.conf", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	rmdir(tmpdir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_vehicle_keys),
		cmocka_unit_test(test_panel_keys),
		cmocka_unit_test(test_every_error_reported),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_too_many_panels),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_shipped_configs),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_panel_same),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
