/*
 * leddecode: rebuilds what a real LED module chain shows from the traffic
 * the recorder (panel/ledrec.h) captured.
 *
 * The model is the hardware, written from the protocol descriptions and
 * not from src/panel: per data line a shift register chain (data sampled
 * on CLK's rising edge, or on every SPI clock), a latch that is open while
 * LAT is high, address lines selecting a scan line, and OE gating the
 * light.  Every nanosecond OE is on, each latched "on" bit lights the LED
 * its register is wired to; the result is the lit time per pixel and
 * channel.  One wiring function per protocol says which LED a register
 * drives: HUB12 (P10: 8-pixel groups, rows interleaved), HUB08 (R1/R2
 * halves) and HUB75 (RGB halves).  Latching or changing the address while
 * lit is counted as a ghosting violation.
 */
#ifndef PIDS_HELPER_LEDDECODE_H
#define PIDS_HELPER_LEDDECODE_H

#include <stddef.h>
#include <stdint.h>

struct ledrec;

enum leddec_proto { LEDDEC_HUB12, LEDDEC_HUB08, LEDDEC_HUB75 };

struct leddec_cfg {
	int proto;
	int mod_w, mod_h, scan, chain;
	int group;           /* HUB12: pixels per interleave group */
	int last_first;      /* HUB12/any: last row of a group first */
	int data_active_low, oe_active_low;
	int addr_direct;     /* one pin per scan line instead of binary */
	const char *chip;
	int off_addr[5];     /* -1 = not wired */
	int off_clk, off_lat, off_oe;
	int off_data[6];     /* HUB12: [0]; HUB08: R1 R2; HUB75: R1 G1 B1 R2 G2 B2 */
	uint64_t t_from, t_to; /* count light only in [from, to); 0 = all */
};

struct leddec_result {
	int w, h, channels;
	double *lit;          /* ns, w * h * channels */
	unsigned long ghost;  /* latch or address change while lit */
	unsigned long bad_addr;
	unsigned long races;  /* data changed with the clock edge, or
				 clocked while the latch was open */
	unsigned long latches;
	char why[160];        /* set when decoding was impossible */
};

/* 0, or -1 with res->why.  Free with leddec_free(). */
int leddec_hub12(const struct leddec_cfg *c, struct ledrec *r,
		 struct leddec_result *res);
int leddec_hub08(const struct leddec_cfg *c, struct ledrec *r,
		 struct leddec_result *res);
int leddec_hub75(const struct leddec_cfg *c, struct ledrec *r,
		 struct leddec_result *res);
void leddec_free(struct leddec_result *res);

#endif
