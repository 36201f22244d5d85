#!/usr/bin/env bash
# Installs Debian's collectd-core (5.12: its modbus, snmp and mqtt plugins) when it
# is missing, as root, without starting or enabling the system service: the
# bench runs its own collectd in the foreground.
set -euo pipefail
[[ -x /usr/sbin/collectd && -f /usr/lib/collectd/modbus.so && -f /usr/lib/collectd/mqtt.so && -f /usr/lib/collectd/snmp.so ]] && exit 0
[[ $(id -u) -eq 0 ]] || { echo "collectd-core is missing: run as root, or apt-get install collectd-core"; exit 1; }
policy=/usr/sbin/policy-rc.d
added_policy=
if [[ ! -e $policy ]]; then  # forbids invoke-rc.d to start the service during the install
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  added_policy=1
fi
trap '[[ -z $added_policy ]] || rm -f "$policy"' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends collectd-core libmodbus5 libmosquitto1 libsnmp40
if [[ -d /run/systemd/system ]]; then  # booted with systemd
  systemctl disable --now collectd || true
fi
