/*
 * pidsd: the passenger information display daemon.
 *
 *   pidsd [-f FILE] [-v] [--simulate-trip[=SPEED]]   run in the foreground
 *   pidsd -n [-v] [-f FILE]                          check the config
 *
 * It never forks: systemd runs it as Type=notify (systemd/pidsd.service).
 */
#include <getopt.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/config.h"
#include "daemon/loop.h"
#include "util/log.h"

#ifndef PIDS_SYSCONFDIR
#define PIDS_SYSCONFDIR "/etc/pids"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pidsd [-f FILE] [-v] [--simulate-trip[=SPEED]]\n"
		"       pidsd -n [-v] [-f FILE]\n"
		"  -f FILE              configuration (default %s/pidsd.conf)\n"
		"  -n                   check the configuration and exit\n"
		"  -v                   with -n: print the normalised configuration;\n"
		"                       else: debug messages\n"
		"  --simulate-trip[=S]  drive a simulated trip, S times real time\n",
		PIDS_SYSCONFDIR);
}

static void report_stderr(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s\n", msg);
}

static int check_config(const char *path, int verbose)
{
	struct config *c;
	struct errbuf e;

	c = config_load(path, report_stderr, NULL, &e);
	if (!c)
		return 1;
	if (verbose)
		config_print(stdout, c);
	else
		fprintf(stderr, "%s: configuration OK\n", path);
	config_destroy(c);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int parse_speed(const char *s, double *speed)
{
	char *end;

	*speed = s ? strtod(s, &end) : 1.0;
	if (s && (end == s || *end || !isfinite(*speed)))
		return -1;
	return *speed >= 0.01 && *speed <= 10000 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "simulate-trip", optional_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct loop_opts o = { .config_path = PIDS_SYSCONFDIR "/pidsd.conf" };
	int check = 0, verbose = 0, c, rc;
	struct loop *l;
	struct errbuf e;

	while ((c = getopt_long(argc, argv, "f:nvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o.config_path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'S':
			if (parse_speed(optarg, &o.simulate_speed) < 0) {
				fprintf(stderr, "pidsd: --simulate-trip=%s: not a speed from 0.01 to 10000\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (check)
		return check_config(o.config_path, verbose);
	log_init(verbose ? LOG_LVL_DEBUG : LOG_LVL_INFO);
	/* Frames, transition scratch and artwork are megabytes each: a fixed
	   threshold keeps them mapped, so what a reload or a new panel size
	   frees goes back to the system.  glibc's default raises the
	   threshold to the largest block freed, and later blocks of that size
	   stay in the heap (RSS 23 -> 31 MB after a few SIGHUPs).  The heap
	   keeps up to 1 MB free at its top: a PNG snapshot's zlib state
	   (about 300 KB) is not given back and faulted in again each frame. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
	l = loop_create(&o, &e);
	if (!l) {
		log_errx("cannot start: %s", e.msg);
		return 1;
	}
	rc = loop_run(l);
	loop_destroy(l);
	log_info("stopped");
	return rc < 0 ? 1 : 0;
}
