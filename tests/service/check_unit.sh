#!/usr/bin/env bash
# The shipped unit passes `systemd-analyze verify` and keeps its hardening:
# `systemd-analyze security --offline` exposure at most 1.5 (the README's figure).
# usage: check_unit.sh SOURCE_DIR AGENT_BINARY
set -euo pipefail
unit=$1/config/systemd/sitepower-agent.service
agent=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# verify checks that ExecStart exists: point it at the binary just built.
sed "s|/usr/bin/sitepower-agent|$agent|" "$unit" >"$work/sitepower-agent.service"
verify=$(systemd-analyze verify "$work/sitepower-agent.service" 2>&1) || fail "verify: $verify"
[[ -z $verify ]] || fail "verify warned: $verify"

security=$(systemd-analyze security --offline=yes --threshold=15 "$unit" 2>&1) ||
  fail "exposure above 1.5 (hardening regressed?):"$'\n'"$security"
grep "Overall exposure level" <<<"$security"

# What the service contract needs, beyond what the score measures.
# shellcheck disable=SC2016 # $MAINPID is unit text, not shell
for directive in 'Type=notify' 'WatchdogSec=' 'Restart=on-failure' 'StateDirectory=sitepower' \
  'ConfigurationDirectory=sitepower' 'ExecReload=/bin/kill -HUP $MAINPID' 'DynamicUser=yes' \
  'SupplementaryGroups=dialout' 'ConditionPathExists=/etc/sitepower/site.yaml'; do
  grep -qxF "$directive" "$unit" || grep -q "^${directive}" "$unit" || fail "unit lacks $directive"
done
echo "unit OK"
