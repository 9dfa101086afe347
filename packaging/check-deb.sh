#!/usr/bin/env bash
# Checks the Debian package the way a user meets it: builds it (cpack -G DEB
# from build/), installs it with apt into a brand-new bookworm chroot
# (debootstrap --variant=minbase), and there runs the built-in demo and one
# forward benchmark. Prints which BLAS apt chose and one JSON line:
#   {"package":..., "blas_packages":..., "libblas.so.3":..., "blas":..., "demo_s":..., "demo_rc":N, "bench":{...}}
# Needs root and Debian's mirror; takes a few minutes; not part of CI.
#
#   packaging/check-deb.sh [CHROOT_DIR]     (default: a fresh folder in /tmp, removed after)
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" -eq 0 ] || { echo "check-deb.sh: run as root (debootstrap and chroot need it)" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -q --no-install-recommends debootstrap >&2
[ -f build/build.ninja ] || { echo "check-deb.sh: build first (packaging/dev.sh test, or cmake --preset default)" >&2; exit 2; }

cmake --build --preset default >&2
(cd build && cpack -G DEB >&2)
deb=$(ls -t build/sparseadapter-studio_*.deb | head -1)

root=${1:-$(mktemp -d /tmp/sparseadapter-chroot.XXXXXX)}
cleanup() {
    for m in proc sys dev; do umount -l "$root/$m" 2>/dev/null || true; done
    [ -n "${1:-}" ] || rm -rf "$root"
}
trap 'cleanup "${1:-}"' EXIT
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
debootstrap --variant=minbase bookworm "$root" "${mirror:-http://deb.debian.org/debian}" >&2
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
cp "$deb" "$root/tmp/"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "/tmp/$(basename "$deb")" >&2

# Installed ones only ("ii"), and which one the libblas.so.3 alternative points at.
blas_package=$(chroot "$root" dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' libopenblas0-pthread \
    libopenblas0-openmp libblas3 2>/dev/null | awk '$1 == "ii" { printf "%s ", $2 }')
blas_alternative=$(chroot "$root" readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || true)
start=$(date +%s.%N)
set +e
chroot "$root" sh -c 'cd /tmp && sparseadapter run --demo' >/tmp/check-deb-demo.log 2>&1
demo_rc=$?
set -e
demo_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
bench=$(chroot "$root" sparseadapter bench forward --geometry bert-base --batch 2 --seq 16 2>/dev/null | tail -1)
blas=$(printf '%s' "$bench" | sed -n 's/.*"blas":"\([^"]*\)".*/\1/p')
notice=$(grep -m1 "reference BLAS" /tmp/check-deb-demo.log || true)
printf '{"package":"%s","blas_packages":"%s","libblas.so.3":"%s","blas":"%s","slow_blas_notice":%s,"demo_s":%s,"demo_rc":%d,"bench":%s}\n' \
    "$(basename "$deb")" "${blas_package% }" "$blas_alternative" "$blas" "$([ -n "$notice" ] && echo true || echo false)" "$demo_s" \
    "$demo_rc" "${bench:-null}"
