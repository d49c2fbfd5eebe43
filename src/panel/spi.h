/*
 * spi: the seam between the LED scan and an SPI bus for shift data.
 *
 * spi_spidev is the Linux spidev backend and the only file in pids that
 * issues spidev ioctls.  MOSI carries the data line and SCLK the shift
 * clock (SPI mode 0: data stable on the rising edge, MSB first).  With
 * @lanes = 2 the transfer uses dual transmit (SPI_TX_DUAL): on each clock
 * IO1 (MISO) takes the higher and IO0 (MOSI) the lower bit of a pair, so
 * HUB08's two data lines (R1 on IO0, R2 on IO1) share one clock.
 *
 * Contract for every backend:
 *  - open() NULL with errno and a reason naming the device ("/dev/spidev0.0:
 *    no such device (enable SPI: dtparam=spi=on)").
 *  - write() sends @len bytes as one message (one SPI_IOC_MESSAGE) and
 *    returns when they are out; -1 with errno.  @len <= spi max message.
 *  - close() accepts NULL.
 */
#ifndef PIDS_SPI_H
#define PIDS_SPI_H

#include <stddef.h>

#include "util/errbuf.h"

struct spi_ops {
	const char *name;
	void *(*open)(void *ctx, const char *dev, unsigned int speed_hz,
		      int lanes, size_t max_len, struct errbuf *e);
	int (*write)(void *h, const void *buf, size_t len);
	void (*close)(void *h);
};

extern const struct spi_ops spi_spidev;

#endif
