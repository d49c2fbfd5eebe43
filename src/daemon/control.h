/*
 * control: the control socket of pidsd (the grammar is in request.h).
 *
 * A unix stream socket (mode 0660, group from the config when it exists)
 * accepting up to CONTROL_MAX_CLIENTS connections at once.  Each request is
 * one line of at most REQUEST_MAX_LINE bytes including its newline; each
 * reply is one line, "OK", "OK <data>" or "ERR <reason>".  The protocol is
 * documented in README.md ("Control protocol").
 *
 * The server never blocks: it is driven by the daemon's poll() loop through
 * control_pollfds() and control_dispatch().  A request longer than the
 * limit gets an ERR reply and the connection is closed; a client that does
 * not read its replies is dropped once CONTROL_MAX_OUTPUT bytes wait.
 */
#ifndef PIDS_CONTROL_H
#define PIDS_CONTROL_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "daemon/request.h"
#include "util/errbuf.h"

#define CONTROL_MAX_CLIENTS 16
#define CONTROL_MAX_OUTPUT (256 * 1024)

/* A growing reply buffer given to the handler. */
struct control_reply {
	char *buf;
	size_t len, cap;
	int failed; /* out of memory */
};

void control_printf(struct control_reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Called for each non-blank request line: writes "OK..." or "ERR ..." into
   @r (newlines are turned into blanks, the server adds the final one). */
typedef void control_handler(void *arg, const struct request *req,
			     struct control_reply *r);

struct control;

/*
 * Listens on @path.  A socket left by a dead pidsd is replaced; one that
 * still answers is an error ("another pidsd is listening").  @group (may be
 * "" or NULL) gets the socket if it exists; failing that is only a warning.
 * NULL with a reason naming the path.
 */
struct control *control_create(const char *path, const char *group,
			       control_handler *fn, void *arg,
			       struct errbuf *e);
/* Closes every connection and removes the socket.  Accepts NULL. */
void control_destroy(struct control *c);

/* Fills at most @max pollfds (the listener and the clients); returns how
   many.  CONTROL_MAX_CLIENTS + 1 is always enough. */
int control_pollfds(struct control *c, struct pollfd *fds, int max);
/* Handles the revents of the pollfds control_pollfds() filled. */
void control_dispatch(struct control *c, const struct pollfd *fds, int n);
/* Number of connected clients (for tests and status). */
int control_clients(const struct control *c);

#endif
