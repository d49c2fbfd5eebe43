#!/bin/sh
# fbdev backend: full-frame convert-and-copy of a 1920x540 frame into
# XRGB8888 and RGB565 video memory against memcpy of the same bytes (goals:
# within 2x and 4x), the same turned 90 degrees, and the bytes written per
# frame for a stretch of the interior scene with damage tracking, panning
# and direct, against full frames.  See tests/tools/fbbench.c.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
"$BUILD/tools/fbbench" 31
