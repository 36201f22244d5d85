#!/usr/bin/env bash
# `cmake --install` lays out /usr/bin, /etc/sitepower and the unit; CPack builds
# a .deb from the same tree whose contents, Depends, conffiles and maintainer
# scripts are inspected with dpkg-deb.
# usage: check_deb.sh BUILD_DIR
set -euo pipefail
build=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

DESTDIR=$work/root cmake --install "$build" --prefix /usr >/dev/null
for f in usr/bin/sitepower-agent usr/bin/sitepower-tail etc/sitepower/site.yaml.example \
  lib/systemd/system/sitepower-agent.service; do
  [[ -f $work/root/$f ]] || fail "cmake --install did not lay out /$f"
done
compgen -G "$work/root/etc/sitepower/profiles/*.yaml" >/dev/null || fail "no profiles in /etc/sitepower/profiles"
# Every driver's shipped profiles (drivers/<name>/profiles/*.yaml) are there.
for p in "$(dirname "$0")"/../../drivers/*/profiles/*.yaml; do
  [[ -f $work/root/etc/sitepower/profiles/$(basename "$p") ]] || fail "$(basename "$p") not installed in /etc/sitepower/profiles"
done

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >cpack.log 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack"; }
deb=$(compgen -G "$work/pkg/sitepower_*.deb") || fail "no .deb built"
echo "== dpkg-deb -I $(basename "$deb")"
dpkg-deb -I "$deb"
echo "== dpkg-deb -c"
contents=$(dpkg-deb -c "$deb")
echo "$contents"

for f in ./usr/bin/sitepower-agent ./usr/bin/sitepower-tail ./etc/sitepower/site.yaml.example \
  ./lib/systemd/system/sitepower-agent.service; do
  grep -q " $f\$" <<<"$contents" || fail "package lacks $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
for p in libpaho-mqttpp3-1 libpaho-mqtt1.3 libprotobuf32 libyaml-cpp0.7 libspdlog1.10 libfmt9 libsystemd0 \
  libsqlite3-0 init-system-helpers; do
  [[ $depends == *"$p"* ]] || fail "Depends lacks $p: $depends"
done

dpkg-deb -e "$deb" "$work/control"
# Every file under /etc is a conffile, and nothing else is.
diff <(awk '$6 ~ /^\.\/etc\/.*[^\/]$/ {print substr($6, 2)}' <<<"$contents" | sort) \
  <(sort "$work/control/conffiles") || fail "conffiles do not match the files under /etc"
# postinst enables the unit but never starts it; the unit waits for site.yaml.
grep -q 'deb-systemd-helper enable' "$work/control/postinst" || fail "postinst does not enable the unit"
! grep -Ev '^ *(#|echo )' "$work/control/postinst" |
  grep -Eq 'deb-systemd-invoke +(start|restart)|systemctl +(start|restart)' || fail "postinst starts the service"
for s in postinst prerm postrm; do
  [[ -x $work/control/$s ]] || fail "$s is not executable"
  sh -n "$work/control/$s" || fail "$s: syntax"
done
echo "deb OK"
