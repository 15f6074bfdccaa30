#!/usr/bin/env bash
# Makes a real kube-apiserver v1.20.2 (plus etcd and kubectl) available offline for the
# real-API-server test tier, laid out where io.fabric8:kube-api-test finds them in offline mode:
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/1.20.2-linux-amd64/{kube-apiserver,etcd,kubectl}
#
# kube-apiserver is built from Debian bookworm's `kubernetes` source package (the full upstream
# v1.20.2 tree) with Debian's golang-go; etcd and kubectl come from Debian's etcd-server and
# kubernetes-client packages. Only Debian packages are used.
#
# Idempotent and cached: when the three binaries are present and kube-apiserver reports v1.20.2 the
# script exits within seconds. Build caches live under ${LBKIT_CACHE:-~/.cache/lbkit}, never in the
# repository. A cold run takes about 6-9 minutes on 2 cores. Needs root (apt-get) on Debian 12.
set -euo pipefail

K8S_VERSION=1.20.2
DEB_VERSION="1.20.5+really1.20.2-1.1+deb12u1"
ARCH=amd64
TARGET_ROOT="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
TARGET="$TARGET_ROOT/k8s/${K8S_VERSION}-linux-${ARCH}"
CACHE="${LBKIT_CACHE:-$HOME/.cache/lbkit}/kube-apiserver"

log() { echo "kube-apiserver.sh: $*" >&2; }

installed() {
  [ -x "$TARGET/kube-apiserver" ] && [ -x "$TARGET/etcd" ] && [ -x "$TARGET/kubectl" ] \
    && "$TARGET/kube-apiserver" --version 2>/dev/null | grep -q "v${K8S_VERSION}\$" \
    && "$TARGET/etcd" --version >/dev/null 2>&1
}

if installed; then
  log "present: $TARGET ($("$TARGET/kube-apiserver" --version))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

apt_updated=""
apt_update_once() {
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -q; apt_updated=1; fi
}
need=()
command -v go >/dev/null 2>&1 || need+=(golang-go)
command -v rsync >/dev/null 2>&1 || need+=(rsync)
command -v make >/dev/null 2>&1 || need+=(make)
command -v dpkg-source >/dev/null 2>&1 || need+=(dpkg-dev)
command -v xz >/dev/null 2>&1 || need+=(xz-utils)
if [ ${#need[@]} -gt 0 ]; then
  log "installing: ${need[*]}"
  apt_update_once
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
fi

mkdir -p "$CACHE" "$TARGET"

# A private apt configuration with bookworm deb-src entries, so the machine's own sources stay untouched.
# The entries are the machine's own bookworm sources (deb822 `.sources` files and one-line
# `sources.list` entries), each also given its deb-src twin; no archive is named here.
APT_DIR="$CACHE/apt"
rm -rf "$APT_DIR/sourceparts"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/sourceparts"
: > "$APT_DIR/sources.list"
for list in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$list" ] || continue
  # one-line form: "deb [options] URI suite components..."; keep bookworm lines, add a deb-src twin
  awk '$1 == "deb" && / bookworm/ { print; sub(/^deb/, "deb-src"); print }' "$list" >> "$APT_DIR/sources.list"
done
n=0
for sources in /etc/apt/sources.list.d/*.sources; do
  [ -f "$sources" ] || continue
  grep -q 'bookworm' "$sources" || continue
  n=$((n + 1))
  # deb822 form: the same stanzas, with both types
  sed -E 's/^Types:.*/Types: deb deb-src/' "$sources" > "$APT_DIR/sourceparts/source-$n.sources"
done
if ! [ -s "$APT_DIR/sources.list" ] && [ "$n" = 0 ]; then
  log "no Debian bookworm apt source found in /etc/apt; add one (the script adds the deb-src entries itself)"
  exit 1
fi
APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o "Dir::Etc::SourceParts=$APT_DIR/sourceparts"
          -o "Dir::State::Lists=$APT_DIR/lists" -o "APT::Sandbox::User=root")
private_lists_fresh=""
private_update_once() {
  if [ -z "$private_lists_fresh" ]; then apt-get "${APT_OPTS[@]}" update -q; private_lists_fresh=1; fi
}

# etcd and kubectl: extract from the Debian packages without installing the etcd service.
if ! [ -x "$TARGET/etcd" ] || ! [ -x "$TARGET/kubectl" ]; then
  DEBS="$CACHE/debs"
  mkdir -p "$DEBS"
  if ! ls "$DEBS"/etcd-server_*.deb >/dev/null 2>&1 || ! ls "$DEBS"/kubernetes-client_*.deb >/dev/null 2>&1; then
    private_update_once
    (cd "$DEBS" && apt-get "${APT_OPTS[@]}" download etcd-server kubernetes-client)
  fi
  rm -rf "$DEBS/x" && mkdir -p "$DEBS/x"
  for d in "$DEBS"/etcd-server_*.deb "$DEBS"/kubernetes-client_*.deb; do dpkg-deb -x "$d" "$DEBS/x"; done
  install -m 0755 "$DEBS/x/usr/bin/etcd" "$TARGET/etcd"
  install -m 0755 "$DEBS/x/usr/bin/kubectl" "$TARGET/kubectl"
  rm -rf "$DEBS/x"
fi

# kube-apiserver: build from the bookworm source package.
SRC_DIR="$CACHE/src"
TREE="$SRC_DIR/kubernetes-${K8S_VERSION}"
if ! [ -f "$TREE/cmd/kube-apiserver/apiserver.go" ]; then
  mkdir -p "$SRC_DIR"
  if ! ls "$SRC_DIR"/kubernetes_*.orig.tar.* >/dev/null 2>&1; then
    private_update_once
    (cd "$SRC_DIR" && apt-get "${APT_OPTS[@]}" source --download-only "kubernetes=${DEB_VERSION}")
  fi
  orig=$(ls "$SRC_DIR"/kubernetes_*.orig.tar.* | head -n1)
  rm -rf "$SRC_DIR/unpack" && mkdir -p "$SRC_DIR/unpack"
  tar -xf "$orig" -C "$SRC_DIR/unpack"
  top=$(ls "$SRC_DIR/unpack" | head -n1)
  rm -rf "$TREE"
  mv "$SRC_DIR/unpack/$top" "$TREE"
  rm -rf "$SRC_DIR/unpack"
fi

log "building kube-apiserver v${K8S_VERSION} (cold: about 6-9 minutes on 2 cores)"
export GOCACHE="$CACHE/go-build" GOPATH="$CACHE/gopath" GOFLAGS="${GOFLAGS:-}" GO111MODULE=off
(cd "$TREE" && KUBE_GIT_VERSION="v${K8S_VERSION}" KUBE_GIT_TREE_STATE=clean \
   KUBE_GIT_COMMIT=0000000000000000000000000000000000000000 make WHAT=cmd/kube-apiserver)
install -m 0755 "$TREE/_output/bin/kube-apiserver" "$TARGET/kube-apiserver"

if installed; then
  log "ready: $TARGET ($("$TARGET/kube-apiserver" --version))"
else
  log "build finished but $TARGET is incomplete"; exit 1
fi
