/*
 * fuzz_config: config_load() on arbitrary pidsd.conf text.
 *
 * The input is written to a private file (created once per process in
 * $TMPDIR, removed at exit) and loaded.  Beyond crashes it checks what
 * config.h promises:
 *
 *  - every error is reported as one line "FILE:LINE: message" or
 *    "FILE: message", and a refusal says why and how many errors there
 *    were;
 *  - a file that loads prints (config_print) to text that loads back to
 *    the same configuration (every key of the vehicle and of each panel,
 *    config_panel_same) and prints the same again.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/config.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[1024], in_path[1100], out_path[1100];
static int nreports;

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_config: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	abort();
}

static void cleanup(void)
{
	unlink(in_path);
	unlink(out_path);
	rmdir(dir);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/pids-fuzz-config-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		fail("mkdtemp", dir);
	snprintf(in_path, sizeof(in_path), "%s/in.conf", dir);
	snprintf(out_path, sizeof(out_path), "%s/out.conf", dir);
	atexit(cleanup);
	/* Backends log hints (log_info) while validating: not wanted here. */
	log_init(LOG_LVL_ERR);
}

static void write_all(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		fail("cannot write", path);
	close(fd);
}

/* Each report: one line naming the file. */
static void report(void *arg, const char *msg)
{
	const char *path = arg;
	size_t n = strlen(path);

	nreports++;
	if (strncmp(msg, path, n) != 0 || msg[n] != ':' || !msg[n + 1])
		fail("report does not start with the file name", msg);
	if (strpbrk(msg, "\n\r"))
		fail("report of more than one line", msg);
}

/* The configuration printed, in a new string. */
static char *print(const struct config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		fail("open_memstream", NULL);
	config_print(f, c);
	fclose(f);
	return buf;
}

static int keys_equal(const struct cfg_key *tab, const void *a, const void *b)
{
	char va[512], vb[512];

	for (; tab->name; tab++) {
		if (cfgtab_format(tab, a, va, sizeof(va)) < 0 ||
		    cfgtab_format(tab, b, vb, sizeof(vb)) < 0)
			fail("a key does not format", tab->name);
		if (strcmp(va, vb) != 0)
			return 0;
	}
	return 1;
}

/* Loaded @c prints to text that loads back to the same. */
static void round_trip(const struct config *c)
{
	struct config *c2;
	struct errbuf e;
	char *text, *text2;
	int i;

	text = print(c);
	write_all(out_path, (const uint8_t *)text, strlen(text));
	c2 = config_load(out_path, report, out_path, &e);
	if (!c2) {
		fprintf(stderr, "%s\n", text);
		fail("the printed configuration does not load", e.msg);
	}
	if (!keys_equal(config_vehicle_keys, &c->vehicle, &c2->vehicle))
		fail("[vehicle] changed on the round trip", NULL);
	if (c2->npanels != c->npanels)
		fail("panel count changed on the round trip", NULL);
	for (i = 0; i < c->npanels; i++) {
		if (!config_panel_same(&c->panels[i], &c2->panels[i]))
			fail("a panel changed on the round trip",
			     c->panels[i].common.name);
		if (config_panel_find(c, c->panels[i].common.name) !=
		    &c->panels[i])
			fail("config_panel_find", c->panels[i].common.name);
	}
	text2 = print(c2);
	if (strcmp(text, text2) != 0) {
		fprintf(stderr, "--- first\n%s--- second\n%s", text, text2);
		fail("printing is not stable", NULL);
	}
	free(text2);
	free(text);
	config_destroy(c2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c;
	struct errbuf e;

	if (!dir[0])
		setup();
	write_all(in_path, data, size);
	nreports = 0;
	e.msg[0] = 0;
	c = config_load(in_path, report, in_path, &e);
	if (!c) {
		if (!e.msg[0] || nreports == 0)
			fail("refused without a reason", e.msg);
		if (strpbrk(e.msg, "\n\r"))
			fail("reason of more than one line", e.msg);
		if (nreports > 1 && !strstr(e.msg, "more error"))
			fail("reason does not count the errors", e.msg);
		return 0;
	}
	if (nreports)
		fail("loaded, yet errors were reported", NULL);
	round_trip(c);
	config_destroy(c);
	return 0;
}
