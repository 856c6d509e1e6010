# Kite: one non-recursive Makefile.
#
#   make            kernel/kernel and fs.img
#   make qemu       boot to a shell (CPUS=3, BOOTARGS="...")
#   make qemu-gdb   boot halted, waiting for GDB on port $(GDBPORT)
#   make gdb        attach GDB (gdb-multiarch or PREFIXgdb) with .gdbinit
#   make test       run every guest test suite headless
#   make POISON=1   kernel/kernel poisons freed and new memory (the
#                   variant build/kernel-poison is built for make test)
#   make grade      score the labs (LAB=name, TEST=test_name)
#   make lab-tree   LAB=name DEST=dir: the tree handed out for a lab
#   make handin     in a lab tree: pack the work into handin-LAB.tar.gz
#   make labcheck   check every lab's generated tree (make test: one)
#   make faults     the suites and fuzzer under allocation failures (SEED=n)
#   make bench      instruction-count benchmarks (-icount, CPUS=1;
#                   CASES="null pipe": only those)
#   make profile    CASE=pipe [OPS=4]: one benchmark operation's
#                   instructions, function by function (GDB stepping)
#   make clean
#
#   make compile_commands.json   for clangd and editors (every build
#                                writes it)
#
# Missing tools (RISC-V gcc, QEMU, OpenSBI, gdb-multiarch) are installed
# from Debian's packages by scripts/install-deps.sh on first use; any
# toolchain with one of the prefixes in TOOLPREFIXES will do.

CPUS ?= 3
# The default kernel is built to be stepped through in GDB; make bench
# builds its own optimised kernel (OPT=-O2).
OPT ?= -Og -fno-omit-frame-pointer -ggdb
BOOTARGS ?=
# Each user gets a GDB port of their own, so two people on one machine
# can debug at once: 26000 + uid % 4000 (kite-connect in
# scripts/kite-gdb.py computes the same when GDBPORT is not set).
GDBPORT ?= $(shell expr 26000 + `id -u` % 4000)
MEM ?= 128M
QEMUEXTRA ?=

# The first RISC-V toolchain found: Debian's and SiFive's, Homebrew's,
# bare-metal builds, Ubuntu's Linux cross compiler.  Or say
# make TOOLPREFIX=...
TOOLPREFIXES = riscv64-unknown-elf- riscv64-elf- riscv64-none-elf- \
	riscv64-linux-gnu-
ifndef TOOLPREFIX
TOOLPREFIX := $(firstword $(foreach p,$(TOOLPREFIXES),\
	$(if $(shell command -v $(p)gcc 2>/dev/null),$(p))) \
	riscv64-unknown-elf-)
endif
CC = $(TOOLPREFIX)gcc
LD = $(TOOLPREFIX)ld
NM = $(TOOLPREFIX)nm
OBJDUMP = $(TOOLPREFIX)objdump
QEMU = qemu-system-riscv64
HOSTCC = gcc
ifndef GDB
GDB := $(firstword $(foreach g,gdb-multiarch $(TOOLPREFIX)gdb riscv64-elf-gdb,\
	$(if $(shell command -v $(g) 2>/dev/null),$(g))) gdb-multiarch)
endif

# The kernel starts at most NCPU harts (kernel/param.h).
NCPU := $(shell sed -n 's/^\#define NCPU \([0-9]*\).*/\1/p' kernel/param.h)
ifeq ($(shell test "$(CPUS)" -gt "$(NCPU)" 2>/dev/null && echo over),over)
$(error CPUS=$(CPUS), but the kernel starts at most NCPU=$(NCPU) harts \
	(kernel/param.h))
endif

CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter $(OPT) -MD
CFLAGS += -mcmodel=medany -march=rv64gc -mabi=lp64d
CFLAGS += -ffreestanding -fno-common -nostdlib -fno-builtin
CFLAGS += -fno-stack-protector -fno-pie -no-pie -I.
ifeq ($(LOCKDEBUG),1)
CFLAGS += -DLOCKDEBUG
endif
ifeq ($(POISON),1)
CFLAGS += -DPOISON
endif
ASFLAGS = $(CFLAGS)
LDFLAGS = -z max-page-size=4096

# ---- tool check -------------------------------------------------------
# (OpenSBI is a package of its own only on Debian and Ubuntu; elsewhere
# QEMU carries it.)
MISSING_TOOLS := $(shell for t in $(CC) $(QEMU) $(GDB); do \
	command -v $$t >/dev/null 2>&1 || echo $$t; done; \
	command -v apt-get >/dev/null 2>&1 && \
	! test -d /usr/lib/riscv64-linux-gnu/opensbi && echo opensbi)

.PHONY: deps
deps:
ifneq ($(strip $(MISSING_TOOLS)),)
	@echo "kite: missing $(MISSING_TOOLS) (looked for the prefixes" \
	"$(TOOLPREFIXES))"
	sh scripts/install-deps.sh
endif

# ---- the build follows its flags --------------------------------------
# Every object depends on build/flags, which holds the compiler and its
# flags.  It is rewritten, as make reads this file, only when they
# change: `make LOCKDEBUG=1` or `make OPT=-O2` after a plain build
# rebuilds everything (and `make -n` shows that).
FLAGS_LINE := $(strip $(CC) $(CFLAGS) $(LD) $(LDFLAGS))
ifneq ($(strip $(shell cat build/flags 2>/dev/null)),$(FLAGS_LINE))
$(shell mkdir -p build && echo '$(FLAGS_LINE)' > build/flags)
endif

# ---- kernel -----------------------------------------------------------
KOBJS = \
	kernel/entry.o kernel/main.o kernel/sbi.o kernel/fdt.o \
	kernel/uart.o kernel/console.o kernel/printf.o kernel/plic.o \
	kernel/virtio_disk.o \
	kernel/kalloc.o kernel/kmalloc.o kernel/vm.o kernel/string.o \
	kernel/trap.o kernel/uservec.o kernel/kernelvec.o \
	kernel/swtch.o kernel/fpu.o kernel/spinlock.o kernel/sleeplock.o \
	kernel/proc.o kernel/sched.o kernel/exit.o kernel/pgrp.o kernel/exec.o \
	kernel/pgtbl.o \
	kernel/syscall.o kernel/sysproc.o kernel/trace.o \
	kernel/bio.o kernel/log.o kernel/fs.o kernel/file.o kernel/pipe.o \
	kernel/sysfile.o \
	kernel/ksem.o kernel/panic.o \
	kernel/ipc.o kernel/msg.o kernel/sem.o kernel/shm.o kernel/mmap.o

# Each kernel is linked twice: the second link carries the function
# names that nm finds in the first, for panic's backtrace
# (kernel/panic.c).  The table sits after all the code, so no function
# moves; the last step checks that.  $(call link_kernel,OBJECTS,CFLAGS)
KSYMS = build/ksyms/$(@F)
define link_kernel
	@mkdir -p build/ksyms
	sh scripts/ksyms.sh $(NM) > $(KSYMS)-empty.c
	$(CC) $(2) -c -o $(KSYMS)-empty.o $(KSYMS)-empty.c
	$(LD) $(LDFLAGS) -T kernel/kernel.ld -o $(KSYMS)-pass1 $(1) $(KSYMS)-empty.o
	sh scripts/ksyms.sh $(NM) $(KSYMS)-pass1 > $(KSYMS).c
	$(CC) $(2) -c -o $(KSYMS).o $(KSYMS).c
	$(LD) $(LDFLAGS) -T kernel/kernel.ld -o $@ $(1) $(KSYMS).o
	sh scripts/ksyms.sh $(NM) $@ | cmp -s - $(KSYMS).c || \
	{ echo "kite: functions moved between the two links"; rm $@; exit 1; }
endef

kernel/kernel: $(KOBJS) kernel/kernel.ld scripts/ksyms.sh
	$(call link_kernel,$(KOBJS),$(CFLAGS))
	$(OBJDUMP) -S $@ > kernel/kernel.asm
	$(OBJDUMP) -t $@ | sed '1,/SYMBOL TABLE/d; s/ .* / /; /^$$/d' > kernel/kernel.sym

$(KOBJS): build/flags | deps

# The same kernel with lock-order checking, for make test.
LDOBJS = $(patsubst kernel/%.o,build/lockdebug/%.o,$(KOBJS))

build/lockdebug/%.o: kernel/%.c | deps
	@mkdir -p build/lockdebug
	$(CC) $(CFLAGS) -DLOCKDEBUG -c -o $@ $<

build/lockdebug/%.o: kernel/%.S | deps
	@mkdir -p build/lockdebug
	$(CC) $(CFLAGS) -DLOCKDEBUG -c -o $@ $<

build/kernel-lockdebug: $(LDOBJS) kernel/kernel.ld scripts/ksyms.sh
	$(call link_kernel,$(LDOBJS),$(CFLAGS))

# The same kernel filling freed and new memory with a poison byte, for
# make test: a leak of kernel memory to user space shows as poison.
POBJS = $(patsubst kernel/%.o,build/poison/%.o,$(KOBJS))

build/poison/%.o: kernel/%.c | deps
	@mkdir -p build/poison
	$(CC) $(CFLAGS) -DPOISON -c -o $@ $<

build/poison/%.o: kernel/%.S | deps
	@mkdir -p build/poison
	$(CC) $(CFLAGS) -DPOISON -c -o $@ $<

build/kernel-poison: $(POBJS) kernel/kernel.ld scripts/ksyms.sh
	$(call link_kernel,$(POBJS),$(CFLAGS))

# The optimised kernel that make bench measures (the default kernel is
# built for GDB; the performance targets apply to this one).
BOBJS = $(patsubst kernel/%.o,build/bench/%.o,$(KOBJS))
BENCHFLAGS = $(subst $(OPT),-O2 -g,$(CFLAGS))

build/bench/%.o: kernel/%.c | deps
	@mkdir -p build/bench
	$(CC) $(BENCHFLAGS) -c -o $@ $<

build/bench/%.o: kernel/%.S | deps
	@mkdir -p build/bench
	$(CC) $(BENCHFLAGS) -c -o $@ $<

build/kernel-bench: $(BOBJS) kernel/kernel.ld scripts/ksyms.sh
	$(call link_kernel,$(BOBJS),$(BENCHFLAGS))

$(LDOBJS) $(POBJS) $(BOBJS): build/flags

# ---- user programs ----------------------------------------------------
# Every user/*.c that is not part of the library is a program; so is
# every tests/*.c that is not a suite or the test library.  A suite is a
# tests/*test.c without a main(); one with its own main() is a program
# like any other.  The suites are split over two programs built from
# tests/usertests.c (one would not fit a lab tree's file system):
# usertests holds CORE_SUITES, labtests LAB_SUITES (NAME for
# tests/NAMEtest.c).  Adding a suite: its name here and one line X(NAME)
# in the matching list in tests/usertests.c.
CORE_SUITES = base fs exit ksem ipc limits pgrp leak
LAB_SUITES = fslab util sched lock cow traps pgtbl mmap thread
ULIB_SRCS = user/ulib.c user/printf.c user/umalloc.c user/semaphore.c \
	user/uthread.c
ULIB = $(ULIB_SRCS:.c=.o) user/usys.o
UPROGS = $(patsubst user/%.c,user/_%,\
	$(filter-out $(ULIB_SRCS),$(wildcard user/*.c)))

MAIN_RE := (^|[^a-zA-Z_])main[[:space:]]*[(]
TMAINS := $(shell grep -lE '$(MAIN_RE)' tests/*test.c)
TSUITES = $(filter-out $(TMAINS),$(wildcard tests/*test.c))
TLIB_SRCS = tests/testlib.c tests/usertests.c $(TSUITES)
TPROGS = $(patsubst tests/%.c,tests/_%,\
	$(filter-out $(TLIB_SRCS),$(wildcard tests/*.c))) \
	tests/_usertests tests/_labtests
CORE_OBJS = tests/testlib.o tests/usertests.o \
	$(patsubst %,tests/%test.o,$(CORE_SUITES))
LAB_OBJS = tests/testlib.o tests/labtests.o \
	$(patsubst %,tests/%test.o,$(LAB_SUITES))

$(ULIB) $(TLIB_SRCS:.c=.o) tests/labtests.o: | deps

tests/labtests.o: tests/usertests.c build/flags | deps
	$(CC) $(CFLAGS) -DLABTESTS -c -o $@ $<

# usertests is built for size: a tree with the fs lab stubbed reads no
# file past 268 KiB (no doubly-indirect block), and every lab tree runs
# usertests.  build/fsroot/usertests below refuses a larger one.
$(TLIB_SRCS:.c=.o): OPT = -Os -fno-omit-frame-pointer -ggdb

TCFLAGS = $(CFLAGS)
tests/%.o: tests/%.c build/flags | deps
	$(CC) $(TCFLAGS) -c -o $@ $<

user/%.o: user/%.S build/flags | deps
	$(CC) $(ASFLAGS) -c -o $@ $<

# User programs: warnings are printed but do not stop the build (they
# do in the kernel), so a program with an unused variable still runs.
UCFLAGS = $(filter-out -Werror,$(CFLAGS))
user/%.o: user/%.c build/flags | deps
	$(CC) $(UCFLAGS) -c -o $@ $<

user/_%: user/%.o $(ULIB) user/user.ld
	$(LD) $(LDFLAGS) -T user/user.ld -o $@ $< $(ULIB)

tests/_usertests: $(CORE_OBJS) $(ULIB) user/user.ld
	$(LD) $(LDFLAGS) -T user/user.ld -o $@ $(CORE_OBJS) $(ULIB)

tests/_labtests: $(LAB_OBJS) $(ULIB) user/user.ld
	$(LD) $(LDFLAGS) -T user/user.ld -o $@ $(LAB_OBJS) $(ULIB)

tests/_%: tests/%.o $(ULIB) user/user.ld
	$(LD) $(LDFLAGS) -T user/user.ld -o $@ $< $(ULIB)

# A test program also answers to user/_NAME (a link), so the kernel's
# report of a fault, "addr2line -e user/_NAME ...", works for every
# program.
TLINKS = $(patsubst tests/_%,user/_%,$(TPROGS))
user/_%: tests/_%
	ln -sf ../$< $@

# keep intermediate objects (make deletes them otherwise)
.SECONDARY:

# ---- file system image ------------------------------------------------
mkfs/mkfs: mkfs/mkfs.c mkfs/inuse.c kernel/fs.h kernel/param.h kernel/types.h
	$(HOSTCC) -Wall -Werror -O2 -I. -o $@ mkfs/mkfs.c mkfs/inuse.c

mkfs/fsck: mkfs/fsck.c kernel/fs.h kernel/param.h kernel/types.h
	$(HOSTCC) -Wall -Werror -O2 -I. -o $@ mkfs/fsck.c

# The image gets stripped copies; user/_NAME keeps symbols for GDB.
FSFILES = $(patsubst user/_%,build/fsroot/%,$(UPROGS)) \
	$(patsubst tests/_%,build/fsroot/%,$(TPROGS))

build/fsroot/%: user/_%
	@mkdir -p build/fsroot
	$(TOOLPREFIX)strip -o $@ $<

build/fsroot/%: tests/_%
	@mkdir -p build/fsroot
	$(TOOLPREFIX)strip -o $@ $<

# No file may be bigger than a lab tree's kernel can read: with the fs
# lab stubbed a file has no double-indirect block (267 blocks of 1 KiB).
FILE_MAX = $(shell echo $$((267 * 1024)))

fs.img: mkfs/mkfs README.md $(FSFILES)
	@for f in README.md $(FSFILES); do \
	  size=$$(wc -c < $$f); \
	  if [ $$size -gt $(FILE_MAX) ]; then \
	    echo "fs.img: $$f is $$size bytes, more than $(FILE_MAX)" \
	      "(267 KiB, the most a lab tree with the fs lab stubbed" \
	      "can read); make it smaller or split it" >&2; \
	    exit 1; \
	  fi; \
	done
	mkfs/mkfs $@ README.md $(FSFILES)

all: kernel/kernel fs.img mkfs/fsck compile_commands.json $(TLINKS)
.DEFAULT_GOAL := all

# For clangd and editors: how each file is compiled.
compile_commands.json: build/flags scripts/compile-commands.sh Makefile
	sh scripts/compile-commands.sh "$(CC)" "$(CFLAGS)" "$(UCFLAGS)" > $@

# ---- running ----------------------------------------------------------
QEMUOPTS = -machine virt -bios default -kernel kernel/kernel -m $(MEM) \
	-smp $(CPUS) -global virtio-mmio.force-legacy=false \
	-drive file=fs.img,if=none,format=raw,id=x0 \
	-device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0
ifneq ($(strip $(BOOTARGS)),)
QEMUOPTS += -append "$(BOOTARGS)"
endif

.PHONY: all qemu qemu-gdb gdb test bench clean format-check grade lab-tree \
	fuzz crash handin labcheck faults profile

qemu: all
	@echo "kite: booting with $(CPUS) harts; leave QEMU with Ctrl-a x." \
	"OpenSBI's banner comes first, Kite's output from '=== kite' on."
	$(QEMU) $(QEMUOPTS) -nographic $(QEMUEXTRA)

qemu-gdb: all
	@echo "kite: QEMU halted, waiting for GDB on tcp port $(GDBPORT)"
	@echo "kite: run 'make gdb' in another terminal"
	$(QEMU) $(QEMUOPTS) -nographic -S -gdb tcp::$(GDBPORT) $(QEMUEXTRA)

# .gdbinit's kite-connect attaches to $GDBPORT.
gdb: | deps
	@echo "kite: attaching to tcp port $(GDBPORT)"
	GDBPORT=$(GDBPORT) $(GDB) -nx -x .gdbinit

test: all build/kernel-lockdebug build/kernel-poison build/kernel-bench
	bash tests/run-tests.sh

SEED ?= 1
ITER ?= 20000
NPROC ?= 4
CALLS ?=
fuzz: all
	bash tests/fuzz.sh $(SEED) $(ITER) $(NPROC) $(CALLS)

crash: all
	bash tests/crash-test.sh 20

# Allocation-failure injection: the suites and the fuzzer with about one
# allocation in RATE failing, in an order drawn from SEED.
RATE ?= 32
faults: all
	bash tests/faults.sh $(SEED) $(RATE)

grade: all
	bash tests/grade.sh $(if $(TEST),--test $(TEST)) $(LAB)

lab-tree:
	SOLVED="$(SOLVED)" bash scripts/lab-tree.sh "$(LAB)" "$(DEST)"

handin:
	bash scripts/handin.sh

labcheck: all
	bash tests/labtree-test.sh --all

bench: all build/kernel-bench
	bash tests/run-bench.sh $(MODE)

CASE ?= null
OPS ?= 4
profile: all build/kernel-bench
	GDB=$(GDB) NM=$(NM) GDBPORT=$(GDBPORT) bash scripts/profile.sh $(CASE) $(OPS)

format-check:
	clang-format --dry-run --Werror kernel/*.c kernel/*.h user/*.c user/*.h \
	tests/*.c tests/*.h mkfs/*.c

clean:
	rm -f kernel/*.o kernel/*.d kernel/kernel kernel/kernel.asm \
	kernel/kernel.sym user/*.o user/*.d user/_* tests/*.o tests/*.d \
	tests/_* mkfs/mkfs mkfs/fsck fs.img fs.img.tmp compile_commands.json
	rm -rf build

-include kernel/*.d user/*.d tests/*.d build/lockdebug/*.d build/bench/*.d \
	build/poison/*.d
