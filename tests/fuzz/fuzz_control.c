/*
 * fuzz_control: the control socket's framing (control.c) under a client
 * sending arbitrary bytes.
 *
 * One server listens on a private socket for the whole process (in a
 * $TMPDIR directory removed at exit).  Each input is one connection: the
 * client sends the input, shuts its side down and reads until the server
 * closes.  The server runs in the same thread, through control_pollfds()
 * and control_dispatch() as in pidsd's poll loop, with a handler that
 * parses the request (request_parse) and answers "OK <op>" or "ERR
 * reason"; "help" answers with embedded line breaks and "status" with
 * nothing, to test the server's clean-up of replies.
 *
 * The replies must be exactly those control.h promises, worked out here
 * from the input: one line per non-blank request line (split at '\n', a
 * '\r' before it dropped, a last line without '\n' answered at the end),
 * "ERR request longer than 4096 bytes" and the end of the connection for
 * a line that does not fit, nothing else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/control.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ROUNDS 100000

static char dir[80], sock_path[100];
static struct control *srv;

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_control: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	abort();
}

/* The daemon's handler, reduced to the grammar. */
static void answer(const struct request *req, struct control_reply *r)
{
	struct command cmd;
	struct errbuf e;

	if (request_parse(req, &cmd, &e) < 0) {
		control_printf(r, "ERR %s", e.msg);
		return;
	}
	if (cmd.op == CTL_STATUS)
		return; /* the server says "ERR no reply" */
	if (cmd.op == CTL_HELP) {
		control_printf(r, "OK %s\nsecond\r\nline", request_help);
		return;
	}
	control_printf(r, "OK %d", (int)cmd.op);
}

static void handler(void *arg, const struct request *req,
		    struct control_reply *r)
{
	(void)arg;
	answer(req, r);
}

static void cleanup(void)
{
	control_destroy(srv);
	rmdir(dir);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	struct errbuf e;

	if (!tmp || !*tmp || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(dir, sizeof(dir), "%s/pids-fuzz-control-XXXXXX", tmp);
	if (!mkdtemp(dir))
		fail("mkdtemp", dir);
	snprintf(sock_path, sizeof(sock_path), "%s/s", dir);
	log_init(LOG_LVL_ERR);
	srv = control_create(sock_path, NULL, handler, NULL, &e);
	if (!srv)
		fail("control_create", e.msg);
	atexit(cleanup);
}

/* The replies control.c must send for @data. */
static void expected(const char *data, size_t size, struct control_reply *out)
{
	static struct request req;
	const char *s = data, *end = data + size, *nl, *line;
	struct errbuf e;
	size_t len, start, i;

	while (s < end) {
		line = s;
		nl = memchr(s, '\n', (size_t)(end - s));
		len = (size_t)((nl ? nl : end) - s);
		s = nl ? nl + 1 : end;
		if (len >= REQUEST_MAX_LINE) { /* the buffer fills first */
			control_printf(out, "ERR request longer than %d bytes\n",
				       REQUEST_MAX_LINE);
			return;
		}
		if (nl && len && line[len - 1] == '\r')
			len--;
		start = out->len;
		if (request_split(line, len, &req, &e) < 0)
			control_printf(out, "ERR %s", e.msg);
		else if (req.argc > 0)
			answer(&req, out);
		else
			continue; /* blank: no reply */
		for (i = start; i < out->len; i++)
			if (out->buf[i] == '\n' || out->buf[i] == '\r')
				out->buf[i] = ' ';
		if (out->len == start)
			control_printf(out, "ERR no reply");
		control_printf(out, "\n");
	}
}

static void append(struct control_reply *r, const char *p, size_t n)
{
	char *b = realloc(r->buf, r->len + n + 1);

	if (!b)
		fail("out of memory", NULL);
	memcpy(b + r->len, p, n);
	r->buf = b;
	r->len += n;
	r->cap = r->len + 1;
}

/* Runs the server until it has closed the connection of @fd, sending
   @data and collecting what comes back in @got. */
static void converse(int fd, const uint8_t *data, size_t size,
		     struct control_reply *got)
{
	struct pollfd fds[CONTROL_MAX_CLIENTS + 1];
	size_t sent = 0;
	char buf[8192];
	ssize_t n;
	int rounds, nfds, shut = 0;

	for (rounds = 0; rounds < MAX_ROUNDS; rounds++) {
		if (sent < size) {
			n = send(fd, data + sent, size - sent,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n > 0)
				sent += (size_t)n;
			else if (n < 0 && errno != EAGAIN)
				sent = size; /* the server gave up on us */
		}
		if (sent == size && !shut) {
			shutdown(fd, SHUT_WR);
			shut = 1;
		}
		nfds = control_pollfds(srv, fds, CONTROL_MAX_CLIENTS + 1);
		if (poll(fds, (nfds_t)nfds, 0) < 0)
			fail("poll", strerror(errno));
		control_dispatch(srv, fds, nfds);
		for (;;) {
			n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (n > 0) {
				append(got, buf, (size_t)n);
				continue;
			}
			if (n == 0 || (errno != EAGAIN && errno != EINTR))
				return; /* closed by the server */
			break;
		}
	}
	fail("the server never closed the connection", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct control_reply got = { 0 }, want = { 0 };
	struct pollfd fds[CONTROL_MAX_CLIENTS + 1];
	int fd, nfds;

	if (!srv)
		setup();
	strcpy(sa.sun_path, sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		fail("connect", strerror(errno));
	/* Accept it. */
	fds[0] = (struct pollfd){ .fd = -1 };
	nfds = control_pollfds(srv, fds, CONTROL_MAX_CLIENTS + 1);
	if (poll(fds, (nfds_t)nfds, 1000) <= 0)
		fail("no connection to accept", NULL);
	control_dispatch(srv, fds, nfds);
	if (control_clients(srv) != 1)
		fail("connection not accepted", NULL);

	converse(fd, data, size, &got);
	close(fd);
	expected((const char *)data, size, &want);
	if (got.len != want.len ||
	    (want.len && memcmp(got.buf, want.buf, want.len) != 0)) {
		fprintf(stderr, "--- want %zu bytes\n%.*s--- got %zu bytes\n"
				"%.*s---\n",
			want.len, (int)want.len, want.buf ? want.buf : "",
			got.len, (int)got.len, got.buf ? got.buf : "");
		fail("replies differ", NULL);
	}
	/* The server lets go of the client once it has seen the end. */
	for (nfds = 0; nfds < 100 && control_clients(srv); nfds++) {
		int n = control_pollfds(srv, fds, CONTROL_MAX_CLIENTS + 1);

		poll(fds, (nfds_t)n, 10);
		control_dispatch(srv, fds, n);
	}
	if (control_clients(srv))
		fail("the client was never dropped", NULL);
	free(got.buf);
	free(want.buf);
	return 0;
}
