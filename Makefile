# ngx_http_jwt_auth_module
#
#   make            build the dynamic module against Debian's nginx-dev
#                   sources (NGINX_SRC=/path/to/nginx builds against another
#                   nginx source tree; CC=clang builds with clang, beside)
#   make static     build nginx itself with the module built in
#   make test       install what is missing (as root), build, run the suite
#                   (with the dynamic module, the static build, clang and
#                   nginx built with AddressSanitizer)
#   make test-asan  the suite against nginx built with ASan and UBSan
#   make fuzz       the core's libFuzzer targets, FUZZ_SECONDS each (60)
#   make demo       start the demo: Next.js with Better Auth, nginx with the
#                   module, the FastAPI task API, on 127.0.0.1 (demo-stop)
#   make web        build the demo's Next.js app (npm ci, next build)
#   make browser    install puppeteer-core for the demo's browser check
#   make e2e        check tokens of real Better Auth servers (needs npm)
#   make bench      measure throughput and instructions per request
#   make install    copy the module into nginx's modules directory
#   make deb        the Debian package libnginx-mod-http-jwt-auth, in
#                   build/deb/, checked by lintian
#   make deb-check  install the package, check nginx loads it and serves
#                   with it, remove it again (as root)
#   make clean      remove build output

SHELL      := /bin/bash

NGINX_SRC  ?= /usr/share/nginx/src
NGINX_BIN  ?= /usr/sbin/nginx
BUILD      ?= build

# another compiler than cc builds beside: CC=clang in build/nginx-clang
VARIANT    := $(if $(filter cc gcc,$(notdir $(CC))),,-$(notdir $(CC)))
NGX_BUILD  := $(BUILD)/nginx$(VARIANT)
MODULE     := $(NGX_BUILD)/objs/ngx_http_jwt_auth_module.so
SOURCES    := config ngx_http_jwt_auth_module.c $(wildcard src/*/*.c src/*/*.h)

# nginx built with the module in it (--add-module), from NGINX_SRC when
# that is a whole tree, else from Debian's nginx source package (nginx-dev
# has only the headers), configured with the flags of Debian's nginx
STATIC     := $(BUILD)/nginx-static
STATIC_BIN := $(STATIC)/objs/nginx
STATIC_SRC := $(strip $(if $(wildcard $(NGINX_SRC)/src/core/nginx.c),$(NGINX_SRC),\
                  $(BUILD)/nginx-source))
FLAGS      := $(firstword $(wildcard $(NGINX_SRC)/conf_flags \
                  $(if $(filter $(BUILD)/nginx-source,$(STATIC_SRC)),\
                      /usr/share/nginx/src/conf_flags)))

# what the build and the suite need, as Debian 12 packages
PACKAGES   := nginx nginx-dev libjansson-dev libssl-dev openssl clang \
              libclang-rt-dev llvm-14 dpkg-dev \
              libtest-base-perl libtest-longstring-perl \
              python3-fastapi python3-uvicorn python3-jwt curl

# the bundled runner, unless CPAN's Test::Nginx is installed
RUNNER     := $(shell perl -MTest::Nginx::Socket -e 1 2>/dev/null \
                        || echo -I t/runner)

# unit tests of the JWT core, with the sanitizers where the compiler has them
UNIT       := $(BUILD)/jwt_core_test$(VARIANT)
SANITIZE   := $(shell echo 'int main(void){return 0;}' \
                  | $(CC) -x c -fsanitize=address,undefined -o /dev/null - \
                      2>/dev/null && echo -fsanitize=address,undefined)

MODULES_DIR = $(shell $(NGINX_BIN) -V 2>&1 \
                  | sed -n 's/.*--modules-path=\([^ ]*\).*/\1/p')

# the example task API behind nginx (conf-examples/)
DEMO       := NGINX_BIN=$(NGINX_BIN) JWT_AUTH_MODULE=$(CURDIR)/$(MODULE) \
              conf-examples/demo

.PHONY: all static deps unit test test-suite test-asan fuzz demo demo-stop web browser e2e bench compat install deb deb-check clean FORCE

all: $(MODULE)

static: $(STATIC_BIN)

# Configures a copy of the nginx sources $(2) in $(1) with the module
# added by $(3) (--add-dynamic-module or --add-module), with the flags
# of Debian's nginx where $(NGINX_SRC) is Debian's tree (conf_flags: with
# --with-compat, the module loads into Debian's nginx).  Configured once
# per nginx source tree; nginx's own Makefile then rebuilds what changed.
define configure
	rm -rf $(1)
	mkdir -p $(BUILD)
	cp -r $(2) $(1)
	cd $(1) \
	&& if [ -n "$(FLAGS)" ]; then . $(abspath $(FLAGS)); \
	   else NGX_CONF_FLAGS=(--with-compat --with-http_ssl_module); fi \
	&& if [ -x configure ]; then c=./configure; else c=auto/configure; fi \
	&& $$c "$${NGX_CONF_FLAGS[@]}" --with-cc=$(CC) $(3)=$(CURDIR)
endef

$(NGX_BUILD)/objs/Makefile: config $(BUILD)/nginx-src
	$(call configure,$(NGX_BUILD),$(NGINX_SRC),--add-dynamic-module)

$(STATIC)/objs/Makefile: config $(BUILD)/nginx-src $(STATIC_SRC)
	$(call configure,$(STATIC),$(STATIC_SRC),--add-module)

$(BUILD)/nginx-source:
	t/tools/nginx-source $@

# records which tree was configured, so that another NGINX_SRC reconfigures
$(BUILD)/nginx-src: FORCE
	@mkdir -p $(BUILD)
	@echo '$(NGINX_SRC)' | cmp -s - $@ || echo '$(NGINX_SRC)' > $@

$(MODULE): $(NGX_BUILD)/objs/Makefile $(SOURCES)
	$(MAKE) -C $(NGX_BUILD) -f objs/Makefile modules

$(STATIC_BIN): $(STATIC)/objs/Makefile $(SOURCES)
	$(MAKE) -C $(STATIC) -f objs/Makefile binary

# Installs the packages that are missing; as another user, says what to run.
# The nginx package would start a system nginx on port 80: policy-rc.d
# keeps it from starting during the install.
deps:
	@missing=; \
	for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null \
	        | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" != 0 ]; then \
	    echo "missing packages; run as root:"; \
	    echo "    apt-get install -y$$missing"; \
	    exit 1; \
	fi; \
	echo "installing:$$missing"; \
	policy=; \
	if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; \
	    chmod +x /usr/sbin/policy-rc.d; policy=1; \
	fi; \
	apt-get update -qq \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	       --no-install-recommends $$missing; \
	rc=$$?; \
	[ -n "$$policy" ] && rm -f /usr/sbin/policy-rc.d; \
	exit $$rc

$(UNIT): t/unit/jwt_core_test.c $(wildcard src/core/*)
	@mkdir -p $(BUILD)
	$(CC) -g -O1 -Wall -Wextra -Werror $(SANITIZE) -I src/core -o $@ \
	    t/unit/jwt_core_test.c $(wildcard src/core/*.c) -ljansson -lcrypto

unit: $(UNIT)
	prove --exec '' $(UNIT)

# the suite, or SUITE_FILES of it, against the module built with $(CC)
SUITE_FILES ?= t

test-suite: all
	TEST_NGINX_BINARY=$(NGINX_BIN) \
	TEST_NGINX_LOAD_MODULES=$(CURDIR)/$(MODULE) \
	    prove $(RUNNER) -r $(SUITE_FILES)

# That the module configures from a folder name nginx once broke; the
# unit tests and the suite with the dynamic module in Debian's nginx, with
# the demo's web app built beside it (one core each; its output in
# $(BUILD)/web.log); the suite again with nginx built with the module in
# it; the clang build (its unit tests, and the key requests, where builds
# differ most); a few seconds of each fuzz target; the suite against nginx
# built with the sanitizers; the demo's check, once with each kind of
# token, each time with the browser check (Chromium); the Debian package:
# built (its own run of a part of the suite against the .so it built),
# installed, checked and removed (deb-check); and nginx 1.26 (trixie's
# sources) with the module and a part of the suite (make compat does
# every version and variant).
test:
	$(MAKE) deps PACKAGES="$(PACKAGES) chromium"
	BUILD=$(BUILD) t/tools/addon-path
	@mkdir -p $(BUILD)
	@echo "make web browser > $(BUILD)/web.log, beside the suite"
	@$(MAKE) web browser > $(BUILD)/web.log 2>&1 & web=$$!; \
	$(MAKE) unit test-suite; rc=$$?; \
	if ! wait $$web; then \
	    tail -n 30 $(BUILD)/web.log; \
	    echo "make web browser failed: $(BUILD)/web.log"; exit 1; \
	fi; \
	exit $$rc
	$(MAKE) static
	TEST_NGINX_BINARY=$(CURDIR)/$(STATIC_BIN) prove $(RUNNER) -r t
	if command -v clang > /dev/null; then \
	    $(MAKE) CC=clang unit test-suite SUITE_FILES=t/key-request \
	    && t/fuzz/run smoke; \
	fi
	$(MAKE) test-asan
	$(DEMO) check
	DEMO_TOKENS=hs256 $(DEMO) check
	JWT_AUTH_TEST_SUITE="t/module t/token t/header" $(MAKE) deb deb-check
	COMPAT_SUITES=trixie COMPAT_VARIANTS= \
	COMPAT_FILES="t/token t/header/identity.t t/revocation/api.t" \
	    $(MAKE) compat

# nginx built with AddressSanitizer and UBSan (clang, the module built
# in), the suite (or SUITE_FILES of it) against it: any sanitizer report
# fails it (t/tools/test-asan)
test-asan: deps
	BUILD=$(BUILD) t/tools/test-asan $(filter-out t,$(SUITE_FILES))

# the JWT core's libFuzzer targets (t/fuzz/run), FUZZ_SECONDS each
fuzz: deps
	t/fuzz/run fuzz $(if $(FUZZ_SECONDS),FUZZ_SECONDS=$(FUZZ_SECONDS))

demo: deps
	$(MAKE) all web
	$(DEMO) start
	$(DEMO) walkthrough

# The demo's Next.js app (conf-examples/web), in $(WEB): the packages of
# its lock file (npm ci, 84 s with an empty npm cache, most of it
# better-sqlite3 compiling), then next build (11 s).  A new lock file
# installs afresh.
WEB        := $(BUILD)/web
WEB_FILES  := $(shell find conf-examples/web -type f -not -path '*/node_modules/*' \
                  -not -path '*/.next/*')

web: $(WEB)/.next/BUILD_ID

$(WEB)/node_modules/.package-lock.json: conf-examples/web/package.json \
                                        conf-examples/web/package-lock.json
	@command -v npm > /dev/null || { echo "npm not found: the demo's" \
	    "Next.js app needs Node.js 20 or newer with npm"; exit 1; }
	rm -rf $(WEB)
	mkdir -p $(WEB)
	cp conf-examples/web/package.json conf-examples/web/package-lock.json $(WEB)/
	cd $(WEB) && npm ci --no-audit --no-fund

$(WEB)/.next/BUILD_ID: $(WEB)/node_modules/.package-lock.json $(WEB_FILES)
	tar -C conf-examples/web --exclude=./node_modules --exclude=./.next -cf - . \
	    | tar -C $(WEB) -xf -
	cd $(WEB) && NEXT_TELEMETRY_DISABLED=1 node node_modules/next/dist/bin/next build

# puppeteer-core for the demo's browser check (t/demo), in build/browser
browser: $(BUILD)/browser/node_modules/.package-lock.json

$(BUILD)/browser/node_modules/.package-lock.json: t/demo/package.json \
                                                  t/demo/package-lock.json
	rm -rf $(BUILD)/browser
	mkdir -p $(BUILD)/browser
	cp t/demo/package.json t/demo/package-lock.json $(BUILD)/browser/
	cd $(BUILD)/browser && npm ci --no-audit --no-fund

demo-stop:
	$(DEMO) stop

# throughput (wrk) and instructions per request (callgrind); t/bench/README.md
bench:
	$(MAKE) deps PACKAGES="$(PACKAGES) wrk valgrind"
	$(MAKE) all
	NGINX_BIN=$(NGINX_BIN) JWT_AUTH_MODULE=$(CURDIR)/$(MODULE) t/bench/run

# against real Better Auth servers installed from npm (not part of test)
e2e: deps
	$(MAKE) all
	NGINX_BIN=$(NGINX_BIN) JWT_AUTH_MODULE=$(CURDIR)/$(MODULE) \
	    t/e2e/better-auth.sh
	NGINX_BIN=$(NGINX_BIN) JWT_AUTH_MODULE=$(CURDIR)/$(MODULE) \
	    t/e2e/better-auth-cookies.sh

# nginx and the module built from the nginx sources of Debian's bookworm,
# trixie and sid, a part of the suite against each, the newest also built
# with the module in it and with clang (t/tools/compat; build/compat/)
compat: deps
	t/tools/compat

install: $(MODULE)
	install -d $(DESTDIR)$(MODULES_DIR)
	install -m 644 $(MODULE) $(DESTDIR)$(MODULES_DIR)/

# The Debian package, built by dpkg-buildpackage from a copy of the tree
# (the files git tracks or would, as they are now); $(DEB_DIR) gets the
# .deb, .changes and .buildinfo; the suite runs in the build (debian/rules,
# on ports from 19731); lintian must report no error.  The copy is in a
# folder of /tmp without a dot in its name, removed after: dh_nginx gives
# nginx's configure an absolute --builddir, and nginx's link line mangles
# a path with ".S" in it (a checkout in mktemp -d's /tmp/tmp.S...).
DEB_DIR    := $(BUILD)/deb
DEB_PKG    := libnginx-mod-http-jwt-auth
DEB_CHECK_PORT ?= 19739

deb:
	$(MAKE) deps PACKAGES="$(PACKAGES) debhelper lintian"
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_DIR)
	@set -e; \
	tmp=$$(mktemp -d /tmp/ngx-http-jwt-auth-deb-XXXXXXXX); \
	trap 'rm -rf "$$tmp"' EXIT; \
	src=$$tmp/ngx-http-jwt-auth; \
	mkdir "$$src"; \
	git ls-files -z --cached --others --exclude-standard \
	    | while IFS= read -r -d '' f; do [ -e "$$f" ] && printf '%s\0' "$$f"; \
	      done | tar -c --null -T - -f - | tar -x -C "$$src" -f -; \
	echo "dpkg-buildpackage -us -uc -b, in $$src"; \
	(cd "$$src" && dpkg-buildpackage -us -uc -b); \
	mv "$$tmp"/*.deb "$$tmp"/*.changes "$$tmp"/*.buildinfo $(DEB_DIR)/
	lintian --fail-on error --info $(DEB_DIR)/*.changes

# Installs the .deb of make deb (built first when there is none) into the
# machine's nginx with dpkg -i, checks it as debian/tests/installed-module
# does (nginx -t with the stock nginx.conf, one nginx of its own on
# 127.0.0.1:$(DEB_CHECK_PORT)), then removes and purges it: the files of
# /etc/nginx and of the modules' directories must be the same after as
# before.  The package is purged and that nginx stopped on every way out.
deb-check:
	$(MAKE) deps PACKAGES="nginx curl openssl"
	@[ -n "$$(ls $(DEB_DIR)/$(DEB_PKG)_*.deb 2> /dev/null)" ] || $(MAKE) deb
	@set -u; \
	deb=$$(ls -t $(DEB_DIR)/$(DEB_PKG)_*.deb | head -1); \
	if dpkg-query -W -f='$${Status}' $(DEB_PKG) 2> /dev/null \
	       | grep -q ' installed'; then \
	    echo "deb-check: $(DEB_PKG) is installed already;" \
	         "dpkg --purge it first" >&2; \
	    exit 1; \
	fi; \
	files() { \
	    find /etc/nginx /usr/lib/nginx/modules \
	         /usr/share/nginx/modules-available 2> /dev/null \
	         \( -type d -printf 'd %m %p\n' \) \
	         -o -printf '%y %m %s %p %l\n' | sort; \
	}; \
	files > $(DEB_DIR)/files-before; \
	trap 'dpkg --purge $(DEB_PKG) > /dev/null 2>&1 || true' EXIT; \
	rc=0; \
	echo "dpkg -i $$deb"; \
	dpkg -i $$deb || rc=1; \
	if [ $$rc = 0 ]; then \
	    JWT_AUTH_CHECK_PORT=$(DEB_CHECK_PORT) \
	        debian/tests/installed-module || rc=1; \
	fi; \
	echo "dpkg -r $(DEB_PKG)"; \
	dpkg -r $(DEB_PKG) || rc=1; \
	if [ -e /usr/lib/nginx/modules/ngx_http_jwt_auth_module.so ] \
	   || [ -e /etc/nginx/modules-enabled/50-mod-http-jwt-auth.conf ]; then \
	    echo "FAIL: dpkg -r left the module or its link" >&2; rc=1; \
	else \
	    echo "ok: dpkg -r removed the module and its link"; \
	fi; \
	echo "dpkg --purge $(DEB_PKG)"; \
	dpkg --purge $(DEB_PKG) || rc=1; \
	files > $(DEB_DIR)/files-after; \
	if diff -u $(DEB_DIR)/files-before $(DEB_DIR)/files-after; then \
	    echo "ok: /etc/nginx and the modules' directories as they were"; \
	else \
	    echo "FAIL: the files above changed" >&2; rc=1; \
	fi; \
	[ $$rc = 0 ] && echo "deb-check: passed" || echo "deb-check: FAILED" >&2; \
	exit $$rc

clean:
	rm -rf $(BUILD) t/servroot
