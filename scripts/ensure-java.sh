#!/usr/bin/env sh
# Spark (make test-spark, `mizan build --engine spark`) needs a Java 17+ runtime. Installs Debian's
# headless JRE when there is none, and says plainly what to do when it cannot.
set -eu

java_major() {  # the major version of a java binary: 17 for "17.0.15", 8 for "1.8.0_392"
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' | head -1 |
    awk '{ print ($1 == 1 ? $2 : $1) }'
}

find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; return; fi
  command -v java 2>/dev/null || true
}

java_ok() {
  java=$(find_java)
  [ -n "$java" ] || return 1
  major=$(java_major "$java")
  [ -n "$major" ] && [ "$major" -ge 17 ]
}

java_ok && exit 0

found=$(find_java)
if [ -n "$found" ]; then have="Java $(java_major "$found") at $found"; else have="no Java runtime"; fi
echo "Spark needs a Java 17+ runtime ($have); trying to install Debian's headless JRE…" >&2

if [ "$(id -u)" = "0" ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else sudo="none"; fi
if [ "$sudo" != "none" ] && command -v apt-get >/dev/null 2>&1; then
  $sudo apt-get update -qq >&2 || true
  # Debian 12 ships OpenJDK 17; later releases have a newer default (Spark 4 runs on 17 and 21)
  for package in openjdk-17-jre-headless default-jre-headless; do
    if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" >&2; then
      java_ok && exit 0
    fi
  done
fi

cat >&2 <<MSG
ERROR: Spark needs a Java 17+ runtime, and none could be installed here ($have).
  On Debian/Ubuntu:  sudo apt-get install openjdk-17-jre-headless   (or default-jre-headless)
  Elsewhere: install any Java 17 or 21 runtime and put it on PATH, or set JAVA_HOME.
MSG
exit 1
