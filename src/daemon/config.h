/*
 * config: pidsd.conf, the vehicle and its panels.
 *
 * The file is INI (parsed with inih):
 *
 *   [vehicle]            id, default route and direction, time zone, paths
 *   [panel.NAME]         one per panel: panel_common_keys plus the keys of
 *                        the panel's type (panel_ops->keys)
 *
 * Every key is declared once in a cfgtab table (type, bounds, default,
 * help), which drives parsing, validation and printing.  config_load()
 * reads the whole file and reports every error it finds as
 * "file:line: message" before it fails, like ntpd's parse_config().
 */
#ifndef PIDS_CONFIG_H
#define PIDS_CONFIG_H

#include <stdio.h>

#include "panel/panel.h"
#include "util/cfgtab.h"
#include "util/errbuf.h"

#define CONFIG_MAX_PANELS 16

struct vehicle_conf {
	char id[32];              /* vehicle number, shown in status */
	char route[16];           /* route shown at start */
	int direction;            /* 0 or 1 */
	char timezone[64];        /* IANA name; the displayed clock */
	char content_dir[160];    /* content directory (JSON + PNG) */
	char fonts_dir[160];      /* bundled fonts */
	char control_socket[108]; /* unix socket path (sun_path) */
	char control_group[32];   /* group owning the socket; "" = ours */
	int retry_min_ms;         /* first retry of a failed panel */
	int retry_max_ms;         /* back-off ceiling */
};
extern const struct cfg_key config_vehicle_keys[];

struct panel_conf {
	struct panel_common common;  /* name from the section name */
	const struct panel_ops *ops; /* the backend of common.type */
	void *settings;              /* ops->settings_size bytes, owned */
	int line;                    /* line of the [panel.NAME] header */
};

struct config {
	char path[256];
	struct vehicle_conf vehicle;
	int npanels;
	struct panel_conf panels[CONFIG_MAX_PANELS];
};

/* Receives each error as one line "file:line: message" (no newline). */
typedef void config_report_fn(void *arg, const char *msg);

/*
 * Reads and validates @path.  Every error is passed to @report (which may
 * be NULL).  Returns the configuration (free with config_destroy()), or
 * NULL if there was any error; @e then holds the first error and the
 * number of errors.  errno is EINVAL for a bad file, else the system error.
 */
struct config *config_load(const char *path, config_report_fn *report,
			   void *arg, struct errbuf *e);
void config_destroy(struct config *c);

/* Writes the normalised configuration (every key, defaults included, each
   with its help as a comment).  The output parses back to the same. */
void config_print(FILE *f, const struct config *c);

/* 1 if two panel sections would open the same device the same way. */
int config_panel_same(const struct panel_conf *a, const struct panel_conf *b);

/* The panel named @name, or NULL. */
const struct panel_conf *config_panel_find(const struct config *c,
					   const char *name);

#endif
