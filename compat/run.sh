#!/usr/bin/env bash
# Builds the compat hosts against the lbkit artifacts installed in the local Maven repository
# (run after `mvn install` at the root). Each host imports nothing but lbkit-bom and the modules and runs
# the enforcer with dependencyConvergence; any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")"

for host in provider-only; do
  echo "== compat host: $host"
  (cd "$host" && mvn -B -q verify)
done

# The provider-only host must not see fabric8 or Jackson 3 (its enforcer bans them too; this says it plainly).
tree=$(cd provider-only && mvn -B dependency:tree)
if grep -Eq 'io\.fabric8|tools\.jackson' <<<"$tree"; then
  echo "provider-only host pulls fabric8 or Jackson 3:" >&2
  grep -E 'io\.fabric8|tools\.jackson' <<<"$tree" >&2
  exit 1
fi
echo "compat hosts: all passed"
