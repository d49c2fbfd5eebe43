/* Tests for panel/fbio, the seam under the fbdev backend: the real system
   calls (against /dev/null and a missing device, no framebuffer needed),
   EINTR retries, swapping the seam and restoring it, and the fbdev backend
   on the real seam failing with messages that name the device. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "panel/fbdev.h"
#include "panel/fbio.h"
#include "util/log.h"

static void test_real_calls(void **state)
{
	struct fb_var_screeninfo v;
	int fd;

	fbio_use(NULL);
	assert_int_equal(fbio_open("/nonexistent/fb0", O_RDWR), -1);
	assert_int_equal(errno, ENOENT);
	fd = fbio_open("/dev/null", O_RDWR);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fbio_ioctl(fd, FBIOGET_VSCREENINFO, &v), -1);
	assert_int_equal(errno, ENOTTY);
	assert_int_equal(fbio_close(fd), 0);
}

static int calls, fail_first;

static int eintr_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	assert_ptr_equal(ctx, &calls);
	if (calls++ < fail_first) {
		errno = EINTR;
		return -1;
	}
	return 7;
}

static void test_eintr_and_swap(void **state)
{
	struct fbio_ops ops = fbio_linux;
	int fd;

	ops.ioctl = eintr_ioctl;
	ops.ctx = &calls;
	fbio_use(&ops);
	calls = 0;
	fail_first = 3;
	assert_int_equal(fbio_ioctl(5, FBIOBLANK, NULL), 7);
	assert_int_equal(calls, 4);
	/* open/close still the real ones through the copied table */
	fd = fbio_open("/dev/null", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fbio_close(fd), 0);
	fbio_use(NULL);
	fd = fbio_open("/dev/null", O_RDONLY);
	assert_int_equal(fbio_ioctl(fd, FBIOBLANK, NULL), -1);
	assert_int_equal(calls, 4);
	fbio_close(fd);
}

static void test_backend_on_real_seam(void **state)
{
	struct panel_common common = {.brightness = 100};
	struct fbdev_settings s;
	struct errbuf e;

	fbio_use(NULL);
	assert_int_equal(cfgtab_defaults(fbdev_keys, &s, &e), 0);
	strcpy(s.device, "/dev/fb97");
	assert_null(panel_fbdev_ops.open(&common, &s, &e));
	assert_string_equal(e.msg, "/dev/fb97: no such device");
	/* not a framebuffer */
	strcpy(s.device, "/dev/null");
	assert_null(panel_fbdev_ops.open(&common, &s, &e));
	assert_string_equal(e.msg, "/dev/null: screen info: Inappropriate "
				   "ioctl for device");
	panel_fbdev_ops.close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_calls),
		cmocka_unit_test(test_eintr_and_swap),
		cmocka_unit_test(test_backend_on_real_seam),
	};

	log_init(LOG_LVL_WARNING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
