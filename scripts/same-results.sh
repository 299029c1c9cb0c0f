#!/usr/bin/env bash
# Checks that a redesign changed no result: runs one fixed set of short commands (training with every alpha policy
# and table kind, a comparison with attacks, frozen-classifier table learning, rate, report) with two builds of
# jpegdl and compares what they wrote: every JSON file (metrics, summary, tables, attack, rate, compare, ...) and text
# page (compare.md, qtables.txt) with wall times, dates, memory readings and the folders they were made in left out,
# and every PNG byte for byte. A build compared with itself agrees (two runs of one build train bit for bit alike).
#
#   scripts/same-results.sh OLD_JPEGDL NEW_JPEGDL [WORK_DIR]
#
# OLD_JPEGDL and NEW_JPEGDL are launchers (e.g. a copy of ./jpegdl with its jar from the old commit). The outputs of
# OLD are kept under WORK_DIR/old and reused when they are there (delete the folder to remake them). Takes a few
# minutes on two cores; exit 0 when everything agrees, 1 with the differing files listed.
set -euo pipefail
if [[ "${1:-}" == --produce ]]; then PRODUCE=1; shift; fi
old="${1:?usage: scripts/same-results.sh OLD_JPEGDL NEW_JPEGDL [WORK_DIR]}"
new="${2:?usage: scripts/same-results.sh OLD_JPEGDL NEW_JPEGDL [WORK_DIR]}"
work="${3:-/tmp/jpegdl-same-results}"

produce() {
  local jpegdl="$1" out="$2"
  local data=(--dataset fashion-mnist-mini --model resnet8 --train-limit 256 --test-limit 128 --batch-size 32
    --no-progress --runs-dir "$out" --threads 2)
  "$jpegdl" train "${data[@]}" --baseline --epochs 2 --name base
  "$jpegdl" train "${data[@]}" --epochs 2 --init quality:50 --name paper
  "$jpegdl" train "${data[@]}" --epochs 2 --init abs-avg --bits 11 --hardness 0.8 --name hard
  "$jpegdl" train "${data[@]}" --epochs 2 --init quality:75 --trainable-alpha --alpha-scaling --name alpha
  "$jpegdl" train "${data[@]}" --epochs 1 --init quality:75 --adaptive per-image --name adaptive
  "$jpegdl" train "${data[@]}" --epochs 1 --init quality:75 --region-size 16 --rounds 2 --name spatial
  "$jpegdl" train "${data[@]}" --epochs 1 --init quality:75 --table-optimizer lsq-sgd --name lsq
  "$jpegdl" train "${data[@]}" --epochs 1 --init quality:75 --lambda 0.05 --name rate-aware
  "$jpegdl" learn-tables --classifier "$out/base" --lambda 0.1 --epochs 1 --init quality:75 --runs-dir "$out" \
    --no-progress --threads 2 --name frozen
  "$jpegdl" compare "${data[@]}" --epochs 1 --seeds 0,1 --name cmp --attacks --attack-limit 32 --eps 2,8 --steps 3 \
    --strong-steps 4 --restarts 1 --apgd-steps 3 --square-queries 20 --eot-samples 1
  "$jpegdl" rate --run "$out/paper" --test-limit 64 --threads 2
  "$jpegdl" export-tables --run "$out/paper" --out "$out/paper/qtables.txt"
  for run in base paper hard alpha adaptive spatial lsq rate-aware frozen; do
    "$jpegdl" report "$out/$run" >/dev/null
  done
}

if [[ "${PRODUCE:-0}" == 1 ]]; then # one build's outputs, in a process of its own so that any failure stops it
  produce "$1" "$2"
  exit 0
fi

normalise() { # a JSON or JSONL file without what differs between any two runs (times, dates, pids, paths)
  python3 - "$1" "$2" <<'PY'
import json, re, sys
root = sys.argv[2]
VOLATILE = re.compile(r"(time|seconds|date|pid|rss|mb$|mib$|memory|heap|persecond|throughput|wall|command)", re.I)
def clean(v):
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items() if not VOLATILE.search(k)}
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, str):  # any folder the outputs were made in (old/ or new/, wherever WORK_DIR was)
        return re.sub(r"/[^\s\"']*?/(old|new)(?=/|$)", "ROOT", v.replace(root, "ROOT"))
    return v
text = open(sys.argv[1]).read()
docs = [json.loads(l) for l in text.splitlines() if l.strip()] if sys.argv[1].endswith(".jsonl") else [json.loads(text)]
print(json.dumps([clean(d) for d in docs], sort_keys=True, indent=1))
PY
}

normalise_text() { # a page or text file without wall times (0m02s) and the folders the outputs were made in
  sed -E 's#/[^ `"]*/(old|new)(/|\b)#ROOT\2#g; s/\b[0-9]+m[0-9]{2}s\b/TIME/g' "$1"
}

mkdir -p "$work"
if [[ ! -f "$work/old/.done" ]]; then
  rm -rf "$work/old"; mkdir -p "$work/old"
  "$0" --produce "$old" "$work/old" > "$work/old.log" 2>&1 || { echo "same-results: the old build failed, see $work/old.log" >&2; exit 1; }
  touch "$work/old/.done"
fi
rm -rf "$work/new"; mkdir -p "$work/new"
"$0" --produce "$new" "$work/new" > "$work/new.log" 2>&1 || { echo "same-results: the new build failed, see $work/new.log" >&2; exit 1; }

differ=0; compared=0
while IFS= read -r rel; do
  a="$work/old/$rel"; b="$work/new/$rel"
  compared=$((compared + 1))
  if [[ ! -f "$b" ]]; then echo "only in old: $rel"; differ=1; continue; fi
  case "$rel" in
    *.json|*.jsonl)
      if ! diff -q <(normalise "$a" "$work/old") <(normalise "$b" "$work/new") >/dev/null; then
        echo "differs: $rel"; diff <(normalise "$a" "$work/old") <(normalise "$b" "$work/new") | head -8 || true; differ=1
      fi ;;
    *.md|*.txt)
      if ! diff -q <(normalise_text "$a") <(normalise_text "$b") >/dev/null; then
        echo "differs: $rel"; diff <(normalise_text "$a") <(normalise_text "$b") | head -8 || true; differ=1
      fi ;;
    *)
      if ! cmp -s "$a" "$b"; then echo "differs: $rel"; differ=1; fi ;;
  esac
done < <(cd "$work/old" && find . -type f \( -name '*.json' -o -name '*.jsonl' -o -name '*.png' -o -name '*.txt' \
  -o -name '*.md' \) -not -name '.done' -not -path '*/checkpoints/*' | sed 's|^\./||' | sort)
while IFS= read -r rel; do
  [[ -f "$work/old/$rel" ]] || { echo "only in new: $rel"; differ=1; }
done < <(cd "$work/new" && find . -type f \( -name '*.json' -o -name '*.jsonl' -o -name '*.png' \) \
  -not -path '*/checkpoints/*' | sed 's|^\./||' | sort)
if [[ "$differ" == 0 ]]; then
  echo "same-results: $compared files agree (JSON without times, dates and paths; PNG and text byte for byte)"
else
  echo "same-results: the builds differ (outputs under $work)"; exit 1
fi
