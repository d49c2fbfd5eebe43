/*
 * fakefb: a scripted framebuffer device behind the fbio seam, for
 * test_fbdev and the fb bench.
 *
 * The "video memory" is an unlinked temporary file: the backend maps it for real
 * (MAP_SHARED), and the test reads the bytes back with fakefb_mem().  Screen
 * info answers come from the var/fix fields; each ioctl can be made to fail
 * with a chosen errno; pans and blanks are logged.  Header-only (static
 * functions) so a test and a tool can each include it.
 */
#ifndef PIDS_TESTS_FAKEFB_H
#define PIDS_TESTS_FAKEFB_H

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

#define FAKEFB_LOG 64

struct fakefb {
	char path[32]; /* the device it answers to */
	int present; /* 0: open fails with ENOENT */
	struct fb_var_screeninfo var;
	struct fb_fix_screeninfo fix;
	/* errno to fail each call with; 0 = succeed */
	int err_open, err_get_var, err_get_fix, err_put_var, err_pan, err_vsync,
		err_blank, err_mmap;
	int put_var_ok; /* FBIOPUT_VSCREENINFO may grow yres_virtual */
	int vsync_calls, get_var_calls;
	int npan, nblank;
	unsigned int pan_y[FAKEFB_LOG]; /* yoffset of every pan */
	int blank_mode[FAKEFB_LOG];
	int open_fds, maps; /* live fds and mappings */
	int memfd; /* the video memory */
	struct fbio_ops ops;
};

static inline int fakefb_open(void *ctx, const char *path, int flags)
{
	struct fakefb *f = ctx;
	int fd;

	if (strcmp(path, f->path) || !f->present) {
		errno = ENOENT;
		return -1;
	}
	if (f->err_open) {
		errno = f->err_open;
		return -1;
	}
	fd = dup(f->memfd);
	if (fd >= 0)
		f->open_fds++;
	return fd;
}

static inline int fakefb_fail(int err)
{
	errno = err;
	return -1;
}

static inline int fakefb_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	struct fakefb *f = ctx;
	struct fb_var_screeninfo *v = arg;

	switch (req) {
	case FBIOGET_VSCREENINFO:
		f->get_var_calls++;
		if (f->err_get_var)
			return fakefb_fail(f->err_get_var);
		*v = f->var;
		return 0;
	case FBIOGET_FSCREENINFO:
		if (f->err_get_fix)
			return fakefb_fail(f->err_get_fix);
		*(struct fb_fix_screeninfo *)arg = f->fix;
		return 0;
	case FBIOPUT_VSCREENINFO:
		if (f->err_put_var || !f->put_var_ok)
			return fakefb_fail(f->err_put_var ? f->err_put_var
							  : EINVAL);
		f->var.yres_virtual = v->yres_virtual;
		f->fix.smem_len = f->fix.line_length * v->yres_virtual;
		if (ftruncate(f->memfd, f->fix.smem_len) < 0)
			return -1;
		*v = f->var;
		return 0;
	case FBIOPAN_DISPLAY:
		if (f->err_pan)
			return fakefb_fail(f->err_pan);
		if (v->yoffset + f->var.yres > f->var.yres_virtual)
			return fakefb_fail(EINVAL);
		if (f->npan < FAKEFB_LOG)
			f->pan_y[f->npan] = v->yoffset;
		f->npan++;
		f->var.xoffset = v->xoffset;
		f->var.yoffset = v->yoffset;
		return 0;
	case FBIO_WAITFORVSYNC:
		f->vsync_calls++;
		return f->err_vsync ? fakefb_fail(f->err_vsync) : 0;
	case FBIOBLANK:
		if (f->err_blank)
			return fakefb_fail(f->err_blank);
		if (f->nblank < FAKEFB_LOG)
			f->blank_mode[f->nblank] = (int)(uintptr_t)arg;
		f->nblank++;
		return 0;
	default:
		return fakefb_fail(ENOTTY);
	}
}

static inline void *fakefb_mmap(void *ctx, size_t len, int prot, int flags,
				int fd, off_t off)
{
	struct fakefb *f = ctx;
	void *p;

	if (f->err_mmap) {
		errno = f->err_mmap;
		return MAP_FAILED;
	}
	p = mmap(NULL, len, prot, flags, fd, off);
	if (p != MAP_FAILED)
		f->maps++;
	return p;
}

static inline int fakefb_munmap(void *ctx, void *addr, size_t len)
{
	((struct fakefb *)ctx)->maps--;
	return munmap(addr, len);
}

static inline int fakefb_close(void *ctx, int fd)
{
	((struct fakefb *)ctx)->open_fds--;
	return close(fd);
}

/*
 * Sets up @f as @path: @xres x @yres at @bpp with the given bitfields
 * ({offset, length} for r, g, b, transparency), @yres_virtual rows of
 * @line_length bytes, memory filled with 0xA5.  Installs it as the seam.
 * Returns 0 or -1.
 */
static inline int fakefb_init(struct fakefb *f, const char *path, int xres,
			      int yres, int yres_virtual, int line_length,
			      int bpp, const int fields[8])
{
	struct fb_bitfield *bf[4];
	size_t len = (size_t)line_length * yres_virtual;
	char tmpl[256];
	uint8_t *fill;
	int i;

	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", path);
	f->present = 1;
	f->var.xres = f->var.xres_virtual = xres;
	f->var.yres = yres;
	f->var.yres_virtual = yres_virtual;
	f->var.bits_per_pixel = bpp;
	bf[0] = &f->var.red;
	bf[1] = &f->var.green;
	bf[2] = &f->var.blue;
	bf[3] = &f->var.transp;
	for (i = 0; i < 4; i++) {
		bf[i]->offset = fields[2 * i];
		bf[i]->length = fields[2 * i + 1];
	}
	snprintf(f->fix.id, sizeof(f->fix.id), "fakefb");
	f->fix.type = FB_TYPE_PACKED_PIXELS;
	f->fix.visual = FB_VISUAL_TRUECOLOR;
	f->fix.line_length = line_length;
	f->fix.smem_len = len;
	snprintf(tmpl, sizeof(tmpl), "%s/fakefb.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	f->memfd = mkstemp(tmpl);
	if (f->memfd < 0)
		return -1;
	unlink(tmpl);
	if (ftruncate(f->memfd, len) < 0)
		return -1;
	fill = malloc(len);
	if (!fill)
		return -1;
	memset(fill, 0xA5, len);
	if (pwrite(f->memfd, fill, len, 0) != (ssize_t)len) {
		free(fill);
		return -1;
	}
	free(fill);
	f->ops = (struct fbio_ops){fakefb_open,	  fakefb_ioctl, fakefb_mmap,
				   fakefb_munmap, fakefb_close, f};
	fbio_use(&f->ops);
	return 0;
}

/* A copy of the whole video memory (smem_len bytes); free() it. */
static inline uint8_t *fakefb_mem(const struct fakefb *f)
{
	uint8_t *m = malloc(f->fix.smem_len);

	if (m && pread(f->memfd, m, f->fix.smem_len, 0) !=
			 (ssize_t)f->fix.smem_len) {
		free(m);
		return NULL;
	}
	return m;
}

static inline void fakefb_fini(struct fakefb *f)
{
	fbio_use(NULL);
	if (f->memfd >= 0)
		close(f->memfd);
	f->memfd = -1;
}

#endif
