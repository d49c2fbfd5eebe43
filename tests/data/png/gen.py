#!/usr/bin/env python3
"""Writes the PNG test corpus in this directory, deterministically.

Run from anywhere: python3 tests/data/png/gen.py.  Outputs are committed;
every file here is also copied to the fuzz seed corpus
tests/fuzz/corpus/png/, together with seed_*.png: one small image per
colour type, bit depth and interlace method.
tests/unit/test_pngio.c computes the expected pixels of the good files from
the same formulas (keep pix_* below and the C side in step).

Good files:
  good_rgba8.png        7x5 RGBA 8-bit
  good_rgb8.png         7x5 RGB 8-bit (no alpha: decodes opaque)
  good_grey1.png        9x3 greyscale 1-bit
  good_ga16_adam7.png   9x9 grey+alpha 16-bit, Adam7 interlaced
  good_pal_trns.png     5x3 palette 2-bit with tRNS (3 of 4 entries)
  good_rgb16_trns.png   4x4 RGB 16-bit with a tRNS colour key
  big_text.png          good_rgb8 plus an 8 KiB tEXt chunk (refused with a
                        4 KiB chunk limit, decoded with the defaults)
Bad files:
  empty.png             zero bytes
  not_png.png           a GIF header
  truncated.png         good_rgba8 cut in the middle of IDAT
  bad_crc.png           good_rgba8 with the IDAT CRC flipped
  huge_dims.png         IHDR 100000x100000 (valid CRC) and a tiny IDAT
  huge_iccp.png         iCCP chunk declaring 16 MiB (over the chunk limit)
  bomb_ztxt.png         zTXt of 2 KiB inflating to 8 MiB, then the image
  bad_pal_index.png     2-colour palette, pixels use indices up to 3
  no_idat.png           IHDR then IEND
  bad_ihdr.png          IHDR with bit depth 3 (valid CRC)
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "fuzz", "corpus", "png")
SIG = b"\x89PNG\r\n\x1a\n"


def chunk(ctype, data, crc=None):
    if crc is None:
        crc = zlib.crc32(ctype + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", crc)


def ihdr(w, h, depth, ctype, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0,
                                      interlace))


def pack_row(samples, depth):
    """Packs a row of samples (ints) at @depth bits each, MSB first."""
    if depth == 8:
        return bytes(samples)
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    out, acc, nbits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        nbits += depth
        if nbits == 8:
            out.append(acc)
            acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return bytes(out)


def raw_image(rows, depth):
    """Filter type 0 before every row."""
    return b"".join(b"\0" + pack_row(r, depth) for r in rows)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
         (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def raw_adam7(grid, w, h, depth):
    """grid[y][x] is the list of samples of a pixel."""
    out = b""
    for x0, y0, dx, dy in ADAM7:
        xs = range(x0, w, dx)
        ys = range(y0, h, dy)
        if not xs or not ys:
            continue
        rows = [[s for x in xs for s in grid[y][x]] for y in ys]
        out += raw_image(rows, depth)
    return out


def png(w, h, depth, ctype, raw, extra=b"", interlace=0, after=b""):
    return (SIG + ihdr(w, h, depth, ctype, interlace) + extra +
            chunk(b"IDAT", zlib.compress(raw, 9)) + after + chunk(b"IEND", b""))


# Pixel formulas (mirrored in tests/unit/test_pngio.c).
def pix_rgba8(x, y):
    return [(x * 37 + y * 11) & 255, (x * 5 + y * 71) & 255,
            (x * y * 13 + 7) & 255, (x * 40 + y * 50) & 255]


def pix_ga16(x, y):
    return [(x * 7919 + y * 10007) & 0xFFFF, (x * 4099 + y * 8191 + 1) & 0xFFFF]


def pix_rgb16(x, y):
    return [(x * 20000 + y * 3) & 0xFFFF, (y * 20000 + x * 5) & 0xFFFF,
            (x * y * 4000) & 0xFFFF]


def grid(w, h, f):
    return [[f(x, y) for x in range(w)] for y in range(h)]


def main():
    files = {}

    w, h = 7, 5
    g = grid(w, h, pix_rgba8)
    rgba = png(w, h, 8, 6, raw_image([[s for p in r for s in p] for r in g], 8))
    files["good_rgba8.png"] = rgba
    rgb_rows = [[s for p in r for s in p[:3]] for r in g]
    rgb = png(w, h, 8, 2, raw_image(rgb_rows, 8))
    files["good_rgb8.png"] = rgb

    files["good_grey1.png"] = png(9, 3, 1, 0, raw_image(
        [[(x + y) & 1 for x in range(9)] for y in range(3)], 1))

    files["good_ga16_adam7.png"] = png(9, 9, 16, 4,
                                       raw_adam7(grid(9, 9, pix_ga16), 9, 9, 16),
                                       interlace=1)

    plte = chunk(b"PLTE", bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]))
    trns = chunk(b"tRNS", bytes([0, 128, 255]))
    files["good_pal_trns.png"] = png(5, 3, 2, 3, raw_image(
        [[(x + 2 * y) % 4 for x in range(5)] for y in range(3)], 2),
        extra=plte + trns)

    key = chunk(b"tRNS", struct.pack(">HHH", *pix_rgb16(1, 1)))
    files["good_rgb16_trns.png"] = png(4, 4, 16, 2, raw_image(
        [[s for x in range(4) for s in pix_rgb16(x, y)] for y in range(4)], 16),
        extra=key)

    text = b"Comment\0" + bytes((i * 7 + 32) % 95 + 32 for i in range(8192))
    files["big_text.png"] = png(w, h, 8, 2, raw_image(rgb_rows, 8),
                                extra=chunk(b"tEXt", text))

    files["empty.png"] = b""
    files["not_png.png"] = b"GIF89a\x07\x00\x05\x00\x80\x00\x00" + bytes(32)

    idat_at = rgba.index(b"IDAT")
    idat_len = struct.unpack(">I", rgba[idat_at - 4:idat_at])[0]
    files["truncated.png"] = rgba[:idat_at + 4 + idat_len // 2]

    crc_at = idat_at + 4 + idat_len
    bad = bytearray(rgba)
    bad[crc_at] ^= 0x55
    files["bad_crc.png"] = bytes(bad)

    files["huge_dims.png"] = png(100000, 100000, 8, 6, b"\0" * 64)

    files["huge_iccp.png"] = (SIG + ihdr(w, h, 8, 2) +
                              struct.pack(">I", 16 << 20) + b"iCCP" +
                              b"profile\0\0" + zlib.compress(bytes(256)))

    bomb = chunk(b"zTXt", b"Comment\0\0" + zlib.compress(bytes(8 << 20), 9))
    files["bomb_ztxt.png"] = png(w, h, 8, 2, raw_image(rgb_rows, 8),
                                 extra=bomb)

    two = chunk(b"PLTE", bytes([0, 0, 0, 255, 255, 255]))
    files["bad_pal_index.png"] = png(4, 2, 2, 3, raw_image(
        [[x for x in range(4)], [0, 1, 0, 1]], 2), extra=two)

    files["no_idat.png"] = SIG + ihdr(w, h, 8, 2) + chunk(b"IEND", b"")
    files["bad_ihdr.png"] = (SIG + ihdr(w, h, 3, 2) +
                             chunk(b"IDAT", zlib.compress(b"\0" * 8)) +
                             chunk(b"IEND", b""))

    for name, data in sorted(files.items()):
        for d in (HERE, SEEDS):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
    for name, data in sorted(seeds().items()):
        with open(os.path.join(SEEDS, name), "wb") as f:
            f.write(data)


def seeds():
    """One 5x5 image per colour type, depth and interlace method."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
    depths = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8),
              4: (8, 16), 6: (8, 16)}
    out = {}
    for ct, ds in depths.items():
        for depth in ds:
            for il in (0, 1):
                top = (1 << depth) - 1
                n = channels[ct]
                g = [[[(x * 3 + y * 5 + c * 7) * 0x9E37 % (top + 1)
                       for c in range(n)] for x in range(5)]
                     for y in range(5)]
                if ct == 3:
                    g = [[[p[0] % 3] for p in r] for r in g]
                raw = (raw_adam7(g, 5, 5, depth) if il else
                       raw_image([[s for p in r for s in p] for r in g],
                                 depth))
                extra = b""
                if ct == 3:
                    extra = (chunk(b"PLTE", bytes(range(9))) +
                             chunk(b"tRNS", bytes([7])))
                elif ct == 0 and depth == 8:
                    extra = chunk(b"tRNS", struct.pack(">H", 3))
                elif ct == 2 and depth == 16:
                    extra = chunk(b"tRNS", struct.pack(">HHH", 1, 2, 3))
                name = "seed_ct%d_d%d_%s.png" % (ct, depth,
                                                  "adam7" if il else "flat")
                out[name] = png(5, 5, depth, ct, raw, extra=extra,
                                interlace=il)
    return out


if __name__ == "__main__":
    main()
