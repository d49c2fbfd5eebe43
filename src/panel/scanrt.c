/* scanrt: see scanrt.h. */
#define _GNU_SOURCE
#include "panel/scanrt.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "util/log.h"

#define LOG_EVERY_NS 10000000000ull /* underrun log at most every 10 s */
#define STACK_SIZE (256 * 1024)

struct scanrt {
	struct scan *s;
	struct scan_rt rt;
	pthread_t thread, wdog;
	int have_wdog;
	_Atomic int stop, failed, realtime;
	char error[ERRBUF_LEN]; /* written before failed is set */
	pthread_mutex_t wlock;
	pthread_cond_t wcond;
	int wstop;
	unsigned long logged;
	uint64_t log_t;
	void *stack;
};

/* ---- the real clock ---- */

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t real_now(void *ctx)
{
	return mono_ns();
}

static void real_sleep_until(void *ctx, uint64_t t)
{
	const struct scan_realclock *rc = ctx;

	if (t > mono_ns() + rc->spin_ns) {
		uint64_t w = t - rc->spin_ns;
		struct timespec ts = { .tv_sec = (time_t)(w / 1000000000ull),
				       .tv_nsec = (long)(w % 1000000000ull) };

		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
				       NULL) == EINTR)
			;
	}
	while (mono_ns() < t)
		;
}

void scan_realclock_init(struct scan_clock *c, struct scan_realclock *rc,
			 uint64_t spin_ns)
{
	rc->spin_ns = spin_ns;
	c->now = real_now;
	c->sleep_until = real_sleep_until;
	c->ctx = rc;
}

/* ---- threads ---- */

static void *scan_main(void *arg)
{
	struct scanrt *t = arg;

	while (!atomic_load_explicit(&t->stop, memory_order_relaxed)) {
		if (scan_refresh(t->s) < 0) {
			snprintf(t->error, sizeof(t->error), "%s",
				 scan_error(t->s));
			atomic_store_explicit(&t->failed, 1,
					      memory_order_release);
			break;
		}
	}
	scan_blank(t->s);
	return NULL;
}

static void log_underruns(struct scanrt *t, uint64_t now)
{
	struct scan_stats st;

	scan_stats(t->s, &st);
	if (st.underruns == t->logged || now - t->log_t < LOG_EVERY_NS)
		return;
	log_warnx("%s: %lu LED scan underruns in the last %llu s (worst OE "
		  "overrun %llu us)",
		  scan_name(t->s), st.underruns - t->logged,
		  (unsigned long long)((now - t->log_t) / 1000000000ull),
		  (unsigned long long)(st.worst_late_ns / 1000));
	t->logged = st.underruns;
	t->log_t = now;
}

static void *wdog_main(void *arg)
{
	struct scanrt *t = arg;
	uint64_t stall = (uint64_t)t->rt.stall_ms * 1000000ull;
	uint64_t period = stall ? stall / 4 + 1000000 : 1000000000ull;

	t->log_t = mono_ns();
	pthread_mutex_lock(&t->wlock);
	while (!t->wstop) {
		uint64_t w = mono_ns() + period;
		struct timespec ts = { .tv_sec = (time_t)(w / 1000000000ull),
				       .tv_nsec = (long)(w % 1000000000ull) };

		pthread_cond_timedwait(&t->wcond, &t->wlock, &ts);
		if (t->wstop)
			break;
		pthread_mutex_unlock(&t->wlock);
		if (stall && !atomic_load(&t->failed))
			scan_watchdog_check(t->s, mono_ns(), stall);
		log_underruns(t, mono_ns());
		pthread_mutex_lock(&t->wlock);
	}
	pthread_mutex_unlock(&t->wlock);
	return NULL;
}

/* Locks what the scan thread touches, so no page fault stalls it. */
static void lock_memory(struct scanrt *t, pthread_attr_t *attr)
{
	const char *name = scan_name(t->s);

	if (t->rt.lock >= 2 && mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
		log_warn("%s: mlockall", name);
	if (t->rt.lock < 1)
		return;
	if (scan_lock_memory(t->s) < 0)
		log_warn("%s: cannot lock the scan buffers in memory "
			 "(LimitMEMLOCK=)", name);
	t->stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (t->stack == MAP_FAILED) {
		t->stack = NULL;
		return;
	}
	if (mlock(t->stack, STACK_SIZE) < 0)
		log_warn("%s: cannot lock the scan thread's stack", name);
	pthread_attr_setstack(attr, t->stack, STACK_SIZE);
}

static int spawn(struct scanrt *t, pthread_attr_t *attr, int fifo, int cpu)
{
	struct sched_param sp = { .sched_priority = t->rt.priority };
	cpu_set_t set;

	pthread_attr_setinheritsched(attr, fifo ? PTHREAD_EXPLICIT_SCHED
						: PTHREAD_INHERIT_SCHED);
	if (fifo) {
		pthread_attr_setschedpolicy(attr, SCHED_FIFO);
		pthread_attr_setschedparam(attr, &sp);
	}
	CPU_ZERO(&set);
	if (cpu >= 0 && cpu < CPU_SETSIZE)
		CPU_SET(cpu, &set);
	else
		sched_getaffinity(0, sizeof(set), &set);
	pthread_attr_setaffinity_np(attr, sizeof(set), &set);
	return pthread_create(&t->thread, attr, scan_main, t);
}

static int start_scan(struct scanrt *t, struct errbuf *e)
{
	const char *name = scan_name(t->s);
	int fifo = t->rt.priority > 0, cpu = t->rt.cpu, rc;
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	lock_memory(t, &attr);
	rc = spawn(t, &attr, fifo, cpu);
	if (rc == EPERM && fifo) {
		log_warnx("%s: SCHED_FIFO priority %d not permitted: the LED "
			  "scan runs at normal priority and may flicker under "
			  "load (give pidsd CAP_SYS_NICE or LimitRTPRIO=%d)",
			  name, t->rt.priority, t->rt.priority);
		fifo = 0;
		rc = spawn(t, &attr, fifo, cpu);
	}
	if (rc == EINVAL && cpu >= 0) {
		log_warnx("%s: cpu %d is not available: the LED scan runs on "
			  "any CPU", name, cpu);
		rc = spawn(t, &attr, fifo, -1);
	}
	pthread_attr_destroy(&attr);
	if (rc) {
		errno = rc;
		errbuf_errno(e, "%s: cannot start the scan thread", name);
		return -1;
	}
	atomic_store(&t->realtime, fifo);
	return 0;
}

struct scanrt *scanrt_start(struct scan *s, const struct scan_rt *rt,
			    struct errbuf *e)
{
	struct scanrt *t = calloc(1, sizeof(*t));
	pthread_condattr_t ca;

	if (!t) {
		errbuf_errno(e, "%s: scan thread", scan_name(s));
		return NULL;
	}
	t->s = s;
	t->rt = *rt;
	pthread_mutex_init(&t->wlock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->wcond, &ca);
	pthread_condattr_destroy(&ca);
	if (start_scan(t, e) < 0)
		goto err;
	if (pthread_create(&t->wdog, NULL, wdog_main, t) == 0)
		t->have_wdog = 1;
	else
		log_warn("%s: no stall watchdog", scan_name(s));
	return t;

err:
	pthread_cond_destroy(&t->wcond);
	pthread_mutex_destroy(&t->wlock);
	if (t->stack)
		munmap(t->stack, STACK_SIZE);
	free(t);
	return NULL;
}

void scanrt_stop(struct scanrt *t)
{
	if (!t)
		return;
	atomic_store(&t->stop, 1);
	pthread_join(t->thread, NULL);
	if (t->have_wdog) {
		pthread_mutex_lock(&t->wlock);
		t->wstop = 1;
		pthread_cond_signal(&t->wcond);
		pthread_mutex_unlock(&t->wlock);
		pthread_join(t->wdog, NULL);
	}
	scan_blank(t->s);
	pthread_cond_destroy(&t->wcond);
	pthread_mutex_destroy(&t->wlock);
	if (t->stack)
		munmap(t->stack, STACK_SIZE);
	free(t);
}

void scanrt_stats(struct scanrt *t, struct scanrt_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!t)
		return;
	st->realtime = atomic_load(&t->realtime);
	st->failed = atomic_load_explicit(&t->failed, memory_order_acquire);
	if (st->failed)
		snprintf(st->error, sizeof(st->error), "%s", t->error);
}
