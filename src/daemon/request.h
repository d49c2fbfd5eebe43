/*
 * request: the grammar of control requests (see control.h for the socket).
 *
 * A request is one line of UTF-8 text: words separated by blanks, a word in
 * double quotes may hold blanks.  request_split() cuts the line into words,
 * request_parse() checks them against the commands of the protocol
 * (README.md, "Control protocol") and fills a struct command; what the
 * command does is the daemon's business.
 */
#ifndef PIDS_REQUEST_H
#define PIDS_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "util/errbuf.h"

#define REQUEST_MAX_LINE 4096
#define REQUEST_MAX_ARGS 16
#define REQUEST_MAX_TEXT 400 /* bytes of an operator message */

/* A request split into words (argv points into buf). */
struct request {
	int argc;
	char *argv[REQUEST_MAX_ARGS];
	char buf[REQUEST_MAX_LINE];
};

/*
 * Splits one request line (@len bytes, without its newline) into words.
 * Words are separated by blanks (space, tab); a word in double quotes may
 * hold blanks, and inside quotes \" and \\ stand for " and \.  The line must
 * be UTF-8 without control characters.  Returns 0 (argc may be 0 for a
 * blank line) or -1 with a reason.
 */
int request_split(const char *line, size_t len, struct request *req,
		  struct errbuf *e);

/* Appends @word to @out (of size @len, NUL-terminated), quoted if needed,
   preceded by a blank unless @out is empty.  -1 if it does not fit. */
int request_quote(char *out, size_t len, const char *word);

enum command_op {
	CTL_STATUS,
	CTL_TRIP,
	CTL_STOP,
	CTL_PHASE,
	CTL_DOORS,
	CTL_REQUEST,
	CTL_MESSAGE,
	CTL_BRIGHTNESS,
	CTL_RELOAD,
	CTL_SNAPSHOT,
	CTL_HELP,
};

enum command_stop { STOP_ABS, STOP_NEXT, STOP_PREV };

/* A request checked against the protocol's grammar (not against the
   content: "trip T99 0" parses; the daemon then says there is no T99). */
struct command {
	enum command_op op;
	const char *route;  /* trip */
	int direction;      /* trip: 0 or 1 */
	int stop;           /* trip, stop (STOP_ABS): 0-based index */
	int stop_how;       /* stop: enum command_stop */
	int phase;          /* phase: enum trip_phase */
	int on;             /* doors (1 = open), request */
	int priority;       /* message: enum message_priority */
	int64_t for_ms;     /* message: 0 = until cleared */
	int clear;          /* message clear */
	const char *text;   /* message */
	const char *panel;  /* brightness: name or "all" */
	int percent;        /* brightness: 1..100, 0 = auto */
	const char *dir;    /* snapshot */
};

/* Parses @req (pointers into it stay valid while it lives).  0, or -1 with
   a reason such as "stop: 'nxt' is not next, prev or a stop number". */
int request_parse(const struct request *req, struct command *cmd,
		  struct errbuf *e);

/* Parses a duration for "message": "30s", "5min", "1h", "1500ms"; a bare
   number is seconds; "0" means until cleared.  At most 24 h.  -1 if bad. */
int request_duration(const char *s, int64_t *ms);

/* One line per command, for "help" and pidsctl. */
extern const char request_help[];

/* The words of enum trip_phase ("at-stop", ...), NULL-terminated. */
extern const char *const request_phase_words[];

#endif
