/*
 * notifysock: plays systemd's part of the sd_notify protocol for a test or
 * a benchmark.
 *
 *   notifysock [-l LOG] [-t SECONDS] [-k SECONDS] [-r CMD] -- PROGRAM ARGS...
 *
 * Creates a datagram socket, runs PROGRAM with NOTIFY_SOCKET pointing at it
 * and writes every notification to LOG as "<ms since exec> <message>" (the
 * message's newlines shown as " | ").  On the first READY=1 it prints
 * "ready_ms <ms>" and runs CMD (sh -c) if given, printing "ready_check <rc>".
 * -k stops PROGRAM with SIGTERM that many seconds after READY=1; SIGTERM or
 * SIGINT sent to notifysock are passed on.  -t kills PROGRAM (SIGKILL) if it
 * has not exited after that many seconds.  At the end it prints
 * "exit <status>", "maxrss_kb <peak RSS>" and "cpu_s <user+system>", and
 * exits 0 only if PROGRAM sent READY=1 and exited 0.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t forward;

static void on_signal(int sig)
{
	forward = sig;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int usage(void)
{
	fprintf(stderr, "usage: notifysock [-l LOG] [-t SECONDS] [-k SECONDS] [-r CMD] -- PROGRAM ARGS...\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	double t0, ready = -1, kill_at = -1, deadline = -1, limit = 0,
		   after = -1;
	const char *logpath = NULL, *check = NULL;
	struct rusage ru;
	FILE *log = stderr;
	char dir[] = "/tmp/notifysock.XXXXXX", buf[4096];
	int fd, c, status = 0, done = 0;
	pid_t pid;

	while ((c = getopt(argc, argv, "l:t:k:r:")) != -1) {
		switch (c) {
		case 'l':
			logpath = optarg;
			break;
		case 't':
			limit = atof(optarg);
			break;
		case 'k':
			after = atof(optarg);
			break;
		case 'r':
			check = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind >= argc)
		return usage();
	if (logpath && !(log = fopen(logpath, "w"))) {
		perror(logpath);
		return 2;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/notify", dir);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("notify socket");
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	t0 = now_ms();
	pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		setenv("NOTIFY_SOCKET", sa.sun_path, 1);
		execvp(argv[optind], argv + optind);
		perror(argv[optind]);
		_exit(127);
	}
	if (limit > 0)
		deadline = t0 + limit * 1e3;
	while (!done) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		double t = now_ms();
		ssize_t n;
		char *s;

		if (forward) {
			kill(pid, forward);
			forward = 0;
		}
		if (kill_at >= 0 && t >= kill_at) {
			kill(pid, SIGTERM);
			kill_at = -1;
		}
		if (deadline >= 0 && t >= deadline) {
			fprintf(stderr, "notifysock: %s still running after %g s: killed\n",
				argv[optind], limit);
			kill(pid, SIGKILL);
			deadline = -1;
		}
		if (wait4(pid, &status, WNOHANG, &ru) == pid)
			done = 1; /* then collect what it sent before */
		if (poll(&p, 1, done ? 0 : 20) <= 0)
			continue;
		while ((n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT)) > 0) {
			buf[n] = 0;
			t = now_ms() - t0;
			for (s = buf; *s; s++)
				if (*s == '\n')
					*s = '|';
			fprintf(log, "%.1f %s\n", t, buf);
			fflush(log);
			if (ready < 0 && (strstr(buf, "READY=1|") == buf ||
					  strcmp(buf, "READY=1") == 0 ||
					  strstr(buf, "|READY=1"))) {
				ready = t;
				printf("ready_ms %.1f\n", t);
				fflush(stdout);
				if (check) {
					int rc = system(check);

					rc = WIFEXITED(rc) ? WEXITSTATUS(rc)
							   : 128;
					printf("ready_check %d\n", rc);
					fflush(stdout);
				}
				if (after >= 0)
					kill_at = now_ms() + after * 1e3;
			}
		}
		if (done)
			break;
	}
	printf("exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status)
					      : 128 + WTERMSIG(status));
	printf("maxrss_kb %ld\n", ru.ru_maxrss);
	printf("cpu_s %.3f\n", ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
				       ru.ru_stime.tv_sec +
				       ru.ru_stime.tv_usec / 1e6);
	unlink(sa.sun_path);
	rmdir(dir);
	if (log != stderr)
		fclose(log);
	return ready >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0
									   : 1;
}
