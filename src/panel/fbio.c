/* fbio: see fbio.h. */
#include "panel/fbio.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

static int linux_open(void *ctx, const char *path, int flags)
{
	return open(path, flags);
}

static int linux_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg);
}

static void *linux_mmap(void *ctx, size_t len, int prot, int flags, int fd,
			off_t off)
{
	return mmap(NULL, len, prot, flags, fd, off);
}

static int linux_munmap(void *ctx, void *addr, size_t len)
{
	return munmap(addr, len);
}

static int linux_close(void *ctx, int fd)
{
	return close(fd);
}

const struct fbio_ops fbio_linux = {
	.open = linux_open,
	.ioctl = linux_ioctl,
	.mmap = linux_mmap,
	.munmap = linux_munmap,
	.close = linux_close,
};

static const struct fbio_ops *cur = &fbio_linux;

void fbio_use(const struct fbio_ops *ops)
{
	cur = ops ? ops : &fbio_linux;
}

int fbio_open(const char *path, int flags)
{
	return cur->open(cur->ctx, path, flags | O_CLOEXEC);
}

int fbio_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do
		r = cur->ioctl(cur->ctx, fd, req, arg);
	while (r < 0 && errno == EINTR);
	return r;
}

void *fbio_mmap(size_t len, int prot, int flags, int fd, off_t off)
{
	return cur->mmap(cur->ctx, len, prot, flags, fd, off);
}

int fbio_munmap(void *addr, size_t len)
{
	return cur->munmap(cur->ctx, addr, len);
}

int fbio_close(int fd)
{
	return cur->close(cur->ctx, fd);
}
