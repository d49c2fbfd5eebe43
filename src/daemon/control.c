/* control: see control.h. */
#define _GNU_SOURCE
#include "daemon/control.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/log.h"

void control_printf(struct control_reply *r, const char *fmt, ...)
{
	va_list ap;
	size_t need;
	char *n;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (w < 0 || r->failed)
		return;
	need = r->len + w + 1;
	if (need > r->cap) {
		size_t cap = r->cap ? r->cap : 256;

		while (cap < need)
			cap *= 2;
		n = realloc(r->buf, cap);
		if (!n) {
			r->failed = 1;
			return;
		}
		r->buf = n;
		r->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(r->buf + r->len, r->cap - r->len, fmt, ap);
	va_end(ap);
	r->len += w;
}

struct client {
	int fd;
	char in[REQUEST_MAX_LINE];
	size_t inlen;
	struct control_reply out;
	size_t outoff;
	int closing; /* close once the output is flushed */
};

struct control {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	control_handler *fn;
	void *arg;
	struct client *cl[CONTROL_MAX_CLIENTS];
	int ncl;
};

static int socket_in_use(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), used;

	if (fd < 0)
		return 0;
	used = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0;
	close(fd);
	return used;
}

static void socket_group(const char *path, const char *group)
{
	struct group *g;

	if (!group || !*group)
		return;
	errno = 0;
	g = getgrnam(group);
	if (!g) {
		log_info("control socket %s: no group '%s', keeping ours",
			 path, group);
		return;
	}
	if (chown(path, (uid_t)-1, g->gr_gid) < 0)
		log_warn("control socket %s: cannot give it to group %s", path,
			 group);
}

struct control *control_create(const char *path, const char *group,
			       control_handler *fn, void *arg,
			       struct errbuf *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct control *c;
	mode_t old;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		errbuf_errno(e, "control socket %s", path);
		return NULL;
	}
	strcpy(sa.sun_path, path);
	c = calloc(1, sizeof(*c));
	if (!c) {
		errbuf_errno(e, "control socket %s", path);
		return NULL;
	}
	strcpy(c->path, path);
	c->fn = fn;
	c->arg = arg;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		errbuf_errno(e, "control socket %s", path);
		goto fail_socket;
	}
	if (socket_in_use(&sa)) {
		errno = EADDRINUSE;
		errbuf_set(e, "control socket %s: another pidsd is listening",
			   path);
		goto fail_bind;
	}
	unlink(path); /* left by a pidsd that died */
	old = umask(0117);
	if (bind(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		umask(old);
		errbuf_errno(e, "control socket %s", path);
		goto fail_bind;
	}
	umask(old);
	if (chmod(path, 0660) < 0 || listen(c->fd, 8) < 0) {
		/* c->path, not path: gcc 12 with -fsanitize=undefined wrongly
		   sees path as NULL after chmod() (-Wformat-overflow). */
		errbuf_errno(e, "control socket %s", c->path);
		goto fail_listen;
	}
	socket_group(path, group);
	return c;
fail_listen:
	unlink(path);
fail_bind:
	close(c->fd);
fail_socket:
	free(c);
	return NULL;
}

static void client_free(struct control *c, int i)
{
	struct client *cl = c->cl[i];

	close(cl->fd);
	free(cl->out.buf);
	free(cl);
	c->cl[i] = c->cl[--c->ncl];
	c->cl[c->ncl] = NULL;
}

void control_destroy(struct control *c)
{
	if (!c)
		return;
	while (c->ncl)
		client_free(c, 0);
	close(c->fd);
	unlink(c->path);
	free(c);
}

int control_clients(const struct control *c)
{
	return c->ncl;
}

int control_pollfds(struct control *c, struct pollfd *fds, int max)
{
	int i, n = 0;

	if (max < 1)
		return 0;
	fds[n++] = (struct pollfd){ .fd = c->fd, .events = POLLIN };
	for (i = 0; i < c->ncl && n < max; i++) {
		struct client *cl = c->cl[i];
		short ev = 0;

		if (cl->out.len > cl->outoff)
			ev = POLLOUT; /* no new requests until it reads */
		else if (!cl->closing)
			ev = POLLIN;
		fds[n++] = (struct pollfd){ .fd = cl->fd, .events = ev };
	}
	return n;
}

/* Sends what it can; -1 if the client is gone. */
static int client_flush(struct client *cl)
{
	ssize_t n;

	while (cl->outoff < cl->out.len) {
		n = send(cl->fd, cl->out.buf + cl->outoff,
			 cl->out.len - cl->outoff, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0)
			return -1;
		cl->outoff += n;
	}
	cl->out.len = cl->outoff = 0;
	return 0;
}

static void client_reply(struct control *c, struct client *cl,
			 const char *line, size_t len)
{
	struct request *req;
	struct errbuf e;
	size_t start = cl->out.len, i;

	req = malloc(sizeof(*req));
	if (!req) {
		control_printf(&cl->out, "ERR out of memory");
	} else if (request_split(line, len, req, &e) < 0) {
		control_printf(&cl->out, "ERR %s", e.msg);
	} else if (req->argc > 0) {
		c->fn(c->arg, req, &cl->out);
	} else {
		free(req);
		return; /* blank lines get no reply */
	}
	free(req);
	for (i = start; i < cl->out.len; i++)
		if (cl->out.buf[i] == '\n' || cl->out.buf[i] == '\r')
			cl->out.buf[i] = ' ';
	if (cl->out.len == start)
		control_printf(&cl->out, "ERR no reply");
	control_printf(&cl->out, "\n");
	if (cl->out.failed)
		cl->closing = 1;
}

/* Answers every complete line in the input buffer. */
static void client_lines(struct control *c, struct client *cl, int eof)
{
	char *nl;
	size_t used;

	while ((nl = memchr(cl->in, '\n', cl->inlen))) {
		used = nl - cl->in + 1;
		client_reply(c, cl, cl->in, used - 1 -
				    (used > 1 && nl[-1] == '\r'));
		memmove(cl->in, cl->in + used, cl->inlen - used);
		cl->inlen -= used;
	}
	if (cl->inlen == sizeof(cl->in)) {
		control_printf(&cl->out, "ERR request longer than %d bytes\n",
			       REQUEST_MAX_LINE);
		cl->inlen = 0;
		cl->closing = 1;
	} else if (eof && cl->inlen) {
		client_reply(c, cl, cl->in, cl->inlen);
		cl->inlen = 0;
	}
	if (eof)
		cl->closing = 1;
}

/* -1 if the client should be dropped now. */
static int client_read(struct control *c, struct client *cl)
{
	ssize_t n;

	n = recv(cl->fd, cl->in + cl->inlen, sizeof(cl->in) - cl->inlen,
		 MSG_DONTWAIT);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n < 0)
		return -1;
	cl->inlen += n;
	client_lines(c, cl, n == 0);
	return 0;
}

static void control_accept(struct control *c)
{
	static const char busy[] = "ERR too many clients\n";
	struct client *cl;
	int fd;

	fd = accept4(c->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno != EAGAIN && errno != EINTR)
			log_warn("control socket %s: accept", c->path);
		return;
	}
	if (c->ncl == CONTROL_MAX_CLIENTS) {
		(void)send(fd, busy, sizeof(busy) - 1,
			   MSG_NOSIGNAL | MSG_DONTWAIT);
		close(fd);
		return;
	}
	cl = calloc(1, sizeof(*cl));
	if (!cl) {
		close(fd);
		return;
	}
	cl->fd = fd;
	c->cl[c->ncl++] = cl;
}

void control_dispatch(struct control *c, const struct pollfd *fds, int n)
{
	struct client *seen[CONTROL_MAX_CLIENTS];
	short rev[CONTROL_MAX_CLIENTS];
	int i, j, m = 0;

	/* Clients are matched by fd: the array may shrink as we go. */
	for (i = 1; i < n && m < CONTROL_MAX_CLIENTS; i++) {
		for (j = 0; j < c->ncl; j++) {
			if (c->cl[j]->fd == fds[i].fd) {
				seen[m] = c->cl[j];
				rev[m++] = fds[i].revents;
			}
		}
	}
	for (i = 0; i < m; i++) {
		struct client *cl = seen[i];
		int drop = 0;

		if (rev[i] & (POLLERR | POLLNVAL))
			drop = 1;
		else if (rev[i] & (POLLIN | POLLHUP))
			drop = client_read(c, cl) < 0;
		if (!drop && cl->out.len > cl->outoff)
			drop = client_flush(cl) < 0 ||
			       cl->out.len - cl->outoff > CONTROL_MAX_OUTPUT;
		if (!drop && cl->closing && cl->out.len == cl->outoff)
			drop = 1;
		if (!drop && (rev[i] & POLLHUP) && !(rev[i] & POLLIN))
			drop = 1;
		for (j = 0; drop && j < c->ncl; j++)
			if (c->cl[j] == cl)
				client_free(c, j);
	}
	if (n > 0 && (fds[0].revents & POLLIN))
		control_accept(c);
}
