#!/bin/sh
# Install what Kite needs from Debian's or Ubuntu's packages: the RISC-V
# cross compiler, QEMU (with its bundled OpenSBI), OpenSBI itself and
# gdb-multiarch.  Run by the Makefile when any of them is missing; safe
# to run again.  Elsewhere (macOS, other Linux) it says what to install:
# see "Other systems" in README.md.
set -e
PKGS="gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf qemu-system-misc opensbi gdb-multiarch"
if ! command -v apt-get > /dev/null 2>&1; then
    echo "kite: no apt-get here, so nothing is installed automatically."
    echo "kite: install a RISC-V toolchain (one of the prefixes"
    echo "      riscv64-unknown-elf-, riscv64-elf-, riscv64-none-elf-,"
    echo "      riscv64-linux-gnu-), qemu-system-riscv64 and a GDB for"
    echo "      RISC-V; on macOS with Homebrew:"
    echo "        brew install riscv64-elf-gcc riscv64-elf-gdb qemu"
    echo "      then run make again (README.md, \"Other systems\")."
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "kite: installing build tools: $PKGS"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $PKGS
echo "kite: tools installed"
