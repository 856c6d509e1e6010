# Shared by the host scripts that boot Kite headless and must notice a
# panic (tests/fuzz.sh, tests/crash-test.sh).  Source it from the top of
# the tree, with CPUS set.

# qemu_args IMAGE BOOTARGS: QEMU's arguments in QARGS, headless, with
# the console on stdout (as tests/run-tests.sh boots).
qemu_args() {
  QARGS=(-machine virt -bios default -kernel kernel/kernel -m 128M
    -smp "$CPUS" -global virtio-mmio.force-legacy=false
    -drive "file=$1,if=none,format=raw,id=x0"
    -device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0
    -display none -monitor none -serial stdio -append "$2")
}

# boot_wait IMAGE LOG BOOTARGS: boot, and wait until QEMU exits, prints
# a panic, or BOOT_LIMIT seconds (default 300) pass.  With run= in
# BOOTARGS a panic powers QEMU off itself (status 99, kernel/panic.c);
# should that fail, the panic line stops it here.  Returns QEMU's
# status, 124 for the time limit, 125 for a panic that did not end QEMU.
boot_wait() {
  local pid t QARGS
  qemu_args "$1" "$3"
  : > "$2" # exists before the first grep below
  qemu-system-riscv64 "${QARGS[@]}" < /dev/null > "$2" 2>&1 &
  pid=$!
  for ((t = 0; t < ${BOOT_LIMIT:-300} * 4; t++)); do
    if ! kill -0 "$pid" 2> /dev/null; then
      wait "$pid"
      return
    fi
    if grep -a -q "^panic" "$2"; then
      sleep 1 # the rest of the panic message
      kill -9 "$pid" 2> /dev/null
      wait "$pid" 2> /dev/null
      return 125
    fi
    sleep 0.25
  done
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  return 124
}
