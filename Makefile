# ngx_http_jwt_auth_module
#
#   make            build the dynamic module against Debian's nginx-dev
#                   sources (NGINX_SRC=/path/to/nginx builds against another
#                   nginx source tree)
#   make test       install what is missing (as root), build, run the suite
#   make demo       start the example task API behind nginx (demo-stop)
#   make e2e        check tokens of real Better Auth servers (needs npm)
#   make bench      measure throughput and instructions per request
#   make install    copy the module into nginx's modules directory
#   make clean      remove build output

SHELL      := /bin/bash

NGINX_SRC  ?= /usr/share/nginx/src
NGINX_BIN  ?= /usr/sbin/nginx
BUILD      ?= build

NGX_BUILD  := $(BUILD)/nginx
MODULE     := $(NGX_BUILD)/objs/ngx_http_jwt_auth_module.so
SOURCES    := config ngx_http_jwt_auth_module.c $(wildcard src/*/*.c src/*/*.h)

# what the build and the suite need, as Debian 12 packages
PACKAGES   := nginx nginx-dev libjansson-dev libssl-dev openssl \
              libtest-base-perl libtest-longstring-perl \
              python3-fastapi python3-uvicorn python3-jwt curl

# the bundled runner, unless CPAN's Test::Nginx is installed
RUNNER     := $(shell perl -MTest::Nginx::Socket -e 1 2>/dev/null \
                        || echo -I t/runner)

# unit tests of the JWT core, with the sanitizers where the compiler has them
UNIT       := $(BUILD)/jwt_core_test
SANITIZE   := $(shell echo 'int main(void){return 0;}' \
                  | $(CC) -x c -fsanitize=address,undefined -o /dev/null - \
                      2>/dev/null && echo -fsanitize=address,undefined)

MODULES_DIR = $(shell $(NGINX_BIN) -V 2>&1 \
                  | sed -n 's/.*--modules-path=\([^ ]*\).*/\1/p')

# the example task API behind nginx (conf-examples/)
DEMO       := NGINX_BIN=$(NGINX_BIN) JWT_AUTH_MODULE=$(CURDIR)/$(MODULE) \
              conf-examples/demo

.PHONY: all deps test demo demo-stop e2e bench install clean FORCE

all: $(MODULE)

# Configured once per nginx source tree; nginx's own Makefile then
# rebuilds what changed.  Debian's tree carries the flags its nginx was
# built with (conf_flags), which --with-compat makes the module load into.
$(NGX_BUILD)/objs/Makefile: config $(BUILD)/nginx-src
	rm -rf $(NGX_BUILD)
	mkdir -p $(BUILD)
	cp -r $(NGINX_SRC) $(NGX_BUILD)
	cd $(NGX_BUILD) \
	&& if [ -f conf_flags ]; then . ./conf_flags; \
	   else NGX_CONF_FLAGS="--with-compat --with-http_ssl_module"; fi \
	&& if [ -x configure ]; then c=./configure; else c=auto/configure; fi \
	&& $$c $${NGX_CONF_FLAGS[@]} \
	       --add-dynamic-module=$(CURDIR)

# records which tree was configured, so that another NGINX_SRC reconfigures
$(BUILD)/nginx-src: FORCE
	@mkdir -p $(BUILD)
	@echo '$(NGINX_SRC)' | cmp -s - $@ || echo '$(NGINX_SRC)' > $@

$(MODULE): $(NGX_BUILD)/objs/Makefile $(SOURCES)
	$(MAKE) -C $(NGX_BUILD) -f objs/Makefile modules

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

test: deps
	$(MAKE) all $(UNIT)
	prove --exec '' $(UNIT)
	TEST_NGINX_BINARY=$(NGINX_BIN) \
	TEST_NGINX_LOAD_MODULES=$(CURDIR)/$(MODULE) \
	    prove $(RUNNER) -r t
	$(DEMO) check

demo: deps
	$(MAKE) all
	$(DEMO) start
	$(DEMO) walkthrough

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

install: $(MODULE)
	install -d $(DESTDIR)$(MODULES_DIR)
	install -m 644 $(MODULE) $(DESTDIR)$(MODULES_DIR)/

clean:
	rm -rf $(BUILD) t/servroot
