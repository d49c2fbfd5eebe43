/* spi: the spidev backend (see spi.h).  The only spidev ioctl caller. */
#include "panel/spi.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/spi/spidev.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct spidev {
	int fd;
	unsigned int speed_hz;
	int lanes;
	char path[64];
};

static void spidev_close(void *h)
{
	struct spidev *s = h;

	if (!s)
		return;
	close(s->fd);
	free(s);
}

/* spidev's largest message (module parameter bufsiz, default 4096). */
static size_t spidev_bufsiz(void)
{
	FILE *f = fopen("/sys/module/spidev/parameters/bufsiz", "re");
	unsigned long v = 4096;

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 4096;
		fclose(f);
	}
	return v;
}

static int spidev_setup(struct spidev *s, int lanes, struct errbuf *e)
{
	uint32_t mode = SPI_MODE_0 | (lanes == 2 ? SPI_TX_DUAL : 0);
	uint8_t bits = 8;
	uint32_t speed = s->speed_hz;

	if (ioctl(s->fd, SPI_IOC_WR_MODE32, &mode) < 0) {
		if (lanes == 2)
			errbuf_errno(e,
				     "%s: dual transmit (SPI_TX_DUAL, needed "
				     "for R1+R2) refused; use path = gpio",
				     s->path);
		else
			errbuf_errno(e, "%s: cannot set SPI mode 0", s->path);
		return -1;
	}
	if (ioctl(s->fd, SPI_IOC_WR_BITS_PER_WORD, &bits) < 0) {
		errbuf_errno(e, "%s: cannot set 8 bits per word", s->path);
		return -1;
	}
	if (ioctl(s->fd, SPI_IOC_WR_MAX_SPEED_HZ, &speed) < 0) {
		errbuf_errno(e, "%s: cannot set %u Hz", s->path, speed);
		return -1;
	}
	return 0;
}

static void *spidev_open(void *ctx, const char *dev, unsigned int speed_hz,
			 int lanes, size_t max_len, struct errbuf *e)
{
	struct spidev *s;
	size_t bufsiz;

	if (lanes != 1 && lanes != 2) {
		errbuf_set(e, "%s: %d data lanes; 1 or 2 supported", dev,
			   lanes);
		errno = EINVAL;
		return NULL;
	}
	bufsiz = spidev_bufsiz();
	if (max_len > bufsiz) {
		errbuf_set(e,
			   "%s: a scan line is %zu bytes but spidev takes at "
			   "most %zu per message (raise spidev.bufsiz)",
			   dev, max_len, bufsiz);
		errno = EMSGSIZE;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		errbuf_errno(e, "%s", dev);
		return NULL;
	}
	snprintf(s->path, sizeof(s->path), "%s", dev);
	s->speed_hz = speed_hz;
	s->lanes = lanes;
	s->fd = open(dev, O_RDWR | O_CLOEXEC);
	if (s->fd < 0) {
		if (errno == ENOENT)
			errbuf_set(e,
				   "%s: no such SPI device (enable SPI, e.g. "
				   "dtparam=spi=on, or set spidev =)",
				   dev);
		else
			errbuf_errno(e, "%s", dev);
		free(s);
		return NULL;
	}
	if (spidev_setup(s, lanes, e) < 0) {
		spidev_close(s);
		return NULL;
	}
	return s;
}

static int spidev_write(void *h, const void *buf, size_t len)
{
	struct spidev *s = h;
	struct spi_ioc_transfer tr;

	memset(&tr, 0, sizeof(tr));
	tr.tx_buf = (uintptr_t)buf;
	tr.len = (uint32_t)len;
	tr.speed_hz = s->speed_hz;
	tr.bits_per_word = 8;
	tr.tx_nbits = (uint8_t)s->lanes;
	return ioctl(s->fd, SPI_IOC_MESSAGE(1), &tr) < 0 ? -1 : 0;
}

const struct spi_ops spi_spidev = {
	.name = "spidev",
	.open = spidev_open,
	.write = spidev_write,
	.close = spidev_close,
};
