#!/usr/bin/env bash
# Installs what tcptrace needs on a fresh Debian machine (run as root; idempotent):
# libpcap for capture, tcpdump for the lab's independent look at the packets, iproute2 + nftables for the
# namespace lab, tracefs mounted for the kernel's own record of who sent each reset.
# With --tests, also chromium + chromium-driver, tshark and tmux: the tests open the HTML timeline in a real browser,
# read annotated pcapng back with tshark and drive the live screen in a terminal; nginx-light and postgresql are the
# real servers (run by the tests themselves, in a network namespace) whose idle closes the stale-reuse tests meet;
# prometheus, which a test starts in a network namespace of its own to scrape a running capture.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: run as root (packet capture and network namespaces need it)" >&2
  exit 2
fi

need=()
packages=(libpcap0.8 tcpdump iproute2 nftables procps)
[ "${1:-}" = "--tests" ] && packages+=(chromium chromium-driver tshark tmux nginx-light postgresql)
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
command -v mvn >/dev/null || need+=(maven)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
updated=
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  apt-get update -qq
  updated=1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "${1:-}" = "--tests" ] && ! dpkg-query -W -f='${Status}' prometheus 2>/dev/null | grep -q "install ok installed"; then
  echo "setup: installing prometheus"
  [ -n "$updated" ] || apt-get update -qq
  # the server binary only (no node exporter); the test runs its own instance, so the packaged service stays off
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  if [ -d /run/systemd/system ]; then
    systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  fi
fi

if [ ! -d /sys/kernel/tracing/events ]; then
  mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || echo "setup: tracefs not available; the lab checks resets from packets only" >&2
fi
