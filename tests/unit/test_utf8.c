/* Tests for util/utf8: decoding never runs past the end, bad input becomes
   U+FFFD one byte at a time, and encode/decode round-trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/utf8.h"

static uint32_t decode_one(const char *s, size_t len, size_t *used)
{
	const char *p = s;
	uint32_t cp = utf8_next(&p, s + len);

	*used = p - s;
	return cp;
}

static void test_decode_valid(void **state)
{
	size_t used;

	assert_int_equal(decode_one("A", 1, &used), 'A');
	assert_int_equal(used, 1);
	assert_int_equal(decode_one("\xc3\xa9", 2, &used), 0xe9);
	assert_int_equal(used, 2);
	assert_int_equal(decode_one("花", strlen("花"), &used), 0x82b1);
	assert_int_equal(used, 3);
	assert_int_equal(decode_one("\xf0\x9f\x98\x80", 4, &used), 0x1f600);
	assert_int_equal(used, 4);
}

static void test_decode_invalid(void **state)
{
	size_t used;

	/* truncated 3-byte sequence */
	assert_int_equal(decode_one("\xe8\x8a", 2, &used), 0xfffd);
	assert_int_equal(used, 1);
	/* overlong '/' */
	assert_int_equal(decode_one("\xc0\xaf", 2, &used), 0xfffd);
	/* surrogate half */
	assert_int_equal(decode_one("\xed\xa0\x80", 3, &used), 0xfffd);
	/* lone continuation byte */
	assert_int_equal(decode_one("\x80", 1, &used), 0xfffd);
	/* above U+10FFFF */
	assert_int_equal(decode_one("\xf4\x90\x80\x80", 4, &used), 0xfffd);
	/* end of input */
	assert_int_equal(decode_one("", 0, &used), 0);
	assert_int_equal(used, 0);
}

static void test_roundtrip(void **state)
{
	static const uint32_t cps[] = { 0x24, 0x7ff, 0x800, 0x82b1, 0xfffd,
					0x10000, 0x10ffff };
	char buf[4];
	size_t i, n, used;

	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		n = utf8_encode(cps[i], buf);
		assert_int_equal(decode_one(buf, n, &used), cps[i]);
		assert_int_equal(used, n);
	}
}

static void test_valid(void **state)
{
	assert_true(utf8_valid("T45 北关", strlen("T45 北关")));
	assert_false(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("\xe8\x8a", 2));
	assert_true(utf8_valid("\xef\xbf\xbd", 3)); /* a real U+FFFD */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
