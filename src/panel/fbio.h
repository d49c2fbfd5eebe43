/*
 * fbio: the thin seam between the fbdev backend and the kernel.
 *
 * Every system call the backend makes on a framebuffer (open, ioctl, mmap,
 * munmap, close) goes through one struct fbio_ops.  The daemon uses the real
 * calls; tests install a scripted device with fbio_use(): canned
 * FBIOGET_VSCREENINFO/FSCREENINFO answers, injected errors (ENODEV, ENOTTY)
 * and a file-backed mapping whose bytes they can inspect.
 *
 * The functions below behave like the system calls they wrap: -1 (or
 * MAP_FAILED) with errno set.  fbio_ioctl() retries on EINTR.  Nothing here
 * logs or formats messages: the caller names the device.
 */
#ifndef PIDS_FBIO_H
#define PIDS_FBIO_H

#include <stddef.h>
#include <sys/types.h>

struct fbio_ops {
	int (*open)(void *ctx, const char *path, int flags);
	int (*ioctl)(void *ctx, int fd, unsigned long req, void *arg);
	void *(*mmap)(void *ctx, size_t len, int prot, int flags, int fd,
		      off_t off);
	int (*munmap)(void *ctx, void *addr, size_t len);
	int (*close)(void *ctx, int fd);
	void *ctx; /* passed to every call */
};

/* The real system calls. */
extern const struct fbio_ops fbio_linux;

/*
 * Makes @ops (owned by the caller, alive until replaced) the seam for every
 * later call; NULL restores fbio_linux.  Not thread-safe: tests call it
 * before opening a device.
 */
void fbio_use(const struct fbio_ops *ops);

int fbio_open(const char *path, int flags);
int fbio_ioctl(int fd, unsigned long req, void *arg);
void *fbio_mmap(size_t len, int prot, int flags, int fd, off_t off);
int fbio_munmap(void *addr, size_t len);
int fbio_close(int fd);

#endif
