#!/usr/bin/env bash
# Renders an assocnet report in headless Chromium (Debian package `chromium`) and checks that it works in
# a real browser without the network: no JavaScript console errors, no http(s) request in Chromium's net
# log, and the top-hits table script ran (its row counter is filled in the rendered DOM).
# Usage: tests/report/browser-check.sh OUT.report.html [screenshot.png]
# Exit 0 on success; 1 on a failed check; 77 (skip) when chromium is not installed.
set -euo pipefail
html="$(readlink -f "$1")"
shot="${2:-}"
command -v chromium >/dev/null || { echo "browser-check: chromium not installed (apt-get install chromium): skipped"; exit 77; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update
       --disable-sync --disable-default-apps --disable-extensions --user-data-dir="$work/profile"
       --enable-logging=stderr --v=0 --log-net-log="$work/net.json" --net-log-capture-mode=Default --window-size=1280,2000)
run() { timeout 120 chromium "${flags[@]}" "$@" "file://$html" 2>>"$work/stderr.log"; }
run --dump-dom > "$work/dom.html"
if [[ -n "$shot" ]]; then
  run --screenshot="$work/shot.png" >/dev/null
  cp "$work/shot.png" "$shot"
fi
fail=0
if grep -E "CONSOLE|Uncaught" "$work/stderr.log" | grep -Eiq "error|uncaught"; then
  echo "browser-check: FAIL: JavaScript console errors:"; grep -E "CONSOLE|Uncaught" "$work/stderr.log"; fail=1
fi
# requests made for the page (Chromium's own update/account pings have initiator "not an origin"):
# any http(s)/ws URL requested on behalf of a document is a failure
external=$(/usr/bin/python3 - "$work/net.json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:  # chromium may leave the log unterminated when killed: close it
    txt = open(sys.argv[1]).read().rstrip().rstrip(',')
    d = json.loads(txt + ']}')
names = {v: k for k, v in d['constants']['logEventTypes'].items()}
seen = set()
for e in d['events']:
    p = e.get('params', {})
    if names.get(e['type']) == 'URL_REQUEST_START_JOB' and p.get('initiator') != 'not an origin':
        u = p.get('url', '')
        if u.split(':', 1)[0] in ('http', 'https', 'ws', 'wss', 'ftp') and u not in seen:
            seen.add(u)
            print(u)
PY
)
if [[ -n "$external" ]]; then
  echo "browser-check: FAIL: the page made network requests:"; printf '  %s\n' $external; fail=1
fi
if ! grep -Eq 'id="hitcount">[0-9]+ of [0-9]+ rows<' "$work/dom.html"; then
  echo "browser-check: FAIL: the top-hits script did not run (no row count in the rendered DOM)"; fail=1
fi
if ! grep -q '<svg' "$work/dom.html"; then
  echo "browser-check: FAIL: no inline SVG plot in the rendered DOM"; fail=1
fi
if [[ -n "$shot" ]] && [[ ! -s "$shot" ]]; then echo "browser-check: FAIL: no screenshot"; fail=1; fi
((fail == 0)) && echo "browser-check: OK ($html: no console error, no network request by the page, script ran)"
exit $fail
