/*
 * benchframe: what both sides of the render bench draw and report, so
 * tests/tools/renderbench.c (ours) and tests/bench/peer_render.c (cairo +
 * pango) cannot drift apart: the frame's strings, the command line, the
 * clock and the one result line.  Header-only: the peer is built apart
 * from the project (by tests/bench/render.sh).
 */
#ifndef PIDS_BENCHFRAME_H
#define PIDS_BENCHFRAME_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char HEADER[] = "T45 往 北关";
static const char NEXT[] = "下一站 Next stop: 张家湾 Zhangjiawan";
static const char CAPTION[] =
	"花丝镶嵌是北京的传统宫廷手工艺，为燕京八绝之一。匠人将金银抽成细丝，"
	"以掐、填、攒、焊、堆、垒、织、编等技法制成器物，再镶嵌珊瑚、松石、翡翠"
	"等各色宝石。\n"
	"Filigree inlay: gold and silver wire, coiled and set with gems.";
static const char LED1[] = "T45 往 北关";
static const char LED2[] = "下一站 张家湾";

struct bench_opts {
	int led;          /* 1 = the 192x32 LED frame, 0 = 1920x540 LCD */
	int frames;       /* at least 2: the first is the cold one */
	const char *out;  /* PNG of the last frame, or NULL */
	const char *art;  /* the artwork PNG (LCD) */
	const char *font; /* NULL = the side's default for the frame */
};

/* Parses "lcd|led [-n FRAMES] [-o OUT.png] [-a ART.png] [-f FONT]";
   -1 after printing the usage of @prog. */
static inline int bench_opts_parse(int argc, char **argv, const char *prog,
				   struct bench_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->frames = 100;
	o->art = "assets/content/art/filigree-1024.png";
	if (argc < 2 || (strcmp(argv[1], "lcd") && strcmp(argv[1], "led"))) {
		fprintf(stderr, "usage: %s lcd|led [-n FRAMES] "
				"[-o OUT.png] [-a ART.png] [-f FONT]\n",
			prog);
		return -1;
	}
	o->led = !strcmp(argv[1], "led");
	for (i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "-n"))
			o->frames = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-o"))
			o->out = argv[i + 1];
		else if (!strcmp(argv[i], "-a"))
			o->art = argv[i + 1];
		else if (!strcmp(argv[i], "-f"))
			o->font = argv[i + 1];
	}
	if (o->frames < 2)
		o->frames = 2;
	return 0;
}

static inline double bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The result line: setup, the first frame, the median of frames 2..N
   (sorts @ms[1..n)), peak RSS and the lit/grey pixel counts. */
static inline void bench_report(double setup, double *ms, int n, long lit,
				long grey)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	printf("setup_ms=%.3f first_ms=%.3f", setup, ms[0]);
	qsort(ms + 1, (size_t)n - 1, sizeof(*ms), bench_cmp_double);
	printf(" steady_ms=%.5f rss_kib=%ld frames=%d lit=%ld grey=%ld\n",
	       ms[1 + (n - 1) / 2], ru.ru_maxrss, n - 1, lit, grey);
}

#endif
