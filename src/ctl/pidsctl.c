/*
 * pidsctl: controls a running pidsd through its control socket.
 *
 * Each command becomes one request line (README.md, "Control protocol");
 * the reply "OK ..." exits 0, "ERR reason" prints the reason and exits 1,
 * and a daemon that cannot be reached exits 2 with a hint.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "daemon/request.h"

#define DEFAULT_SOCKET "/run/pids/control"
#define REPLY_TIMEOUT_MS 30000 /* a reload decodes every PNG */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pidsctl [-s SOCKET] COMMAND\n"
		"  status [--json]                     trip, message and panels\n"
		"  trip ROUTE DIR [STOP]               set route, direction (0/1), stop\n"
		"  stop next|prev|N                    the bus is at that stop\n"
		"  phase at-stop|departed|approaching  approaching announces the next stop\n"
		"  doors open|closed\n"
		"  request on|off                      stop requested\n"
		"  message TEXT [--priority info|urgent] [--for DURATION]\n"
		"  message --clear\n"
		"  brightness PANEL|all PERCENT|auto   auto: config, dimmed at night\n"
		"  reload                              reread config and content\n"
		"  snapshot DIR                        PNG of every panel as it is now\n"
		"  -s SOCKET  control socket (default $PIDS_SOCKET or %s)\n",
		DEFAULT_SOCKET);
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "pidsctl: %s: socket path too long\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("pidsctl: socket");
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	if (errno == ENOENT)
		fprintf(stderr, "pidsctl: %s: no such socket: pidsd is not running (or uses another socket: -s)\n",
			path);
	else if (errno == ECONNREFUSED)
		fprintf(stderr, "pidsctl: %s: connection refused: pidsd is not running\n",
			path);
	else if (errno == EACCES)
		fprintf(stderr, "pidsctl: %s: permission denied: run as root or as a member of group pids\n",
			path);
	else
		fprintf(stderr, "pidsctl: %s: %s\n", path, strerror(errno));
	close(fd);
	return -1;
}

/* Sends @req and reads one reply line into *@reply (malloc'd).  -1 after
   printing why. */
static int transact(const char *path, const char *req, char **reply)
{
	size_t len = 0, cap = 4096;
	struct pollfd p;
	char *buf, *nl;
	ssize_t n;
	int fd, r;

	fd = connect_to(path);
	if (fd < 0)
		return -1;
	if (send(fd, req, strlen(req), MSG_NOSIGNAL) != (ssize_t)strlen(req)) {
		fprintf(stderr, "pidsctl: %s: %s\n", path, strerror(errno));
		goto fail;
	}
	buf = malloc(cap);
	if (!buf)
		goto fail;
	for (;;) {
		p = (struct pollfd){ .fd = fd, .events = POLLIN };
		r = poll(&p, 1, REPLY_TIMEOUT_MS);
		if (r == 0) {
			fprintf(stderr, "pidsctl: %s: no reply within %d s\n",
				path, REPLY_TIMEOUT_MS / 1000);
			goto fail_buf;
		}
		if (len + 1 == cap) {
			char *nb = realloc(buf, cap *= 2);

			if (!nb)
				goto fail_buf;
			buf = nb;
		}
		n = r < 0 ? -1 : recv(fd, buf + len, cap - len - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "pidsctl: %s: connection closed without a reply\n",
				path);
			goto fail_buf;
		}
		len += n;
		buf[len] = 0;
		nl = memchr(buf, '\n', len);
		if (nl) {
			*nl = 0;
			break;
		}
	}
	close(fd);
	*reply = buf;
	return 0;
fail_buf:
	free(buf);
fail:
	close(fd);
	return -1;
}

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static long long jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void print_trip(json_t *t)
{
	const char *next = jstr(t, "next_stop");

	printf("trip     %s direction %lld to %s (%s)\n", jstr(t, "route"),
	       jint(t, "direction"), jstr(t, "destination"),
	       jstr(t, "destination_en"));
	printf("stop     %lld of %lld: %s (%s), %s%s%s\n", jint(t, "stop") + 1,
	       jint(t, "stops"), jstr(t, "stop_name"), jstr(t, "stop_name_en"),
	       jstr(t, "phase"),
	       json_is_true(json_object_get(t, "doors_open")) ? ", doors open"
							       : "",
	       json_is_true(json_object_get(t, "stop_requested"))
		       ? ", stop requested"
		       : "");
	if (*next)
		printf("next     %s (%s)\n", next, jstr(t, "next_stop_en"));
}

static void print_panels(json_t *panels)
{
	size_t i;
	json_t *p;

	printf("panels\n  %-10s %-6s %-10s %-7s %8s  %s\n", "NAME", "TYPE",
	       "SIZE", "STATE", "FRAMES", "DETAIL");
	json_array_foreach(panels, i, p) {
		char size[32];
		int ok = json_is_true(json_object_get(p, "ok"));
		json_t *retry = json_object_get(p, "retry_in_ms");

		snprintf(size, sizeof(size), "%lldx%lld", jint(p, "width"),
			 jint(p, "height"));
		printf("  %-10s %-6s %-10s %-7s %8lld  %s", jstr(p, "name"),
		       jstr(p, "type"), size, ok ? "ok" : "FAILED",
		       jint(p, "frames"), jstr(p, "detail"));
		if (json_real_value(json_object_get(p, "refresh_hz")) > 0)
			printf(", %.0f Hz", json_real_value(json_object_get(
						    p, "refresh_hz")));
		if (retry)
			printf(" (retry in %.1f s)",
			       json_integer_value(retry) / 1000.0);
		printf("\n");
	}
}

static int print_status(const char *data, int as_json)
{
	json_error_t err;
	json_t *root = json_loads(data, 0, &err), *m, *sim;
	char *s;

	if (!root) {
		fprintf(stderr, "pidsctl: bad status from pidsd: %s\n", err.text);
		return 1;
	}
	if (as_json) {
		s = json_dumps(root, JSON_INDENT(2));
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(root);
		return s ? 0 : 1;
	}
	printf("vehicle  %s, content %s, up %lld s, %s\n", jstr(root, "vehicle"),
	       jstr(root, "content_version"), jint(root, "uptime_ms") / 1000,
	       json_is_true(json_object_get(root, "ready")) ? "ready"
							     : "starting");
	print_trip(json_object_get(root, "trip"));
	m = json_object_get(root, "message");
	if (json_is_object(m)) {
		json_t *ex = json_object_get(m, "expires_in_ms");

		printf("message  [%s] %s", jstr(m, "priority"), jstr(m, "text"));
		if (json_is_integer(ex))
			printf(" (%.0f s left)", json_integer_value(ex) / 1000.0);
		printf("\n");
	}
	sim = json_object_get(root, "simulate");
	if (json_is_number(sim))
		printf("simulated trip at %gx real time\n", json_number_value(sim));
	if (json_is_string(json_object_get(root, "reload_error")))
		printf("last reload failed: %s\n", jstr(root, "reload_error"));
	print_panels(json_object_get(root, "panels"));
	json_decref(root);
	return 0;
}

/* Builds the request line for argv (a command and its words); main() has
   refused the message options for other commands. */
static int build(char *out, size_t len, int argc, char **argv,
		 const char *priority, const char *dur, int clear)
{
	int i;

	out[0] = 0;
	if (strcmp(argv[0], "message") == 0) {
		if (clear) {
			if (argc != 1)
				return -1;
			return request_quote(out, len, "message") ||
			       request_quote(out, len, "clear");
		}
		if (argc != 2)
			return -1;
		return request_quote(out, len, "message") ||
		       request_quote(out, len, priority ? priority : "info") ||
		       request_quote(out, len, dur ? dur : "0") ||
		       request_quote(out, len, argv[1]);
	}
	for (i = 0; i < argc; i++)
		if (request_quote(out, len, argv[i]) < 0)
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "priority", required_argument, NULL, 'p' },
		{ "for", required_argument, NULL, 't' },
		{ "clear", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock = getenv("PIDS_SOCKET"), *prio = NULL, *dur = NULL;
	char req[REQUEST_MAX_LINE], dir[PATH_MAX], *reply = NULL;
	int as_json = 0, clear = 0, c, rc;

	while ((c = getopt_long(argc, argv, "s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			sock = optarg;
			break;
		case 'j':
			as_json = 1;
			break;
		case 'p':
			prio = optarg;
			break;
		case 't':
			dur = optarg;
			break;
		case 'c':
			clear = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	if (!sock || !*sock)
		sock = DEFAULT_SOCKET;
	if (strcmp(argv[0], "snapshot") == 0 && argc == 2) {
		if (!realpath(argv[1], dir)) {
			fprintf(stderr, "pidsctl: %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		argv[1] = dir; /* the daemon's working directory is not ours */
	}
	if ((strcmp(argv[0], "message") != 0 && (prio || dur || clear)) ||
	    (as_json && strcmp(argv[0], "status") != 0)) {
		usage(stderr);
		return 2;
	}
	if (build(req, sizeof(req) - 1, argc, argv, prio, dur, clear) != 0) {
		fprintf(stderr, "pidsctl: %s\n",
			strcmp(argv[0], "message") == 0
				? "usage: message TEXT [--priority P] [--for D], or message --clear"
				: "request too long");
		return 2;
	}
	strcat(req, "\n");
	if (transact(sock, req, &reply) < 0)
		return 2;
	if (strncmp(reply, "ERR", 3) == 0) {
		fprintf(stderr, "pidsctl: %s\n", reply[3] ? reply + 4 : "error");
		free(reply);
		return 1;
	}
	if (strncmp(reply, "OK", 2) != 0) {
		fprintf(stderr, "pidsctl: unexpected reply: %.200s\n", reply);
		free(reply);
		return 1;
	}
	rc = 0;
	if (strcmp(argv[0], "status") == 0 && argc == 1)
		rc = print_status(reply + 2 + (reply[2] == ' '), as_json);
	else if (reply[2])
		printf("%s\n", reply + 3);
	free(reply);
	return rc;
}
