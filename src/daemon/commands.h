/*
 * commands: what pidsd does for each control request (see request.h for
 * the grammar and README.md, "Control protocol", for the replies).
 */
#ifndef PIDS_COMMANDS_H
#define PIDS_COMMANDS_H

#include "daemon/control.h"
#include "daemon/request.h"

/* The control_handler of pidsd; @arg is its struct loop. */
void commands_handle(void *arg, const struct request *req,
		     struct control_reply *r);

#endif
