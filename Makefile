# Makefile for the bounce extension (PGXS)

EXTENSION = bounce
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = bounce
CORE_SRCS = $(sort $(wildcard src/core/*.c))
GLUE_SRCS = $(sort $(wildcard src/*.c))
OBJS = $(GLUE_SRCS:.c=.o) $(CORE_SRCS:.c=.o)

DATA = $(wildcard $(EXTENSION)--*.sql)

REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION) --encoding=UTF8

PG_CPPFLAGS = -Isrc/core
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers $(BOUNCE_WERROR)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The core builds and is tested without a server.
CORE_CFLAGS = -std=c99 -O2 -g -Wall -Wextra -Wno-unused-parameter -Isrc/core
SAN_CFLAGS = -std=c99 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -Isrc/core

test/bin:
	mkdir -p $@

test/bin/unit: $(CORE_SRCS) $(wildcard src/core/*.h) $(wildcard test/unit/*.c test/unit/*.h) | test/bin
	$(CC) $(CORE_CFLAGS) -o $@ $(CORE_SRCS) $(wildcard test/unit/*.c)

test/bin/unit-san: $(CORE_SRCS) $(wildcard src/core/*.h) $(wildcard test/unit/*.c test/unit/*.h) | test/bin
	clang $(SAN_CFLAGS) -o $@ $(CORE_SRCS) $(wildcard test/unit/*.c)

test/bin/bnc-dump: $(CORE_SRCS) $(wildcard src/core/*.h) test/tools/bnc-dump.c | test/bin
	$(CC) $(CORE_CFLAGS) -o $@ $(CORE_SRCS) test/tools/bnc-dump.c

.PHONY: unit unit-san test demo conformance bench fuzz
unit: test/bin/unit
	test/bin/unit

unit-san: test/bin/unit-san
	test/bin/unit-san

# Everything, bootstrapping packages and a throwaway cluster (see README).
test:
	bash test/check.sh

demo:
	bash test/demo.sh

conformance:
	bash test/conformance.sh $(CORPUS)
