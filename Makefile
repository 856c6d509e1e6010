# Kite: one non-recursive Makefile.
#
#   make            kernel/kernel and fs.img
#   make qemu       boot to a shell (CPUS=3, BOOTARGS="...")
#   make qemu-gdb   boot halted, waiting for GDB on port $(GDBPORT)
#   make gdb        attach gdb-multiarch with .gdbinit
#   make test       run every guest test suite headless
#   make bench      instruction-count benchmarks (-icount, CPUS=1)
#   make clean
#
# Missing tools (RISC-V gcc, QEMU, OpenSBI, gdb-multiarch) are installed
# from Debian's packages by scripts/install-deps.sh on first use.

CPUS ?= 3
# The default kernel is built to be stepped through in GDB; make bench
# builds its own optimised kernel (OPT=-O2).
OPT ?= -Og -fno-omit-frame-pointer -ggdb
BOOTARGS ?=
GDBPORT ?= 26000 # .gdbinit connects to this port
MEM ?= 128M
QEMUEXTRA ?=

TOOLPREFIX = riscv64-unknown-elf-
CC = $(TOOLPREFIX)gcc
LD = $(TOOLPREFIX)ld
OBJDUMP = $(TOOLPREFIX)objdump
QEMU = qemu-system-riscv64
HOSTCC = gcc

CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter $(OPT) -MD
CFLAGS += -mcmodel=medany -march=rv64gc -mabi=lp64d
CFLAGS += -ffreestanding -fno-common -nostdlib -fno-builtin
CFLAGS += -fno-stack-protector -fno-pie -no-pie -I.
ifeq ($(LOCKDEBUG),1)
CFLAGS += -DLOCKDEBUG
endif
ASFLAGS = $(CFLAGS)
LDFLAGS = -z max-page-size=4096

# ---- tool check -------------------------------------------------------
MISSING_TOOLS := $(shell for t in $(CC) $(QEMU) gdb-multiarch; do \
	command -v $$t >/dev/null 2>&1 || echo $$t; done; \
	test -d /usr/lib/riscv64-linux-gnu/opensbi || echo opensbi)

.PHONY: deps
deps:
ifneq ($(strip $(MISSING_TOOLS)),)
	@echo "kite: missing $(MISSING_TOOLS); installing from Debian packages"
	sh scripts/install-deps.sh
endif

# ---- kernel -----------------------------------------------------------
KOBJS = \
	kernel/entry.o kernel/main.o kernel/sbi.o kernel/fdt.o \
	kernel/uart.o kernel/console.o kernel/printf.o kernel/plic.o \
	kernel/virtio_disk.o \
	kernel/kalloc.o kernel/kmalloc.o kernel/vm.o kernel/string.o \
	kernel/trap.o kernel/trampoline.o kernel/kernelvec.o \
	kernel/swtch.o kernel/fpu.o kernel/spinlock.o kernel/sleeplock.o \
	kernel/proc.o kernel/exit.o kernel/exec.o \
	kernel/syscall.o kernel/sysproc.o kernel/trace.o \
	kernel/bio.o kernel/log.o kernel/fs.o kernel/file.o kernel/pipe.o \
	kernel/sysfile.o \
	kernel/ksem.o \
	kernel/ipc.o kernel/msg.o kernel/sem.o kernel/shm.o

kernel/kernel: $(KOBJS) kernel/kernel.ld
	$(LD) $(LDFLAGS) -T kernel/kernel.ld -o $@ $(KOBJS)
	$(OBJDUMP) -S $@ > kernel/kernel.asm
	$(OBJDUMP) -t $@ | sed '1,/SYMBOL TABLE/d; s/ .* / /; /^$$/d' > kernel/kernel.sym

$(KOBJS): | deps

# The same kernel with lock-order checking, for make test.
LDOBJS = $(patsubst kernel/%.o,build/lockdebug/%.o,$(KOBJS))

build/lockdebug/%.o: kernel/%.c | deps
	@mkdir -p build/lockdebug
	$(CC) $(CFLAGS) -DLOCKDEBUG -c -o $@ $<

build/lockdebug/%.o: kernel/%.S | deps
	@mkdir -p build/lockdebug
	$(CC) $(CFLAGS) -DLOCKDEBUG -c -o $@ $<

build/kernel-lockdebug: $(LDOBJS) kernel/kernel.ld
	$(LD) $(LDFLAGS) -T kernel/kernel.ld -o $@ $(LDOBJS)

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

build/kernel-bench: $(BOBJS) kernel/kernel.ld
	$(LD) $(LDFLAGS) -T kernel/kernel.ld -o $@ $(BOBJS)

# ---- user programs ----------------------------------------------------
# Every user/*.c that is not part of the library is a program; so is
# every tests/*.c that is not a suite or the test library.  A suite is a
# tests/*test.c without a main() (usertests.c lists the suites); one
# with its own main() is a program like any other.
ULIB_SRCS = user/ulib.c user/printf.c user/umalloc.c user/semaphore.c
ULIB = $(ULIB_SRCS:.c=.o) user/usys.o
UPROGS = $(patsubst user/%.c,user/_%,\
	$(filter-out $(ULIB_SRCS),$(wildcard user/*.c)))

MAIN_RE := (^|[^a-zA-Z_])main[[:space:]]*[(]
TMAINS := $(shell grep -lE '$(MAIN_RE)' tests/*test.c)
TSUITES = $(filter-out $(TMAINS),$(wildcard tests/*test.c))
TLIB_SRCS = tests/testlib.c tests/usertests.c $(TSUITES)
TPROGS = $(patsubst tests/%.c,tests/_%,\
	$(filter-out $(TLIB_SRCS),$(wildcard tests/*.c))) tests/_usertests

$(ULIB) $(TLIB_SRCS:.c=.o): | deps

# User programs: warnings are printed but do not stop the build (they
# do in the kernel), so a program with an unused variable still runs.
UCFLAGS = $(filter-out -Werror,$(CFLAGS))
user/%.o: user/%.c | deps
	$(CC) $(UCFLAGS) -c -o $@ $<

user/_%: user/%.o $(ULIB) user/user.ld
	$(LD) $(LDFLAGS) -T user/user.ld -o $@ $< $(ULIB)

tests/_usertests: $(TLIB_SRCS:.c=.o) $(ULIB) user/user.ld
	$(LD) $(LDFLAGS) -T user/user.ld -o $@ $(TLIB_SRCS:.c=.o) $(ULIB)

tests/_%: tests/%.o $(ULIB) user/user.ld
	$(LD) $(LDFLAGS) -T user/user.ld -o $@ $< $(ULIB)

# keep intermediate objects (make deletes them otherwise)
.SECONDARY:

# ---- file system image ------------------------------------------------
mkfs/mkfs: mkfs/mkfs.c kernel/fs.h kernel/param.h kernel/types.h
	$(HOSTCC) -Wall -Werror -O2 -I. -o $@ mkfs/mkfs.c

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

fs.img: mkfs/mkfs README.md $(FSFILES)
	mkfs/mkfs $@ README.md $(FSFILES)

all: kernel/kernel fs.img mkfs/fsck
.DEFAULT_GOAL := all

# ---- running ----------------------------------------------------------
QEMUOPTS = -machine virt -bios default -kernel kernel/kernel -m $(MEM) \
	-smp $(CPUS) -global virtio-mmio.force-legacy=false \
	-drive file=fs.img,if=none,format=raw,id=x0 \
	-device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0
ifneq ($(strip $(BOOTARGS)),)
QEMUOPTS += -append "$(BOOTARGS)"
endif

.PHONY: all qemu qemu-gdb gdb test bench clean format-check grade lab-tree \
	fuzz crash

qemu: all
	@echo "kite: booting with $(CPUS) harts; leave QEMU with Ctrl-a x"
	$(QEMU) $(QEMUOPTS) -nographic $(QEMUEXTRA)

qemu-gdb: all
	@echo "kite: QEMU halted, waiting for GDB on tcp port $(GDBPORT)"
	@echo "kite: run 'make gdb' in another terminal"
	$(QEMU) $(QEMUOPTS) -nographic -S -gdb tcp::$(GDBPORT) $(QEMUEXTRA)

# .gdbinit connects to port 26000; another GDBPORT gets a copy that
# connects there instead.
gdb: | deps
ifeq ($(strip $(GDBPORT)),26000)
	gdb-multiarch -nx -x .gdbinit
else
	@mkdir -p build
	sed 's/localhost:26000/localhost:$(strip $(GDBPORT))/' .gdbinit > build/gdbinit
	gdb-multiarch -nx -x build/gdbinit
endif

test: all build/kernel-lockdebug
	bash tests/run-tests.sh

SEED ?= 1
ITER ?= 20000
NPROC ?= 4
CALLS ?=
fuzz: all
	bash tests/fuzz.sh $(SEED) $(ITER) $(NPROC) $(CALLS)

crash: all
	bash tests/crash-test.sh 20

grade: all
	bash tests/grade.sh $(LAB)

lab-tree:
	bash scripts/lab-tree.sh $(LAB) $(DEST)

bench: all build/kernel-bench
	bash tests/run-bench.sh $(MODE)

format-check:
	clang-format --dry-run --Werror kernel/*.c kernel/*.h user/*.c user/*.h \
	tests/*.c tests/*.h mkfs/*.c

clean:
	rm -f kernel/*.o kernel/*.d kernel/kernel kernel/kernel.asm \
	kernel/kernel.sym user/*.o user/*.d user/_* tests/*.o tests/*.d \
	tests/_* mkfs/mkfs mkfs/fsck fs.img
	rm -rf build

-include kernel/*.d user/*.d tests/*.d build/lockdebug/*.d build/bench/*.d
