# Makefile for the bounce extension (PGXS)

EXTENSION = bounce
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = bounce
CORE_SRCS = $(sort $(wildcard src/core/*.c) $(wildcard src/core/decoder/*.c))
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

# PGXS does not track header dependencies: rebuild every object when a
# header changes, since the core's structs are shared by all of them.
$(OBJS): $(wildcard src/*.h src/core/*.h src/core/decoder/*.h)

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

# ---- fuzzing (test/fuzz/README.md) ----
# libFuzzer harnesses over the core, built with clang under ASan and UBSan.
# "make fuzz" runs each for FUZZ_SECONDS seconds on a corpus kept in
# test/fuzz/corpus-*; "make fuzz-short" runs each for about 20 s from the
# seeds alone.  Both first replay test/fuzz/regressions/ through each one.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -std=c99 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Isrc/core
FUZZ_HARNESSES = parse classify status

$(FUZZ_HARNESSES:%=test/bin/fuzz_%): test/bin/fuzz_%: test/fuzz/fuzz_%.c $(CORE_SRCS) $(wildcard src/core/*.h src/core/decoder/*.h) | test/bin
	clang $(FUZZ_CFLAGS) -o $@ $(CORE_SRCS) $<

.PHONY: fuzz fuzz-short
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash test/fuzz/run.sh

fuzz-short:
	bash test/fuzz/run.sh --short

# ---- benchmark (bench/README.md) ----
# "make bench" generates a synthetic corpus, times the core parser alone and
# the SQL functions in a throwaway cluster, and prints a table of figures.
# It is not a test: it never fails on the figures.  Knobs (BENCH_MESSAGES,
# BENCH_PASSES, ...) are read from the environment by bench/run.sh.
bench:
	bash bench/run.sh

# ---- mailbox loader (doc/loader.md) ----
# bounce-load, a libpq client that loads bounces from mbox files, Maildir
# folders, message files or standard input into bounce.messages with COPY.
# It is not part of the extension: "make" leaves it alone, "make loader"
# builds it (libpq-dev is needed), "make clean" removes it.
LOADER = tools/bounce-load/bounce-load
LOADER_CFLAGS = -std=c99 -O2 -g -Wall -Wextra -Wno-unused-parameter $(BOUNCE_WERROR)
EXTRA_CLEAN += $(LOADER)

$(LOADER): tools/bounce-load/bounce-load.c
	$(CC) $(LOADER_CFLAGS) -I$(shell $(PG_CONFIG) --includedir) -o $@ $< \
		-L$(shell $(PG_CONFIG) --libdir) -lpq

.PHONY: loader
loader: $(LOADER)

# ---- phrase automaton (src/tools/gen_phrases.c) ----
# src/core/phrase_automaton.h, the scanner's Aho-Corasick automaton, is
# generated from src/core/phrase_table.h and committed, so a build needs no
# generator run.  After an edit of the phrase table, "make phrases"
# regenerates it; until then the unit tests report it as stale.
test/bin/gen_phrases: src/tools/gen_phrases.c src/core/phrase_table.h src/core/phrase.h src/core/bnc.h | test/bin
	$(CC) $(CORE_CFLAGS) -o $@ src/tools/gen_phrases.c

.PHONY: phrases
phrases: test/bin/gen_phrases
	test/bin/gen_phrases src/core/phrase_automaton.h
