/*
 * Tests for daemon/control: the socket server with a fake handler, driven
 * by the same poll() calls as the daemon's loop.  Covers several clients at
 * once, requests split across writes and pipelined in one write, blank
 * lines, malformed and over-long requests, clients that vanish or never
 * read, the client limit, the socket's mode, and stale or busy sockets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "daemon/control.h"

static char tmpdir[] = "/tmp/test_control.XXXXXX";
static char sock[256];
static int handled;

/* "echo WORDS..." answers "OK n=<argc> <words joined by |>"; "big N"
   answers N bytes; anything else is an error. */
static void handler(void *arg, const struct request *req,
		    struct control_reply *r)
{
	int i;

	(void)arg;
	handled++;
	if (strcmp(req->argv[0], "echo") == 0) {
		control_printf(r, "OK n=%d", req->argc);
		for (i = 1; i < req->argc; i++)
			control_printf(r, "%c%s", i == 1 ? ' ' : '|',
				       req->argv[i]);
	} else if (strcmp(req->argv[0], "big") == 0 && req->argc == 2) {
		int n = atoi(req->argv[1]);

		control_printf(r, "OK ");
		for (i = 0; i < n; i++)
			control_printf(r, "x");
	} else if (strcmp(req->argv[0], "multi") == 0) {
		control_printf(r, "OK line1\nline2\r\n");
	} else if (strcmp(req->argv[0], "silent") == 0) {
		/* writes nothing */
	} else {
		control_printf(r, "ERR unknown '%s'", req->argv[0]);
	}
}

/* Runs the server for up to @ms, returning early once a poll times out
   with nothing to do. */
static void pump(struct control *c, int ms)
{
	struct pollfd fds[CONTROL_MAX_CLIENTS + 1];
	int n, i;

	for (i = 0; i < ms / 5 + 1; i++) {
		n = control_pollfds(c, fds, CONTROL_MAX_CLIENTS + 1);
		if (poll(fds, n, 5) <= 0)
			return;
		control_dispatch(c, fds, n);
	}
}

static int client(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	strcpy(sa.sun_path, sock);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void say(int fd, const char *s)
{
	assert_int_equal(send(fd, s, strlen(s), MSG_NOSIGNAL), strlen(s));
}

/* Reads what is there (after pumping) into @buf. */
static size_t hear(struct control *c, int fd, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int i;

	for (i = 0; i < 40; i++) {
		pump(c, 20);
		while ((n = recv(fd, buf + got, len - 1 - got, MSG_DONTWAIT)) > 0)
			got += n;
		buf[got] = 0;
		if (got && buf[got - 1] == '\n' && n <= 0)
			break;
		if (n == 0)
			break; /* closed */
	}
	return got;
}

static struct control *start(void)
{
	struct errbuf e;
	struct control *c;

	c = control_create(sock, "", handler, NULL, &e);
	if (!c)
		fail_msg("%s", e.msg);
	handled = 0;
	return c;
}

static void test_requests(void **state)
{
	struct control *c = start();
	char buf[4096];
	struct stat st;
	int fd;

	assert_int_equal(stat(sock, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);
	fd = client();
	say(fd, "echo a \"b c\"\n");
	hear(c, fd, buf, sizeof(buf));
	assert_string_equal(buf, "OK n=3 a|b c\n");
	/* Split across writes, CRLF, pipelined, blank lines get no reply. */
	say(fd, "ec");
	pump(c, 20);
	say(fd, "ho 1\r\n\n  \necho 2\nbogus\n");
	hear(c, fd, buf, sizeof(buf));
	assert_string_equal(buf, "OK n=2 1\nOK n=2 2\nERR unknown 'bogus'\n");
	/* Malformed lines are answered, the connection stays usable. */
	say(fd, "echo \"open\n\xff\xfe\nmulti\nsilent\necho ok\n");
	hear(c, fd, buf, sizeof(buf));
	assert_string_equal(buf, "ERR unterminated quote\n"
				 "ERR request is not UTF-8 text\n"
				 "OK line1 line2  \n"
				 "ERR no reply\n"
				 "OK n=2 ok\n");
	close(fd);
	pump(c, 20);
	assert_int_equal(control_clients(c), 0);
	control_destroy(c);
	assert_int_equal(access(sock, F_OK), -1);
}

static void test_last_line_without_newline(void **state)
{
	struct control *c = start();
	char buf[256];
	int fd = client();

	say(fd, "echo last");
	shutdown(fd, SHUT_WR);
	hear(c, fd, buf, sizeof(buf));
	assert_string_equal(buf, "OK n=2 last\n");
	pump(c, 20);
	assert_int_equal(control_clients(c), 0);
	close(fd);
	control_destroy(c);
}

static void test_several_clients(void **state)
{
	struct control *c = start();
	int fd[5], i;
	char buf[256], want[64];

	for (i = 0; i < 5; i++)
		fd[i] = client();
	/* Interleaved halves of requests from every client. */
	for (i = 0; i < 5; i++)
		say(fd[i], "echo from");
	pump(c, 20);
	for (i = 4; i >= 0; i--) {
		snprintf(buf, sizeof(buf), " %d\n", i);
		say(fd[i], buf);
	}
	for (i = 0; i < 5; i++) {
		hear(c, fd[i], buf, sizeof(buf));
		snprintf(want, sizeof(want), "OK n=3 from|%d\n", i);
		assert_string_equal(buf, want);
	}
	assert_int_equal(control_clients(c), 5);
	for (i = 0; i < 5; i++)
		close(fd[i]);
	pump(c, 20);
	assert_int_equal(control_clients(c), 0);
	control_destroy(c);
}

static void test_too_long(void **state)
{
	struct control *c = start();
	char *big = malloc(REQUEST_MAX_LINE + 100), buf[256];
	int fd = client(), other = client();

	memset(big, 'a', REQUEST_MAX_LINE + 99);
	big[REQUEST_MAX_LINE + 99] = 0;
	say(fd, "echo ");
	say(fd, big);
	hear(c, fd, buf, sizeof(buf));
	assert_string_equal(buf, "ERR request longer than 4096 bytes\n");
	/* ...and the connection is closed. */
	assert_int_equal(recv(fd, buf, sizeof(buf), 0), 0);
	assert_int_equal(handled, 0);
	/* Exactly the limit (4095 bytes and the newline) is fine. */
	memcpy(big, "echo ", 5);
	big[REQUEST_MAX_LINE - 1] = '\n';
	big[REQUEST_MAX_LINE] = 0;
	say(other, big);
	hear(c, other, buf, sizeof(buf));
	assert_memory_equal(buf, "OK n=2 aaaa", 11);
	close(fd);
	close(other);
	free(big);
	control_destroy(c);
}

static void test_client_not_reading(void **state)
{
	struct control *c = start();
	char req[4000] = "", buf[64];
	int fd = client(), other = client(), i;

	/* 400 requests of 2 KB replies each: 800 KB that nobody reads. */
	for (i = 0; i < 400; i++)
		strcat(req, "big 2000\n");
	say(fd, req);
	pump(c, 200);
	assert_int_equal(control_clients(c), 1);
	/* The others are still served. */
	say(other, "echo alive\n");
	hear(c, other, buf, sizeof(buf));
	assert_string_equal(buf, "OK n=2 alive\n");
	close(fd);
	close(other);
	control_destroy(c);
}

static void test_vanishing_client(void **state)
{
	struct control *c = start();
	char buf[64];
	int fd = client(), other = client();

	say(fd, "big 300000\n");
	close(fd); /* before reading the reply */
	pump(c, 100);
	say(other, "echo still\n");
	hear(c, other, buf, sizeof(buf));
	assert_string_equal(buf, "OK n=2 still\n");
	assert_int_equal(control_clients(c), 1);
	close(other);
	control_destroy(c);
}

static void test_client_limit(void **state)
{
	struct control *c = start();
	int fd[CONTROL_MAX_CLIENTS + 1], i;
	char buf[64];

	for (i = 0; i <= CONTROL_MAX_CLIENTS; i++) {
		fd[i] = client();
		pump(c, 10);
	}
	assert_int_equal(control_clients(c), CONTROL_MAX_CLIENTS);
	hear(c, fd[CONTROL_MAX_CLIENTS], buf, sizeof(buf));
	assert_string_equal(buf, "ERR too many clients\n");
	close(fd[0]);
	pump(c, 20);
	i = client();
	say(i, "echo in\n");
	hear(c, i, buf, sizeof(buf));
	assert_string_equal(buf, "OK n=2 in\n");
	close(i);
	for (i = 1; i <= CONTROL_MAX_CLIENTS; i++)
		close(fd[i]);
	control_destroy(c);
}

static void test_stale_and_busy(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct control *c, *c2;
	struct errbuf e;
	char buf[64];
	int fd;

	/* A socket file nobody listens on (a pidsd that died) is replaced. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sa.sun_path, sock);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	c = start();
	/* A live one is not. */
	c2 = control_create(sock, NULL, handler, NULL, &e);
	assert_null(c2);
	snprintf(buf, sizeof(buf), "control socket %.20s", sock);
	assert_non_null(strstr(e.msg, "another pidsd is listening"));
	fd = client();
	say(fd, "echo here\n");
	hear(c, fd, buf, sizeof(buf));
	assert_string_equal(buf, "OK n=2 here\n");
	close(fd);
	control_destroy(c);
}

static void test_bad_paths(void **state)
{
	char p[300];
	struct errbuf e;

	snprintf(p, sizeof(p), "%s/no/such/dir/sock", tmpdir);
	assert_null(control_create(p, NULL, handler, NULL, &e));
	assert_non_null(strstr(e.msg, "no/such/dir/sock: No such file or directory"));
	memset(p, 'a', 120); /* sun_path holds 107 */
	p[120] = 0;
	assert_null(control_create(p, NULL, handler, NULL, &e));
	assert_non_null(strstr(e.msg, "File name too long"));
	/* A group that does not exist is only logged. */
	{
		struct control *c = control_create(sock, "no-such-group-pids",
						   handler, NULL, &e);

		assert_non_null(c);
		control_destroy(c);
	}
}

static int setup(void **state)
{
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(sock, sizeof(sock), "%s/control", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	unlink(sock);
	rmdir(tmpdir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_last_line_without_newline),
		cmocka_unit_test(test_several_clients),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_client_not_reading),
		cmocka_unit_test(test_vanishing_client),
		cmocka_unit_test(test_client_limit),
		cmocka_unit_test(test_stale_and_busy),
		cmocka_unit_test(test_bad_paths),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
