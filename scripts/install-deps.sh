#!/bin/sh
# Install what Kite needs from Debian's packages: the RISC-V cross compiler,
# QEMU (with its bundled OpenSBI), OpenSBI itself and gdb-multiarch.
# Run by the Makefile when any of them is missing; safe to run again.
set -e
PKGS="gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf qemu-system-misc opensbi gdb-multiarch"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "kite: installing build tools from Debian: $PKGS"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $PKGS
echo "kite: tools installed"
