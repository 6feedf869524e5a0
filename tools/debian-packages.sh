#!/bin/sh
# The Debian packages a command needs, installed when missing: `tools/debian-packages.sh SET...`.
#
#   run   python3-venv (venv + ensurepip for $PYTHON, default python3): make run and make install
#   test  run's, plus chromium + chromium-driver (Chromium and ChromeDriver): tests/system/test_browser.py
#   bench run's, plus wrk: bench/http.py (not run by CI)
#   ci    test's, plus make: .ci/run, which cannot expect make to be there to install it
#
# Each package is checked by what uses it (an import, a command), so a run with everything present
# costs a few milliseconds and no apt-get. As root, what is missing is installed with apt-get
# (noninteractive; apt-get update first, only then); otherwise the script stops, exit status 1,
# printing the `sudo apt-get install` command to run. The Makefile (run, test) and .ci/run use it.
set -eu

PYTHON=${PYTHON:-python3}
missing=""
reasons=""

need() {  # need PACKAGE WHY: PACKAGE is missing
  case " $missing " in *" $1 "*) return ;; esac
  missing="${missing:+$missing }$1"
  reasons="$reasons  $1: $2
"
}

check() {  # check SET: note each of SET's packages that is missing
  case $1 in
    run)
      "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null ||
        need python3-venv "'$PYTHON -m venv' makes .venv (Debian ships venv's ensurepip apart)" ;;
    test)
      check run
      command -v chromium >/dev/null 2>&1 || need chromium "the browser tests (tests/system/test_browser.py) drive it"
      command -v chromedriver >/dev/null 2>&1 || need chromium-driver "the browser tests start Chromium through it" ;;
    bench)
      check run
      command -v wrk >/dev/null 2>&1 || need wrk "bench/http.py loads the server with it" ;;
    ci)
      command -v make >/dev/null 2>&1 || need make ".ci/run ends with 'make test'"
      check test ;;
    *)
      echo "$0: unknown set '$1' (run, test, bench or ci)" >&2
      exit 2 ;;
  esac
}

[ $# -gt 0 ] || set -- run
for set in "$@"; do check "$set"; done
[ -n "$missing" ] || exit 0

install="apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" -ne 0 ]; then
  printf 'Missing Debian packages:\n%sInstall them, then run this again:\n\n  sudo %s\n\n' "$reasons" "$install" >&2
  exit 1
fi

printf 'Installing missing Debian packages:\n%s' "$reasons" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086  # one word per package
apt-get install -y -qq --no-install-recommends $missing

wanted=$missing
missing="" reasons=""
for set in "$@"; do check "$set"; done
if [ -n "$missing" ]; then
  printf '%s: installed %s, but still missing:\n%s' "$0" "$wanted" "$reasons" >&2
  exit 1
fi
