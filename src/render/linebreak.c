/* linebreak: see linebreak.h. */
#include "render/linebreak.h"

int lb_no_start(uint32_t cp)
{
	if (cp < 0x80) {
		switch (cp) {
		case '!':
		case ')':
		case ',':
		case '.':
		case ':':
		case ';':
		case '?':
		case ']':
		case '}':
		case '%':
			return 1;
		}
		return 0;
	}
	switch (cp) {
	case 0x00b0: /* ° */
	case 0x00b7: /* · */
	case 0x2019: /* ’ */
	case 0x201d: /* ” */
	case 0x2025: /* ‥ */
	case 0x2026: /* … */
	case 0x2030: /* ‰ */
	case 0x2032: /* ′ */
	case 0x2033: /* ″ */
	case 0x2103: /* ℃ */
	case 0x3001: /* 、 */
	case 0x3002: /* 。 */
	case 0x3005: /* 々 */
	case 0x3009: /* 〉 */
	case 0x300b: /* 》 */
	case 0x300d: /* 」 */
	case 0x300f: /* 』 */
	case 0x3011: /* 】 */
	case 0x3015: /* 〕 */
	case 0x3017: /* 〗 */
	case 0x3019: /* 〙 */
	case 0x301b: /* 〛 */
	case 0x301e: /* 〞 */
	case 0x301f: /* 〟 */
	case 0x3041:
	case 0x3043:
	case 0x3045:
	case 0x3047:
	case 0x3049:
	case 0x3063:
	case 0x3083:
	case 0x3085:
	case 0x3087:
	case 0x308e:
	case 0x3095:
	case 0x3096: /* small hiragana */
	case 0x309d:
	case 0x309e:
	case 0x30a1:
	case 0x30a3:
	case 0x30a5:
	case 0x30a7:
	case 0x30a9:
	case 0x30c3:
	case 0x30e3:
	case 0x30e5:
	case 0x30e7:
	case 0x30ee:
	case 0x30f5:
	case 0x30f6: /* small katakana */
	case 0x30fb: /* ・ */
	case 0x30fc: /* ー */
	case 0x30fd:
	case 0x30fe:
	case 0xff01: /* ！ */
	case 0xff05: /* ％ */
	case 0xff09: /* ） */
	case 0xff0c: /* ， */
	case 0xff0e: /* ． */
	case 0xff1a: /* ： */
	case 0xff1b: /* ； */
	case 0xff1f: /* ？ */
	case 0xff3d: /* ］ */
	case 0xff5d: /* ｝ */
	case 0xff60: /* ｠ */
	case 0xff63: /* ｣ */
		return 1;
	}
	return 0;
}

int lb_no_end(uint32_t cp)
{
	if (cp < 0x80)
		return cp == '(' || cp == '[' || cp == '{' || cp == '$';
	switch (cp) {
	case 0x00a3: /* £ */
	case 0x00a5: /* ¥ */
	case 0x2018: /* ‘ */
	case 0x201c: /* “ */
	case 0x20ac: /* € */
	case 0x3008: /* 〈 */
	case 0x300a: /* 《 */
	case 0x300c: /* 「 */
	case 0x300e: /* 『 */
	case 0x3010: /* 【 */
	case 0x3014: /* 〔 */
	case 0x3016: /* 〖 */
	case 0x3018: /* 〘 */
	case 0x301a: /* 〚 */
	case 0x301d: /* 〝 */
	case 0xff04: /* ＄ */
	case 0xff08: /* （ */
	case 0xff3b: /* ［ */
	case 0xff5b: /* ｛ */
	case 0xff5f: /* ｟ */
	case 0xff62: /* ｢ */
	case 0xffe1: /* ￡ */
	case 0xffe5: /* ￥ */
		return 1;
	}
	return 0;
}

int lb_is_space_slow(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200b && cp != 0x2007) || cp == 0x205f ||
	       cp == 0x3000;
}

/* Characters each of which is a word of its own: ideographs, kana,
   hangul, CJK and fullwidth punctuation, and the ellipsis and dash that
   Chinese text uses in pairs. */
static int is_cjk(uint32_t cp)
{
	if (cp < 0x1100)
		return 0;
	return (cp >= 0x2e80 && cp <= 0xa4cf) || /* radicals..Yi */
	       (cp >= 0xac00 && cp <= 0xd7af) || /* hangul */
	       (cp >= 0xf900 && cp <= 0xfaff) || /* compatibility */
	       (cp >= 0xfe30 && cp <= 0xfe4f) || /* vertical forms */
	       (cp >= 0xff00 && cp <= 0xff60) || /* fullwidth */
	       (cp >= 0xffe0 && cp <= 0xffe6) ||
	       (cp >= 0x1100 && cp <= 0x11ff) || /* jamo */
	       (cp >= 0x20000 && cp <= 0x3ffff) || /* ext. B.. */
	       cp == 0x2014 || cp == 0x2026;
}

static int is_alnum(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 'a' && cp <= 'z') || (cp >= 0xc0 && cp <= 0x24f);
}

int lb_allowed_slow(uint32_t before, uint32_t after)
{
	if (lb_is_space(after) || lb_no_start(after) || lb_no_end(before))
		return 0;
	if (lb_is_space(before))
		return 1;
	/* "……" and "——" stay whole. */
	if (before == after && (before == 0x2026 || before == 0x2014 ||
				before == 0x2015 || before == 0x2025))
		return 0;
	if (is_cjk(before) || is_cjk(after))
		return 1;
	return (before == '-' || before == 0x2010) && is_alnum(after);
}
