# pids: passenger information displays for Tongzhou routes T4, T6 and T45.
#
# make run      bootstrap, build, run pidsd on simulated panels (T45 trip)
# make check    bootstrap, build, run every test (unit, golden, e2e, corpora)
# make bench    bootstrap, build, print BENCH lines against peers
# make golden   rewrite golden images on purpose (look at them afterwards)
# make fuzz     build libFuzzer targets with clang (FUZZ_TIME=60 per target)
# make install  FHS install, honours PREFIX and DESTDIR
#
# SANITIZE=1 builds with ASan+UBSan; CROSS=aarch64-linux-gnu- cross-builds
# against Debian multiarch (-dev:arm64 packages, PKG_CONFIG_LIBDIR set below).

# The one list of Debian packages the project needs to build, test and bench.
# LIB_PACKAGES are the libraries linked in: a cross build needs them for the
# target architecture too (CROSS_PACKAGES, below).
LIB_PACKAGES := libgpiod-dev libfreetype-dev libpng-dev zlib1g-dev \
	libsodium-dev libarchive-dev libjansson-dev libinih-dev libsystemd-dev \
	libcmocka-dev
PACKAGES := make gcc libc6-dev pkg-config python3 $(LIB_PACKAGES) \
	systemd clang libclang-rt-14-dev valgrind libcairo2-dev libpango1.0-dev \
	fonts-dejavu-core \
	fonts-unifont
# Only `make fonts` (re-subsetting the bundled fonts) needs these.
FONT_PACKAGES := fonttools python3-fonttools fonts-noto-cjk xfonts-unifont xfonts-wqy pcf2bdf xfonts-utils gzip

PREFIX ?= /usr
SYSCONFDIR ?= /etc
DESTDIR ?=
CROSS ?=
CC := $(CROSS)gcc
AR := $(CROSS)ar
BUILD ?= build

PKG_CONFIG := pkg-config
DEPS_PACKAGES := $(PACKAGES)

# Cross builds use Debian multiarch: the target's -dev packages install
# beside the native ones (:arm64, :armhf) and pkg-config reads only the
# target's .pc files.  $(shell) does not see exported variables in make 4.3,
# hence PKG_CONFIG_LIBDIR on the pkg-config command itself.
ifneq ($(CROSS),)
ARCH_TRIPLET := $(patsubst %-,%,$(CROSS))
DEB_ARCH_aarch64-linux-gnu := arm64
DEB_ARCH_arm-linux-gnueabihf := armhf
DEB_ARCH ?= $(DEB_ARCH_$(ARCH_TRIPLET))
ifeq ($(DEB_ARCH),)
$(error CROSS=$(CROSS): unknown target (aarch64-linux-gnu- or \
	arm-linux-gnueabihf-, or give DEB_ARCH=<Debian architecture>))
endif
# Or against a target root file system, SYSROOT=dir (a board's image, or
# the -dev packages unpacked by mmdebstrap --variant=extract; symlinks in
# it must be relative) when the :$(DEB_ARCH) packages cannot be installed.
export PKG_CONFIG_LIBDIR := $(SYSROOT)/usr/lib/$(ARCH_TRIPLET)/pkgconfig:$(SYSROOT)/usr/share/pkgconfig
PKG_CONFIG := $(if $(SYSROOT),PKG_CONFIG_SYSROOT_DIR=$(SYSROOT)) \
	PKG_CONFIG_LIBDIR=$(PKG_CONFIG_LIBDIR) pkg-config
CC += $(if $(SYSROOT),--sysroot=$(SYSROOT))
BUILD := build-$(ARCH_TRIPLET)
# What `make deps CROSS=...` installs: the cross compiler, qemu to run the
# target's test programs and, unless SYSROOT is given, the dpkg
# architecture $(DEB_ARCH) and the libraries for it.
FOREIGN_ARCH := $(if $(SYSROOT),,$(DEB_ARCH))
CROSS_PACKAGES := make pkg-config crossbuild-essential-$(DEB_ARCH) \
	qemu-user-static $(if $(FOREIGN_ARCH),libc6-dev:$(DEB_ARCH) \
	$(LIB_PACKAGES:%=%:$(DEB_ARCH)))
DEPS_PACKAGES := $(CROSS_PACKAGES)
endif

LIBS_PC := libgpiod freetype2 libpng libsodium libarchive jansson inih libsystemd
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(LIBS_PC) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(LIBS_PC) 2>/dev/null)
ifneq ($(CROSS),)
ifeq ($(filter deps clean,$(MAKECMDGOALS)),)
ifneq ($(shell $(PKG_CONFIG) --exists $(LIBS_PC) cmocka && echo y),y)
$(warning pids: no $(DEB_ARCH) libraries for pkg-config in \
	$(PKG_CONFIG_LIBDIR): run `make deps CROSS=$(CROSS)` or give SYSROOT=)
endif
endif
endif

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wpointer-arith -Wno-unused-parameter
ifeq ($(CI),true)
WARN += -Werror
endif
ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
BUILD := $(BUILD)-san
endif
# 64-bit off_t, ino_t and readdir on 32-bit armhf (a no-op on 64-bit).
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -Isrc -MMD -MP \
	-D_FILE_OFFSET_BITS=64 -DPIDS_DATADIR='"$(PREFIX)/share/pids"' \
	-DPIDS_SYSCONFDIR='"$(SYSCONFDIR)/pids"' $(PKG_CFLAGS)
LDLIBS += $(PKG_LIBS) -lpthread -lm

# Every src/*/*.c except the two programs goes into one static library.
MAINS := src/daemon/pidsd.c src/ctl/pidsctl.c
LIB_SRCS := $(filter-out $(MAINS),$(wildcard src/*/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB := $(BUILD)/libpids.a
PIDSD := $(BUILD)/pidsd
PIDSCTL := $(BUILD)/pidsctl

# One cmocka program per module: tests/unit/test_<module>.c.
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_HELPERS := $(wildcard tests/unit/helper_*.c)
TESTS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# Fuzz targets (tests/fuzz/fuzz_<name>.c); their corpora replay in `make check`.
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAY := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%-replay)
TOOLS_SRCS := $(wildcard tests/tools/*.c)
TOOLS := $(TOOLS_SRCS:tests/tools/%.c=$(BUILD)/tools/%)

.PHONY: all deps run check bench golden fuzz install clean format fonts assets
# Keep object files of tests and tools between runs.
.SECONDARY:

all: $(PIDSD) $(PIDSCTL)

# Bootstrap: install what is missing when root, else print the exact line.
# With CROSS set: CROSS_PACKAGES, after adding the dpkg architecture
# (taken back if the install fails, so apt-get update keeps working).
deps:
	@native=$$(dpkg --print-architecture); added=""; missing=""; \
	if [ -n "$(FOREIGN_ARCH)" ] && ! dpkg --print-foreign-architectures | grep -qx '$(FOREIGN_ARCH)'; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "pids: $(FOREIGN_ARCH) is not a dpkg architecture here; run:"; \
			echo "  sudo dpkg --add-architecture $(FOREIGN_ARCH)"; \
			exit 1; \
		fi; \
		echo "pids: dpkg --add-architecture $(FOREIGN_ARCH)"; \
		dpkg --add-architecture $(FOREIGN_ARCH) && added=$(FOREIGN_ARCH) || exit 1; \
	fi; \
	for p in $(DEPS_PACKAGES); do \
		case $$p in *:*) a=$${p#*:};; *) a=$$native;; esac; \
		dpkg-query -W -f='$${db:Status-Status}:$${Architecture}\n' $$p 2>/dev/null | \
			grep -Eqx "installed:($$a|all)" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "pids: installing$$missing"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing || { \
				[ -z "$$added" ] || { echo "pids: install failed;" \
				"dpkg --remove-architecture $$added"; \
				dpkg --remove-architecture $$added; }; exit 1; }; \
		else \
			echo "pids: missing Debian packages; run:"; \
			echo "  sudo apt-get install -y --no-install-recommends$$missing"; \
			exit 1; \
		fi; \
	fi

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(PIDSD): $(BUILD)/src/daemon/pidsd.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(PIDSCTL): $(BUILD)/src/ctl/pidsctl.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TEST_HELPERS:%.c=$(BUILD)/%.o) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka)

$(BUILD)/fuzz/%-replay: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tools/%: $(BUILD)/tests/tools/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/fuzz/replay.o: tests/fuzz/replay.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

run: deps all
	PIDS_SRCDIR=$(CURDIR) $(PIDSD) -f tests/data/dev.conf --simulate-trip

check: deps
	@$(MAKE) --no-print-directory all $(TESTS) $(FUZZ_REPLAY) $(TOOLS)
	@BUILD=$(BUILD) sh tests/run.sh

bench: deps
	@$(MAKE) --no-print-directory all $(TOOLS)
	@BUILD=$(BUILD) sh tests/bench/run.sh

golden: deps
	@$(MAKE) --no-print-directory all $(TESTS) $(TOOLS)
	@BUILD=$(BUILD) PIDS_GOLDEN_UPDATE=1 sh tests/run.sh

FUZZ_TIME ?= 60
fuzz: deps
	@BUILD=$(BUILD) FUZZ_TIME=$(FUZZ_TIME) sh tests/fuzz/run.sh

fonts:
	sh fonts/subset.sh

# The 花丝镶嵌 artwork is drawn by a program; its PNGs are committed.
assets: $(BUILD)/filigree
	@mkdir -p assets/content/art
	$(BUILD)/filigree assets/content/art

$(BUILD)/filigree: $(BUILD)/assets/gen/filigree.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin \
		$(DESTDIR)$(PREFIX)/share/pids/fonts $(DESTDIR)$(PREFIX)/share/pids/content \
		$(DESTDIR)$(SYSCONFDIR)/pids
	install -m 755 $(PIDSD) $(DESTDIR)$(PREFIX)/sbin/pidsd
	install -m 755 $(PIDSCTL) $(DESTDIR)$(PREFIX)/bin/pidsctl
	install -m 644 fonts/*.pcf.gz fonts/*.otf fonts/LICENSE-*.txt $(DESTDIR)$(PREFIX)/share/pids/fonts/
	cp -R assets/content/. $(DESTDIR)$(PREFIX)/share/pids/content/
	[ -e $(DESTDIR)$(SYSCONFDIR)/pids/pidsd.conf ] || \
		install -m 644 systemd/pidsd.conf $(DESTDIR)$(SYSCONFDIR)/pids/pidsd.conf
	sh systemd/install.sh "$(DESTDIR)" "$(PREFIX)"

format:
	clang-format -i $(wildcard src/*/*.[ch] tests/*/*.[ch])

clean:
	rm -rf build build-*

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
