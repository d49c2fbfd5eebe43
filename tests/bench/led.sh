#!/bin/sh
# LED signs: what one refresh costs on the wire, per sign and output path,
# counted by running the real scan on the recorder's virtual clock
# (tests/tools/ledbench.c), and the CPU time to turn a frame into
# bit-planes.  Signs: 16x160 amber of five P10 HUB12 modules, 32x192 of
# three 64x32 HUB08 modules, one 64x32 HUB75 panel (1 and 3 bit-planes).
#
#   *_gpio_calls       GPIO bulk writes (ioctls) per refresh
#   *_gpio_calls_min   the protocol's minimum, derived from the geometry
#   *_spi_msgs/bytes   SPI messages and bytes per refresh (path spidev)
#   *_refresh          what those counts allow at 1.2 us per libgpiod call
#                      (go-gpiocdev README: 1.15 us/op, Pi 4) and a 10 MHz
#                      SPI clock (DMD_STM32 9-10.5 MHz; led.md section 4.5)
#   *_scan_refresh     what the scan's schedule reaches on the same costs
#                      (spidev: brightness-safe windows, see README)
#   *_bitplanes_us     median of 2001 bitplane_convert() calls (CIE,
#                      ordered dither, planes in shift order)
# Goals: calls = minimum; hub12 16x160 spidev >= 1200 Hz, gpio >= 150 Hz;
# 16x160 bit-planes < 50 us.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
"$BUILD/tools/ledbench"
