#!/usr/bin/env bash
# The experiments "tables that learn" of docs/RESULTS.md, one data set per call: does JPEG-DL beat its baseline once
# its tables can travel (the budget rule), on data trained until the baseline's validation top-1 stops rising?
#
#   scripts/tables-that-learn.sh emoji   [EMOJI_DIR]    # the tree of scripts/EmojiImageFolder.java, 32 px
#   scripts/tables-that-learn.sh fashion                # Fashion-MNIST, 6,000 training images
#
# Steps (every run resumes: call again after a kill; finished runs are reused):
#   1. the epoch count: a baseline on a 10 % validation split for MAX_EPOCHS, the epoch of its best validation
#      top-1 (skipped when EPOCHS is set);
#   2. arms, SEEDS each, every one against the same baselines (trained once, copied into each comparison by
#      --baselines-from, which checks that they trained exactly as that comparison's own would), on the same recipe,
#      data, seeds and epochs:
#      the paper's CIFAR variant and the authors' ImageNet half (mean-magnitude init, 11 bits, hardness 0.8), both
#      with the budget rule (the default); on emoji also both with the paper's fixed table rate, FIXED_SEEDS;
#   3. a sweep over hardness, table rate, bits and init on the validation split, every trial on SWEEP_SEEDS, and the
#      chosen setting against its baseline on SEEDS.
# compare.md of each comparison holds top-1 mean ± std, the paired difference with its 95 % interval and verdict;
# report.html says whether the tables learned (table travel) and shows the index clamp's saturation.
#
# Environment: RUNS (runs), MODEL (resnet20), SEEDS (0,1,2,3,4), FIXED_SEEDS (0,1,2), SWEEP_SEEDS (0,1,2),
# MAX_EPOCHS (60), EPOCHS (from step 1), JPEGDL (./jpegdl). SMOKE=1: a few images and one epoch, to check that
# every command runs (minutes, not hours).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:?usage: scripts/tables-that-learn.sh emoji [EMOJI_DIR] | fashion}"
jpegdl="${JPEGDL:-$here/jpegdl}"
runs="${RUNS:-runs}"
model="${MODEL:-resnet20}"
seeds="${SEEDS:-0,1,2,3,4}"
fixed_seeds="${FIXED_SEEDS:-0,1,2}"
sweep_seeds="${SWEEP_SEEDS:-0,1,2}"
max_epochs="${MAX_EPOCHS:-60}"
limits=()
space=(--space hardness=off,0.8 --space table-lr=0.001,0.003,0.01 --space bits=8,11 --space init=sensitivity,abs-avg)
case "$data" in
  emoji)
    dir="${2:-$HOME/data/emoji32}"
    if [[ ! -d "$dir/train" ]]; then
      echo "tables-that-learn: $dir has no train/ folder: build it first with" \
        "java -cp cli/target/jpegdl.jar scripts/EmojiImageFolder.java --out $dir --size 32" >&2
      exit 2
    fi
    set_args=(--dataset imagefolder --data "$dir")
    rungs="1000,0"          # the sweep's last rung: the whole training part
    ;;
  fashion)
    set_args=(--dataset fashion-mnist)
    limits=(--train-limit 6000)
    rungs="1000,6000"
    ;;
  *)
    echo "tables-that-learn: unknown data set '$data' (emoji or fashion)" >&2
    exit 2
    ;;
esac
if [[ "${SMOKE:-0}" == 1 ]]; then
  limits=(--train-limit 128 --test-limit 64)
  seeds="0,1"; fixed_seeds="0,1"; sweep_seeds="0,1"; max_epochs=2; rungs="64"
  space=(--space hardness=off,0.8 --space bits=8,11)
  runs="${RUNS:-runs}/smoke"
fi
plain=("${set_args[@]}" --model "$model" --runs-dir "$runs" --no-progress)
common=("${plain[@]}" "${limits[@]}")
tag="$data-$model"

# 1. the epoch count, on a validation split of the training data (never the test split)
if [[ -z "${EPOCHS:-}" ]]; then
  name="$tag-epochs-baseline"
  resume=(); [[ -f "$runs/$name/config.json" ]] && resume=(--resume)
  if [[ ! -f "$runs/$name/summary.json" ]]; then
    "$jpegdl" train --baseline "${common[@]}" --val-fraction 0.1 --validation-only --epochs "$max_epochs" --name "$name" \
      --no-report "${resume[@]}"
  fi
  EPOCHS="$(python3 -c '
import json, sys
m = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
best = max(m, key=lambda e: (e["validation"]["top1"], -e["epoch"]))
print(best["epoch"])' "$runs/$name/metrics.jsonl")"
  echo "tables-that-learn: the baseline's validation top-1 peaks after epoch $EPOCHS of $max_epochs: every arm" \
    "trains $EPOCHS epochs (EPOCHS=$EPOCHS skips this step)"
fi
arms=("${common[@]}" --epochs "$EPOCHS")

# 2. the arms; the first trains the baselines, the others copy them (--baselines-from checks that they trained alike)
first="$runs/$tag-e$EPOCHS-paper"
"$jpegdl" compare "${arms[@]}" --seeds "$seeds" --name "$tag-e$EPOCHS-paper" --resume
"$jpegdl" compare "${arms[@]}" --seeds "$seeds" --init abs-avg --bits 11 --hardness 0.8 \
  --name "$tag-e$EPOCHS-imagenet-half" --resume --baselines-from "$first"
if [[ "$data" == emoji ]]; then
  "$jpegdl" compare "${arms[@]}" --seeds "$fixed_seeds" --table-lr-rule fixed --name "$tag-e$EPOCHS-paper-fixed" \
    --resume --baselines-from "$first"
  "$jpegdl" compare "${arms[@]}" --seeds "$fixed_seeds" --table-lr-rule fixed --init abs-avg --bits 11 \
    --hardness 0.8 --name "$tag-e$EPOCHS-imagenet-half-fixed" --resume --baselines-from "$first"
fi

# 3. the setting a multi-seed sweep chooses on validation, then tested once against its baseline
# (a sweep sets each rung's training images itself: no --train-limit)
"$jpegdl" sweep "${plain[@]}" --epochs "$EPOCHS" --val-fraction 0.1 --seeds "$sweep_seeds" --rung-images "$rungs" --eta 3 \
  "${space[@]}" --name "$tag-e$EPOCHS-sweep"
"$jpegdl" compare "${arms[@]}" --seeds "$seeds" --settings "$runs/$tag-e$EPOCHS-sweep/sweep.json" \
  --name "$tag-e$EPOCHS-chosen" --resume --baselines-from "$first"
echo "tables-that-learn: done; compare.md and report.html of each comparison are under $runs/"
