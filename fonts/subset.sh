#!/bin/sh
# fonts/subset.sh: rebuilds the bundled fonts from Debian's packages.
#
# Run from anywhere as `make fonts` or `sh fonts/subset.sh`.  It writes
#   fonts/unifont-16.pcf.gz          GNU Unifont 16 px      (xfonts-unifont)
#   fonts/wqy-bitmapsong-12.pcf.gz   WenQuanYi Bitmap Song 12 px (xfonts-wqy,
#                                    wenquanyi_9pt.pcf)
#   fonts/NotoSansSC-Regular.otf     Noto Sans CJK SC, face 2 of the TTCs
#   fonts/NotoSansSC-Bold.otf        (fonts-noto-cjk), pyftsubset
#   fonts/LICENSE-*.txt              licence texts from the packages
# each cut down to one character set: all of GB2312 (Python's gb2312 codec),
# ASCII, typographic punctuation, arrows, U+FFFD and every character of
# assets/content/**/*.json.  Run it again when content gains characters.
#
# The output is reproducible: the same packages and content give the same
# bytes (no timestamps: pyftsubset keeps head.modified of the source,
# bdftopcf writes none, gzip -n drops name and time).  PCFs go
# PCF -> BDF (pcf2bdf) -> filtered BDF -> PCF (bdftopcf) -> gzip -9n.
# The packages needed are FONT_PACKAGES in the Makefile.
set -eu
cd "$(dirname "$0")/.."

PY=/usr/bin/python3
NOTO=/usr/share/fonts/opentype/noto
UNIFONT_PCF=/usr/share/fonts/X11/misc/unifont.pcf.gz
WQY_PCF=/usr/share/fonts/X11/misc/wenquanyi_9pt.pcf

pkgs=$(sed -n 's/^FONT_PACKAGES[ :]*= *//p' Makefile)
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null |
		grep -qx installed || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "fonts: installing$missing"
		apt-get update -q
		DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends $missing
	else
		echo "fonts: missing Debian packages; run:"
		echo "  sudo apt-get install -y --no-install-recommends$missing"
		exit 1
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# 1. The character set, one hex code point per line, sorted.
find assets/content -name '*.json' 2>/dev/null | LC_ALL=C sort >"$tmp/json.list"
"$PY" - "$tmp/json.list" "$tmp/set.txt" <<'EOF'
import json, sys

cps = set(range(0x20, 0x7f))
for hi in range(0xa1, 0xf8):
    for lo in range(0xa1, 0xff):
        try:
            cps.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
cps.update(map(ord, "“”‘’…—·、。，《》（）「」『』！？：；"))
cps.update(map(ord, "→←⇄↑↓"))
cps.add(0xfffd)  # what utf8_next() returns for bad input

def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)

content = set()
for path in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if path:
        with open(path, encoding="utf-8") as f:
            for s in strings(json.load(f)):
                content.update(ord(c) for c in s if ord(c) >= 0x20)
extra = content - cps
cps |= content
with open(sys.argv[2], "w") as out:
    for cp in sorted(cps):
        out.write("%04x\n" % cp)
print("fonts: %d code points (%d from content, %d of them new)"
      % (len(cps), len(content), len(extra)))
EOF

# 2. Bitmap fonts: PCF -> BDF -> keep the set -> PCF -> gzip.
bitmap() { # source.pcf[.gz] output.pcf.gz
	case $1 in
	*.gz) gzip -dc "$1" >"$tmp/src.pcf" ;;
	*) cp "$1" "$tmp/src.pcf" ;;
	esac
	pcf2bdf -o "$tmp/src.bdf" "$tmp/src.pcf"
	"$PY" - "$tmp/set.txt" "$tmp/src.bdf" "$tmp/out.bdf" "$2" <<'EOF'
import sys

want = {int(l, 16) for l in open(sys.argv[1]) if l.strip()}
head, glyphs, cur = [], {}, None
for line in open(sys.argv[2], encoding="latin-1"):
    if cur is not None:
        cur.append(line)
        if line.startswith("ENCODING "):
            enc = int(line.split()[1])
        elif line.startswith("ENDCHAR"):
            if enc in want:
                glyphs[enc] = cur
            cur = None
    elif line.startswith("STARTCHAR"):
        cur, enc = [line], -1
    elif line.startswith(("CHARS ", "ENDFONT")):
        pass
    else:
        head.append(line)
out = []
for line in head:
    if line.startswith("DEFAULT_CHAR ") and int(line.split()[1]) not in glyphs:
        continue  # the default glyph was cut: let the reader pick one
    out.append(line)
i = next(i for i, l in enumerate(out) if l.startswith("STARTPROPERTIES"))
j = next(j for j, l in enumerate(out) if l.startswith("ENDPROPERTIES"))
out[i] = "STARTPROPERTIES %d\n" % sum(1 for l in out[i + 1:j] if l.strip())
with open(sys.argv[3], "w", encoding="latin-1") as f:
    f.writelines(out)
    f.write("CHARS %d\n" % len(glyphs))
    for enc in sorted(glyphs):
        f.writelines(glyphs[enc])
    f.write("ENDFONT\n")
print("fonts: %s: %d of %d glyphs" % (sys.argv[4],
                                      len(glyphs), len(want)))
EOF
	bdftopcf -p1 -u1 -o "$tmp/out.pcf" "$tmp/out.bdf"
	gzip -9n <"$tmp/out.pcf" >"$2"
}
bitmap "$UNIFONT_PCF" fonts/unifont-16.pcf.gz
bitmap "$WQY_PCF" fonts/wqy-bitmapsong-12.pcf.gz

# 3. Outline fonts: the SC face of the Noto Sans CJK collections.
for w in Regular Bold; do
	pyftsubset "$NOTO/NotoSansCJK-$w.ttc" --font-number=2 \
		--unicodes-file="$tmp/set.txt" \
		--name-IDs='*' --name-languages='*' --name-legacy \
		--no-recalc-timestamp --no-prune-unicode-ranges \
		--output-file="fonts/NotoSansSC-$w.otf"
done

# 4. Licence texts, from the packages' copyright files.
ofl() { # the OFL 1.1 text of fonts-noto-cjk's copyright file, unindented
	awk '/^License: SIL-1.1$/ { if (getline n > 0 && n ~ /^ /) { on = 1; print n }; next }
		on && /^[^ ]/ { exit }
		on { print }' /usr/share/doc/fonts-noto-cjk/copyright |
		sed -e 's/^ \.$//' -e 's/^ //'
}
{
	echo "fonts/unifont-16.pcf.gz: a subset of GNU Unifont 15.0.01 (Debian"
	echo "package xfonts-unifont, unifont.pcf.gz) made by fonts/subset.sh."
	echo
	echo "Upstream licenses Unifont under the SIL Open Font License 1.1 or,"
	echo "at your choice, GPL-2+ with the GNU font embedding exception; the"
	echo "font's own COPYRIGHT property says:"
	echo
	gzip -dc "$UNIFONT_PCF" >"$tmp/u.pcf"
	pcf2bdf "$tmp/u.pcf" | sed -n 's/^COPYRIGHT "\(.*\)"$/  \1/p' | fold -s -w 76
	echo
	echo "pids uses and redistributes it under the SIL Open Font License 1.1,"
	echo "whose text follows Debian's copyright file for the package."
	echo
	echo "===== /usr/share/doc/xfonts-unifont/copyright ====="
	cat /usr/share/doc/xfonts-unifont/copyright
	echo
	echo "===== SIL Open Font License 1.1 ====="
	ofl
} >fonts/LICENSE-unifont.txt
{
	echo "fonts/wqy-bitmapsong-12.pcf.gz: a subset of WenQuanYi Bitmap Song"
	echo "12 px (Debian package xfonts-wqy, wenquanyi_9pt.pcf) made by"
	echo "fonts/subset.sh.  Licence: GPL-2 with the font embedding exception,"
	echo "as stated in Debian's copyright file for the package; the GPL-2 text"
	echo "follows it.  The font's source is its BDF, which pcf2bdf recovers"
	echo "from the PCF."
	echo
	echo "===== /usr/share/doc/xfonts-wqy/copyright ====="
	cat /usr/share/doc/xfonts-wqy/copyright
	echo
	echo "===== /usr/share/common-licenses/GPL-2 ====="
	cat /usr/share/common-licenses/GPL-2
} >fonts/LICENSE-wqy-bitmapsong.txt
{
	echo "fonts/NotoSansSC-Regular.otf, fonts/NotoSansSC-Bold.otf: subsets of"
	echo "Noto Sans CJK SC (face 2 of NotoSansCJK-Regular.ttc and"
	echo "NotoSansCJK-Bold.ttc, Debian package fonts-noto-cjk) made by"
	echo "fonts/subset.sh with fontTools' pyftsubset.  The fonts' name table"
	echo "(kept whole) says: \"(c) 2014-2021 Adobe (http://www.adobe.com/).\""
	echo "and \"This Font Software is licensed under the SIL Open Font License,"
	echo "Version 1.1.\"  Debian's copyright file for the package states:"
	echo
	echo "===== /usr/share/doc/fonts-noto-cjk/copyright (Files: *) ====="
	sed -n '/^Files: \*$/,/^$/p' /usr/share/doc/fonts-noto-cjk/copyright
	echo "===== SIL Open Font License 1.1 ====="
	ofl
} >fonts/LICENSE-noto-cjk.txt

# 5. What each font covers of the set.
"$PY" - "$tmp/set.txt" fonts/unifont-16.pcf.gz fonts/wqy-bitmapsong-12.pcf.gz \
	fonts/NotoSansSC-Regular.otf fonts/NotoSansSC-Bold.otf <<'EOF'
import gzip, os, sys
from fontTools.ttLib import TTFont

want = {int(l, 16) for l in open(sys.argv[1]) if l.strip()}
for path in sys.argv[2:]:
    if path.endswith(".otf"):
        have = set(TTFont(path, lazy=True).getBestCmap())
    else:
        import subprocess
        bdf = subprocess.run(["pcf2bdf"], input=gzip.open(path).read(),
                             capture_output=True, check=True).stdout
        have = {int(l.split()[1]) for l in bdf.decode("latin-1").split("\n")
                if l.startswith("ENCODING ")}
    miss = sorted(want - have)
    print("fonts: %-28s %9d bytes, %d glyphs, missing %d%s" % (
        path, os.path.getsize(path), len(have & want), len(miss),
        (": " + " ".join("U+%04X" % c for c in miss[:12])) if miss else ""))
EOF
