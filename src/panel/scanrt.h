/*
 * scanrt: the real-time side of the LED scan.
 *
 * Runs scan_refresh() (panel/scan.h) back to back in its own thread with
 * SCHED_FIFO when the process may (otherwise a warning naming the fix and
 * normal scheduling), optional CPU affinity and locked memory, and a
 * normal-priority watchdog thread that blanks the sign (OE off) when the
 * scan makes no progress for stall_ms and logs underruns at most every
 * 10 s.  The scan thread drives OE off when it stops, on request or after
 * an I/O error (which scanrt_stats() then reports).
 *
 * The real clock lives here too: CLOCK_MONOTONIC, clock_nanosleep() to
 * @spin_ns before a deadline, then a busy wait (sleep wake-up jitter is
 * tens of microseconds, longer than short OE windows).
 */
#ifndef PIDS_SCANRT_H
#define PIDS_SCANRT_H

#include "panel/scan.h"

struct scan_realclock {
	uint64_t spin_ns;
};
void scan_realclock_init(struct scan_clock *c, struct scan_realclock *rc,
			 uint64_t spin_ns);

struct scan_rt {
	int priority; /* SCHED_FIFO priority, 0 = normal scheduling */
	int cpu;      /* -1 = any */
	int lock;     /* 0 no, 1 scan buffers and stack, 2 mlockall as well */
	int stall_ms; /* watchdog: blank after this long; 0 = never */
};

struct scanrt;

/* Starts the threads on @s (which must outlive them).  A refused
   SCHED_FIFO, CPU or memory lock is a warning; NULL with a reason when a
   thread cannot be created. */
struct scanrt *scanrt_start(struct scan *s, const struct scan_rt *rt,
			    struct errbuf *e);
/* Stops and joins both threads; the output is dark after.  Accepts NULL. */
void scanrt_stop(struct scanrt *t);

struct scanrt_stats {
	int realtime;           /* the scan thread runs SCHED_FIFO */
	int failed;             /* it stopped on an I/O error */
	char error[ERRBUF_LEN]; /* which */
};
void scanrt_stats(struct scanrt *t, struct scanrt_stats *st);

#endif
