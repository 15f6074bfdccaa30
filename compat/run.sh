#!/usr/bin/env bash
# Builds the compat hosts against the lbkit artifacts installed in the local Maven repository
# (run after `mvn install` at the root). Each host imports lbkit-bom (and, where that is what the host is
# about, its own fabric8 or Jackson BOM before it), depends on the modules, runs the enforcer with
# dependencyConvergence and runs its own test; any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")"

hosts=(fabric8-6.13 fabric8-6.13-newer-jackson fabric8-7 fabric8-8.0 jackson-2.17-logback provider-only
  provider-author-junit-5.9)
for host in "${hosts[@]}"; do
  echo "== compat host: $host"
  start=$SECONDS
  (cd "$host" && mvn -B -q verify)
  echo "   passed in $((SECONDS - start)) s"
done

# The provider-only host must not see fabric8 or Jackson 3 (its enforcer bans them too; this says it plainly).
tree=$(cd provider-only && mvn -B dependency:tree)
if grep -Eq 'io\.fabric8|tools\.jackson' <<<"$tree"; then
  echo "provider-only host pulls fabric8 or Jackson 3:" >&2
  grep -E 'io\.fabric8|tools\.jackson' <<<"$tree" >&2
  exit 1
fi
echo "compat hosts: all passed"
