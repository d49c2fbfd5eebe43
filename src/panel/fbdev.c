/* fbdev: see fbdev.h. */
#include "panel/fbdev.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "panel/fbio.h"
#include "panel/rotate.h"
#include "render/pixfmt.h"
#include "util/log.h"

struct fbdev {
	char device[64];
	int fd;
	uint8_t *map;
	size_t map_len;
	uint8_t *buf[2]; /* top-left pixel of each screen; [1] if panning */
	int front; /* the buffer on the glass */
	struct rect pending; /* where the back buffer lags the front one */
	size_t stride; /* line_length */
	struct fb_var_screeninfo var;
	struct pixfmt fmt;
	char fmt_name[64];
	struct rotate *rot;
	int degrees;
	int w, h; /* logical: what the scene draws */
	int vsync;
	int blank_on_stop;
	int bl_fd; /* backlight brightness, -1 if none */
	char bl_path[160];
	int bl_max;
	int percent;
	struct fbdev_stats st;
};

static const char *const rotate_names[] = {"0", "90", "180", "270", NULL};
static const char *const pan_names[] = {"auto", "yes", "no", NULL};

#define S(f) offsetof(struct fbdev_settings, f)
#define SZ(f) sizeof(((struct fbdev_settings *)0)->f)
/* clang-format off */
const struct cfg_key fbdev_keys[] = {
	{ .name = "device", .type = CFG_STR, .off = S(device),
	  .size = SZ(device), .def = "/dev/fb0",
	  .help = "framebuffer device" },
	{ .name = "rotate", .type = CFG_ENUM, .off = S(rotate),
	  .names = rotate_names, .def = "0",
	  .help = "degrees the picture is turned clockwise on the glass" },
	{ .name = "backlight", .type = CFG_STR, .off = S(backlight),
	  .size = SZ(backlight), .def = "",
	  .help = "name in /sys/class/backlight or a path; empty = none" },
	{ .name = "pan", .type = CFG_ENUM, .off = S(pan), .names = pan_names,
	  .def = "auto",
	  .help = "double-buffer by panning: auto (if the driver has room), "
		  "yes (ask for room), no" },
	{ .name = "vsync", .type = CFG_BOOL, .off = S(vsync), .def = "no",
	  .help = "wait for the vertical blank (stalls the loop up to a "
		  "refresh)" },
	{ .name = "blank-on-stop", .type = CFG_BOOL, .off = S(blank_on_stop),
	  .def = "yes", .help = "blank the screen when pidsd stops" },
	{ .name = NULL },
};
/* clang-format on */
#undef SZ
#undef S

/* The device is gone or broken, as opposed to lacking an optional ioctl. */
static int dev_failed(int err)
{
	return err == ENODEV || err == ENXIO || err == EIO || err == ENOENT ||
	       err == EBADF;
}

/* "/dev/fb1: no such device" or "/dev/fb1: WHAT: strerror". */
static void dev_error(struct errbuf *e, const char *dev, const char *what)
{
	int err = errno;

	if (err == ENOENT || err == ENODEV || err == ENXIO)
		errbuf_set(e, "%s: no such device", dev);
	else if (err == EACCES || err == EPERM)
		errbuf_set(e, "%s: permission denied (video group?)", dev);
	else if (what)
		errbuf_errno(e, "%s: %s", dev, what);
	else
		errbuf_errno(e, "%s", dev);
	errno = err;
}

static int fbdev_validate(struct panel_common *common, void *settings,
			  struct errbuf *e)
{
	struct fbdev_settings *s = settings;

	if (s->device[0] != '/') {
		errbuf_set(e, "device: '%s' is not a path like /dev/fb0",
			   s->device);
		return -1;
	}
	if (common->look != LOOK_LCD)
		log_info("panel %s: a framebuffer shows full colour; look = "
			 "lcd draws best on it",
			 common->name);
	return 0;
}

static void format_name(const struct pixfmt *f, char *buf, size_t len)
{
	static const struct {
		const struct pixfmt *f;
		const char *name;
	} known[] = {
		{&PIXFMT_RGB565, "RGB565"},	{&PIXFMT_BGR565, "BGR565"},
		{&PIXFMT_RGB888, "RGB888"},	{&PIXFMT_XRGB8888, "XRGB8888"},
		{&PIXFMT_XBGR8888, "XBGR8888"},
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const struct pixfmt *k = known[i].f;

		if (k->bpp == f->bpp && !memcmp(&k->r, &f->r, sizeof(f->r)) &&
		    !memcmp(&k->g, &f->g, sizeof(f->g)) &&
		    !memcmp(&k->b, &f->b, sizeof(f->b)) && !f->a.length) {
			snprintf(buf, len, "%s", known[i].name);
			return;
		}
	}
	snprintf(buf, len, "%dbpp r%u/%u g%u/%u b%u/%u a%u/%u", f->bpp,
		 f->r.offset, f->r.length, f->g.offset, f->g.length,
		 f->b.offset, f->b.length, f->a.offset, f->a.length);
}

/* The pixel format the driver reports, or -1 with a reason. */
static int read_format(struct fbdev *fb, const struct fb_fix_screeninfo *fix,
		       struct errbuf *e)
{
	const struct fb_var_screeninfo *v = &fb->var;

	if (fix->type != FB_TYPE_PACKED_PIXELS ||
	    (fix->visual != FB_VISUAL_TRUECOLOR &&
	     fix->visual != FB_VISUAL_DIRECTCOLOR) ||
	    v->red.msb_right || v->green.msb_right || v->blue.msb_right) {
		errbuf_set(e,
			   "%s: %u bpp type %u visual %u: only packed "
			   "true-colour pixels are supported",
			   fb->device, v->bits_per_pixel, fix->type,
			   fix->visual);
		errno = EINVAL;
		return -1;
	}
	fb->fmt = (struct pixfmt){
		.bpp = v->bits_per_pixel,
		.r = {v->red.offset, v->red.length},
		.g = {v->green.offset, v->green.length},
		.b = {v->blue.offset, v->blue.length},
		.a = {v->transp.offset, v->transp.length},
	};
	if (pixfmt_check(&fb->fmt, e) < 0) {
		errbuf_prefix(e, "%s", fb->device);
		errno = EINVAL;
		return -1;
	}
	format_name(&fb->fmt, fb->fmt_name, sizeof(fb->fmt_name));
	return 0;
}

/*
 * Decides on panning.  With pan = yes and too little virtual height, asks
 * the driver for two screens (FBIOPUT_VSCREENINFO), then reads the mode
 * again (line_length, even the format, may change with it).  Then shows the first buffer
 * with FBIOPAN_DISPLAY: a driver that cannot pan says so here.  Returns 1
 * (pan), 0 (copy into the visible screen) or -1 (the device failed).
 */
static int setup_pan(struct fbdev *fb, int pan, struct fb_fix_screeninfo *fix,
		     struct errbuf *e)
{
	struct fb_var_screeninfo want;

	if (pan == FBDEV_PAN_NO)
		return 0;
	if (fb->var.yres_virtual < 2 * fb->var.yres) {
		if (pan == FBDEV_PAN_AUTO)
			return 0;
		want = fb->var;
		want.yres_virtual = 2 * fb->var.yres;
		want.activate = FB_ACTIVATE_NOW;
		if (fbio_ioctl(fb->fd, FBIOPUT_VSCREENINFO, &want) < 0 ||
		    want.yres_virtual < 2 * want.yres) {
			log_notice("%s: the driver cannot hold two screens; "
				   "writing straight to the visible one",
				   fb->device);
			return 0;
		}
		if (fbio_ioctl(fb->fd, FBIOGET_VSCREENINFO, &fb->var) < 0 ||
		    fbio_ioctl(fb->fd, FBIOGET_FSCREENINFO, fix) < 0) {
			dev_error(e, fb->device, "screen info");
			return -1;
		}
		if (read_format(fb, fix, e) < 0) /* the driver's new mode */
			return -1;
	}
	want = fb->var;
	want.xoffset = 0;
	want.yoffset = 0;
	if (fbio_ioctl(fb->fd, FBIOPAN_DISPLAY, &want) < 0) {
		if (dev_failed(errno)) {
			dev_error(e, fb->device, "FBIOPAN_DISPLAY");
			return -1;
		}
		log_info("%s: cannot pan (%s); writing straight to the "
			 "visible screen",
			 fb->device, strerror(errno));
		return 0;
	}
	fb->var.xoffset = 0;
	fb->var.yoffset = 0;
	return 1;
}

/* Maps the video memory and finds each screen buffer in it. */
static int map_screens(struct fbdev *fb, const struct fb_fix_screeninfo *fix,
		       int panning, struct errbuf *e)
{
	const struct fb_var_screeninfo *v = &fb->var;
	size_t bypp = v->bits_per_pixel / 8, off, need, first;
	long page = sysconf(_SC_PAGESIZE);
	int i;

	fb->stride = fix->line_length ? fix->line_length
				      : (size_t)v->xres_virtual * bypp;
	/* Not panning: write where the screen is shown now. */
	first = panning ? 0 : v->yoffset * fb->stride + v->xoffset * bypp;
	need = first + (size_t)(panning ? 2 * v->yres : v->yres) * fb->stride;
	need -= fb->stride - (size_t)v->xres * bypp;
	if (fb->stride < v->xres * bypp || fix->smem_len < need) {
		errbuf_set(e,
			   "%s: %u bytes of video memory (line %zu) are too "
			   "few for %ux%u at %u bpp",
			   fb->device, fix->smem_len, fb->stride, v->xres,
			   v->yres, v->bits_per_pixel);
		errno = EINVAL;
		return -1;
	}
	/* The mapping starts at the page holding smem_start. */
	off = page > 0 ? fix->smem_start % (unsigned long)page : 0;
	fb->map_len = fix->smem_len + off;
	fb->map = fbio_mmap(fb->map_len, PROT_READ | PROT_WRITE, MAP_SHARED,
			    fb->fd, 0);
	if (fb->map == MAP_FAILED) {
		fb->map = NULL;
		dev_error(e, fb->device, "mmap");
		return -1;
	}
	for (i = 0; i < 1 + panning; i++)
		fb->buf[i] = fb->map + off + first +
			     (size_t)i * v->yres * fb->stride;
	return 0;
}

static void backlight_open(struct fbdev *fb, const char *name)
{
	char path[sizeof(fb->bl_path) + 16], num[32];
	ssize_t n;
	int fd;

	if (!name[0])
		return;
	if (strchr(name, '/'))
		snprintf(fb->bl_path, sizeof(fb->bl_path), "%s", name);
	else
		snprintf(fb->bl_path, sizeof(fb->bl_path),
			 "/sys/class/backlight/%s", name);
	snprintf(path, sizeof(path), "%s/max_brightness", fb->bl_path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_warn("%s: backlight %s", fb->device, path);
		return;
	}
	n = read(fd, num, sizeof(num) - 1);
	close(fd);
	if (n <= 0 || (num[n] = 0, fb->bl_max = atoi(num)) <= 0) {
		log_warnx("%s: backlight %s: no maximum", fb->device, path);
		return;
	}
	snprintf(path, sizeof(path), "%s/brightness", fb->bl_path);
	fb->bl_fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fb->bl_fd < 0)
		log_warn("%s: backlight %s", fb->device, path);
}

/* Writes @percent (0 = off) to the backlight, scaled to max_brightness. */
static int backlight_write(struct fbdev *fb, int percent)
{
	char num[16];
	int v, n;

	if (fb->bl_fd < 0) {
		errno = ENODEV;
		return -1;
	}
	v = (percent * fb->bl_max + 50) / 100;
	if (percent > 0 && v < 1)
		v = 1;
	n = snprintf(num, sizeof(num), "%d\n", v);
	if (pwrite(fb->bl_fd, num, n, 0) != n) {
		log_warn("%s: backlight %s", fb->device, fb->bl_path);
		return -1;
	}
	return 0;
}

/* FBIOBLANK; a driver without it is fine, a vanished device is not. */
static int blank(struct fbdev *fb, int mode, struct errbuf *e)
{
	if (fbio_ioctl(fb->fd, FBIOBLANK, (void *)(uintptr_t)mode) == 0)
		return 0;
	if (dev_failed(errno)) {
		dev_error(e, fb->device, "FBIOBLANK");
		return -1;
	}
	log_debug("%s: FBIOBLANK %d: %s", fb->device, mode, strerror(errno));
	return 0;
}

static void fbdev_close(void *state)
{
	struct fbdev *fb = state;

	if (!fb)
		return;
	if (fb->blank_on_stop && fb->fd >= 0) {
		blank(fb, FB_BLANK_POWERDOWN, NULL);
		if (fb->bl_fd >= 0)
			backlight_write(fb, 0);
	}
	if (fb->bl_fd >= 0)
		close(fb->bl_fd);
	rotate_destroy(fb->rot);
	if (fb->map)
		fbio_munmap(fb->map, fb->map_len);
	if (fb->fd >= 0)
		fbio_close(fb->fd);
	free(fb);
}

/* The logical size must match what the config asked for, if it asked. */
static int check_size(struct fbdev *fb, struct panel_common *common,
		      struct errbuf *e)
{
	rotate_size(fb->degrees, fb->var.xres, fb->var.yres, &fb->w, &fb->h);
	if ((common->width && common->width != fb->w) ||
	    (common->height && common->height != fb->h)) {
		errbuf_set(e,
			   "%s: the screen is %dx%d at rotation %d, the "
			   "config says %dx%d",
			   fb->device, fb->w, fb->h, fb->degrees, common->width,
			   common->height);
		errno = EINVAL;
		return -1;
	}
	common->width = fb->w;
	common->height = fb->h;
	return 0;
}

static void *fbdev_open(struct panel_common *common, const void *settings,
			struct errbuf *e)
{
	const struct fbdev_settings *s = settings;
	struct fb_fix_screeninfo fix;
	struct fbdev *fb;
	int panning;

	fb = calloc(1, sizeof(*fb));
	if (!fb) {
		errbuf_errno(e, "%s", s->device);
		return NULL;
	}
	snprintf(fb->device, sizeof(fb->device), "%s", s->device);
	fb->degrees = s->rotate * 90;
	fb->vsync = s->vsync;
	fb->st.vsync_supported = 1;
	fb->bl_fd = -1;
	fb->percent = common->brightness > 0 ? common->brightness : 100;
	fb->fd = fbio_open(s->device, O_RDWR);
	if (fb->fd < 0) {
		dev_error(e, fb->device, NULL);
		goto close_fb;
	}
	if (fbio_ioctl(fb->fd, FBIOGET_VSCREENINFO, &fb->var) < 0 ||
	    fbio_ioctl(fb->fd, FBIOGET_FSCREENINFO, &fix) < 0) {
		dev_error(e, fb->device, "screen info");
		goto close_fb;
	}
	if (read_format(fb, &fix, e) < 0)
		goto close_fb;
	panning = setup_pan(fb, s->pan, &fix, e);
	if (panning < 0 || check_size(fb, common, e) < 0 ||
	    map_screens(fb, &fix, panning, e) < 0)
		goto close_fb;
	fb->st.panning = panning;
	fb->rot = rotate_create(&fb->fmt, fb->degrees, e);
	if (!fb->rot) {
		errbuf_prefix(e, "%s", fb->device);
		goto close_fb;
	}
	if (blank(fb, FB_BLANK_UNBLANK, e) < 0)
		goto close_fb;
	backlight_open(fb, s->backlight);
	if (fb->bl_fd >= 0)
		backlight_write(fb, fb->percent);
	/* Both buffers hold whatever was there before us. */
	fb->pending = (struct rect){0, 0, fb->w, fb->h};
	/* From here on, a close is a stop: blank if configured. */
	fb->blank_on_stop = s->blank_on_stop;
	log_info("%s: %ux%u %s, line %zu bytes, rotation %d, %s", fb->device,
		 fb->var.xres, fb->var.yres, fb->fmt_name, fb->stride,
		 fb->degrees, panning ? "panning" : "direct");
	return fb;

close_fb:
	fbdev_close(fb);
	return NULL;
}

/* Is the device still there, in the mode we mapped? */
static int check_mode(struct fbdev *fb, struct errbuf *e)
{
	struct fb_var_screeninfo v;

	if (fbio_ioctl(fb->fd, FBIOGET_VSCREENINFO, &v) < 0) {
		dev_error(e, fb->device, "FBIOGET_VSCREENINFO");
		return -1;
	}
	if (v.xres != fb->var.xres || v.yres != fb->var.yres ||
	    v.bits_per_pixel != fb->var.bits_per_pixel ||
	    v.yres_virtual < (fb->st.panning ? 2 : 1) * v.yres ||
	    /* red, green, blue: three fields in a row */
	    memcmp(&v.red, &fb->var.red, 3 * sizeof(v.red))) {
		errbuf_set(e, "%s: mode changed to %ux%u at %u bpp", fb->device,
			   v.xres, v.yres, v.bits_per_pixel);
		errno = EINVAL;
		return -1;
	}
	/* Someone else (fbcon, another program) panned the display: our
	   frames would go to memory nobody sees. */
	if (v.xoffset != fb->var.xoffset || v.yoffset != fb->var.yoffset) {
		errbuf_set(e,
			   "%s: the display was panned to (%u, %u) by "
			   "someone else",
			   fb->device, v.xoffset, v.yoffset);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int wait_vsync(struct fbdev *fb, struct errbuf *e)
{
	__u32 crtc = 0;

	if (!fb->vsync || !fb->st.vsync_supported)
		return 0;
	if (fbio_ioctl(fb->fd, FBIO_WAITFORVSYNC, &crtc) == 0) {
		fb->st.vsync_waits++;
		return 0;
	}
	if (dev_failed(errno)) {
		dev_error(e, fb->device, "FBIO_WAITFORVSYNC");
		return -1;
	}
	log_debug("%s: no FBIO_WAITFORVSYNC (%s); not waiting", fb->device,
		  strerror(errno));
	fb->st.vsync_supported = 0;
	return 0;
}

static size_t copy_rect(struct fbdev *fb, const struct canvas *frame,
			uint8_t *dst, struct rect r)
{
	return rotate_convert(fb->rot, frame, r, dst, fb->stride);
}

/*
 * Panning: the back buffer holds the frame before last.  It lags the new
 * frame where the last frame changed (pending) and where this one changes
 * (damage).  Two far-apart rectangles (a clock and a stop name) are copied
 * apart; overlapping ones as their union.
 */
static int show_panned(struct fbdev *fb, const struct canvas *frame,
		       struct rect damage, struct errbuf *e)
{
	struct fb_var_screeninfo v;
	int back = !fb->front;
	size_t n;

	if (rect_empty(rect_intersect(damage, fb->pending))) {
		n = copy_rect(fb, frame, fb->buf[back], damage);
		n += copy_rect(fb, frame, fb->buf[back], fb->pending);
	} else {
		n = copy_rect(fb, frame, fb->buf[back],
			      rect_union(damage, fb->pending));
	}
	fb->st.last_bytes = n;
	fb->st.bytes += n;
	v = fb->var;
	v.yoffset = back * v.yres;
	if (fbio_ioctl(fb->fd, FBIOPAN_DISPLAY, &v) < 0) {
		dev_error(e, fb->device, "FBIOPAN_DISPLAY");
		return -1;
	}
	fb->var.yoffset = v.yoffset;
	fb->st.pans++;
	fb->front = back;
	fb->pending = damage;
	return 0;
}

static int fbdev_show(void *state, const struct canvas *frame,
		      struct rect damage, struct errbuf *e)
{
	struct fbdev *fb = state;

	if (canvas_width(frame) != fb->w || canvas_height(frame) != fb->h) {
		errbuf_set(e, "%s: frame is %dx%d, the screen %dx%d",
			   fb->device, canvas_width(frame),
			   canvas_height(frame), fb->w, fb->h);
		errno = EINVAL;
		return -1;
	}
	damage = rect_intersect(damage, (struct rect){0, 0, fb->w, fb->h});
	fb->st.last_bytes = 0;
	if (rect_empty(damage))
		return 0;
	if (check_mode(fb, e) < 0 || wait_vsync(fb, e) < 0)
		return -1;
	fb->st.frames++;
	if (fb->st.panning)
		return show_panned(fb, frame, damage, e);
	fb->st.last_bytes = copy_rect(fb, frame, fb->buf[0], damage);
	fb->st.bytes += fb->st.last_bytes;
	return 0;
}

static int fbdev_set_brightness(void *state, int percent)
{
	struct fbdev *fb = state;

	fb->percent = percent < 1 ? 1 : percent > 100 ? 100 : percent;
	if (fb->bl_fd < 0) {
		errno = ENODEV;
		return -1;
	}
	return fb->st.blanked ? 0 : backlight_write(fb, fb->percent);
}

int fbdev_set_blank(void *state, int on, struct errbuf *e)
{
	struct fbdev *fb = state;

	if (blank(fb, on ? FB_BLANK_POWERDOWN : FB_BLANK_UNBLANK, e) < 0)
		return -1;
	fb->st.blanked = !!on;
	if (fb->bl_fd >= 0)
		backlight_write(fb, on ? 0 : fb->percent);
	return 0;
}

void fbdev_stats(void *state, struct fbdev_stats *st)
{
	*st = ((struct fbdev *)state)->st;
}

static void fbdev_status(void *state, struct panel_status *st)
{
	struct fbdev *fb = state;

	memset(st, 0, sizeof(*st));
	if (!fb)
		return;
	st->ok = 1;
	st->frames = fb->st.frames;
	/* One line; cut short if the names are long. */
	if (snprintf(st->detail, sizeof(st->detail),
		     "%s %ux%u %s rot %d %s%s%s, %zu B last frame", fb->device,
		     fb->var.xres, fb->var.yres, fb->fmt_name, fb->degrees,
		     fb->st.panning ? "pan" : "direct",
		     fb->vsync && fb->st.vsync_supported ? " vsync" : "",
		     fb->st.blanked ? " blanked" : "",
		     fb->st.last_bytes) >= (int)sizeof(st->detail))
		st->detail[sizeof(st->detail) - 2] = '~';
}

const struct panel_ops panel_fbdev_ops = {
	.type = "fbdev",
	.keys = fbdev_keys,
	.settings_size = sizeof(struct fbdev_settings),
	.validate = fbdev_validate,
	.open = fbdev_open,
	.show = fbdev_show,
	.set_brightness = fbdev_set_brightness,
	.status = fbdev_status,
	.close = fbdev_close,
};
