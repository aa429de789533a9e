#!/usr/bin/env bash
# The README's two commands on a bare Debian 12 (debootstrap --variant=minbase): no Qt libraries,
# no X, no fonts, no venv — only what the README asks for (Python >= 3.11 and make). Run as root:
#
#   tools/bare_machine.sh [ROOTFS]        (ROOTFS default /var/tmp/fielddesk-bare; made if absent)
#
# 1. `make run` in the chroot must open the FieldDesk window on a host Xvfb (seen by xdotool);
# 2. `make test` in the chroot must pass. Takes ~15 min; not part of CI (it downloads a system).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rootfs=${1:-/var/tmp/fielddesk-bare}
[ "$(id -u)" = 0 ] || { echo "bare_machine: run as root (debootstrap, chroot)" >&2; exit 2; }
if [ ! -x "$rootfs/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian
fi
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/host-ca.crt"  # this network's registries' CA
for fs in proc sys dev dev/pts tmp/.X11-unix; do
  mkdir -p "$rootfs/$fs"
  mountpoint -q "$rootfs/$fs" || mount --bind "/$fs" "$rootfs/$fs"
done
cleanup() {
  for fs in tmp/.X11-unix dev/pts dev sys proc; do umount -l "$rootfs/$fs" 2>/dev/null || true; done
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT
in_chroot() {
  chroot "$rootfs" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 PIP_CERT=/host-ca.crt SSL_CERT_FILE=/host-ca.crt "$@"
}
in_chroot apt-get -o Acquire::https::CAInfo=/host-ca.crt update -qq
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv make >/dev/null
rm -rf "$rootfs/root/fielddesk"
git clone -q "$here" "$rootfs/root/fielddesk"

echo "bare_machine: make run (a window must appear on the host's X display)"
Xvfb -displayfd 1 -screen 0 1366x768x24 -nolisten tcp > /tmp/bare-xvfb.display 2>/dev/null & xvfb_pid=$!
for _ in $(seq 1 50); do [ -s /tmp/bare-xvfb.display ] && break; sleep 0.2; done
display=$(head -n1 /tmp/bare-xvfb.display)
[ -n "$display" ] || { echo "bare_machine: Xvfb did not start" >&2; exit 1; }
setsid chroot "$rootfs" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 PIP_CERT=/host-ca.crt DISPLAY=:$display sh -c "cd /root/fielddesk && exec make run" \
  > /tmp/bare-run.log 2>&1 & run_pid=$!
found=""
for _ in $(seq 1 300); do
  if DISPLAY=:$display xdotool search --onlyvisible --name "FieldDesk|フィールドデスク" >/dev/null 2>&1; then found=yes; break; fi
  kill -0 "$run_pid" 2>/dev/null || break
  sleep 1
done
DISPLAY=:$display import -window root /tmp/bare-run.png 2>/dev/null || true
kill -- -"$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true  # its own session
[ -n "$found" ] || { echo "bare_machine: no window; see /tmp/bare-run.log" >&2; tail -20 /tmp/bare-run.log >&2; exit 1; }
echo "bare_machine: the window opened (screenshot /tmp/bare-run.png)"

echo "bare_machine: make test"
in_chroot sh -c "cd /root/fielddesk && make test"
echo "bare_machine: both commands passed on a bare Debian 12"
