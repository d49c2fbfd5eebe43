/* panel: the backend registry and the keys every panel section has. */
#include "panel/panel.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "render/canvas.h"

extern const struct panel_ops panel_sim_ops;
extern const struct panel_ops panel_fbdev_ops;
extern const struct panel_ops panel_hub12_ops, panel_hub08_ops,
	panel_hub75_ops;

/* Every backend, in the order of panel_type_names[]. */
const struct panel_ops *const panel_backends[] = {
	&panel_sim_ops,
	&panel_fbdev_ops,
	&panel_hub12_ops,
	&panel_hub08_ops,
	&panel_hub75_ops,
	NULL,
};

const char *const panel_type_names[] = {
	"sim",
	"fbdev",
	"hub12",
	"hub08",
	"hub75",
	NULL,
};

const char *const panel_role_names[] = { "front", "side", "rear", "interior",
					 NULL };
const char *const panel_look_names[] = { "led-mono", "led-rgb", "lcd", NULL };

#define C(field) offsetof(struct panel_common, field)
const struct cfg_key panel_common_keys[] = {
	{ .name = "role", .type = CFG_ENUM, .off = C(role), .def = NULL,
	  .names = panel_role_names,
	  .help = "front, side, rear or interior: decides what the panel shows" },
	{ .name = "type", .type = CFG_ENUM, .off = C(type), .def = NULL,
	  .names = panel_type_names, .help = "output backend" },
	{ .name = "width", .type = CFG_INT, .off = C(width), .min = 0,
	  .max = 8192, .def = "0",
	  .help = "pixels; 0 = from the device or module chain" },
	{ .name = "height", .type = CFG_INT, .off = C(height), .min = 0,
	  .max = 8192, .def = "0",
	  .help = "pixels; 0 = from the device or module chain" },
	{ .name = "look", .type = CFG_ENUM, .off = C(look), .def = "lcd",
	  .names = panel_look_names,
	  .help = "led-mono, led-rgb or lcd: how pages are drawn" },
	{ .name = "color", .type = CFG_STR, .off = C(color),
	  .size = sizeof(((struct panel_common *)0)->color), .def = "amber",
	  .help = "led-mono colour: amber, red, white, green or #rrggbb" },
	{ .name = "bits", .type = CFG_INT, .off = C(bits), .min = 1, .max = 11,
	  .def = "1", .help = "LED bits per channel (levels = 2^bits)" },
	{ .name = "brightness", .type = CFG_INT, .off = C(brightness),
	  .min = 1, .max = 100, .def = "100", .help = "percent" },
	{ .name = NULL },
};
#undef C

const struct panel_ops *panel_backend_find(const char *type)
{
	size_t i;

	for (i = 0; panel_backends[i]; i++)
		if (strcmp(panel_backends[i]->type, type) == 0)
			return panel_backends[i];
	return NULL;
}

int panel_color_parse(const char *s, uint32_t *argb)
{
	static const struct {
		const char *name;
		uint32_t argb;
	} named[] = {
		{ "amber", ARGB(255, 255, 176, 0) },
		{ "red", ARGB(255, 255, 32, 16) },
		{ "white", ARGB(255, 255, 255, 255) },
		{ "green", ARGB(255, 48, 255, 64) },
		{ "blue", ARGB(255, 48, 96, 255) },
		{ "yellow", ARGB(255, 255, 230, 0) },
	};
	unsigned int r, g, b;
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (strcasecmp(s, named[i].name) == 0) {
			*argb = named[i].argb;
			return 0;
		}
	}
	if (strlen(s) == 7 &&
	    sscanf(s, "#%2x%2x%2x%n", &r, &g, &b, &n) == 3 && n == 7) {
		*argb = ARGB(255, r, g, b);
		return 0;
	}
	return -1;
}
