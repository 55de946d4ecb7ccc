#!/usr/bin/env bash
# Installs, only where missing, the Debian/Ubuntu packages the pipeline needs:
# QEMU and busybox for the VM, the kernel build dependencies, and the tools
# MPTCP selftests call. Idempotent: a second run installs nothing.
# Uses sudo when not root (GitHub's ubuntu runners).
set -euo pipefail

# Every package the actions install on a bare runner (src/system/runner-setup.ts
# RUNNER_NEEDS; a test keeps the two lists together).
packages=(
  qemu-system-x86 busybox-static zstd
  gcc make flex bison bc perl libelf-dev libssl-dev dwarves cpio ccache xz-utils rsync kmod
  iproute2 iptables nftables ethtool socat iputils-ping procps
)
# Extra groups by name: chromium (summary screenshots in tests).
for extra in "$@"; do
  case "$extra" in
    --with-chromium) packages+=(chromium) ;;
    *) echo "setup-host: unknown option '$extra'" >&2; exit 64 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-host: all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup-host: need root or sudo to install: ${missing[*]}" >&2; exit 64; }
  sudo=(sudo)
fi
echo "setup-host: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-host: done"
