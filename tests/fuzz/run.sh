#!/usr/bin/env bash
# Builds every fuzz target and runs each, one at a time, for N seconds (default 30) from its seeds.
#
#   tests/fuzz/run.sh            # the short run CI does
#   tests/fuzz/run.sh 3600       # a long run: an hour per target
#   tests/fuzz/run.sh 60 html    # only some targets
#
# Each target runs on tests/fuzz/corpus/TARGET, which starts as a copy of tests/fuzz/seeds/TARGET
# and keeps what the fuzzer learns between runs (it is git-ignored, so the committed seeds stay
# small). Targets are release builds with debug assertions and overflow checks on. A crash, a
# panic, an input slower than 10 s or over 2 GB of memory fails the run; the input is saved under
# tests/fuzz/artifacts/TARGET/ and can be replayed with
#   cargo fuzz run --fuzz-dir tests/fuzz -s none TARGET tests/fuzz/artifacts/TARGET/crash-…
#
# `run.sh 0` replays instead: every committed seed of every target once (the seeds include each
# input a fuzzer ever failed on), a deterministic check that fails on any regression. CI runs that,
# then a short search whose findings it prints as warnings: a search is random (the targets' hash
# maps are seeded per process, so even FUZZ_SEED=N does not repeat a run exactly), and a new finding
# is turned into a unit test and a seed rather than left to fail unrelated changes.
#
# Works on stable Rust: `-s none` asks for no sanitizer, the only part of cargo-fuzz that needs
# nightly. Needs cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-30}"
shift || true
fuzz=(--fuzz-dir tests/fuzz -s none)
seed=()
if [ -n "${FUZZ_SEED:-}" ]; then
    seed=(-seed="$FUZZ_SEED")
fi

cargo fuzz build "${fuzz[@]}"
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list --fuzz-dir tests/fuzz)
fi

summary=()
failed=()
for target in "${targets[@]}"; do
    corpus="tests/fuzz/corpus/$target"
    mkdir -p "$corpus"
    cp -n tests/fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true
    log="$(mktemp)"
    if [ "$seconds" = 0 ]; then
        # Replay the committed seeds only: a fresh corpus directory, every input run once.
        corpus="$(mktemp -d)"
        cp tests/fuzz/seeds/"$target"/* "$corpus"/
        limit=(-runs=0)
        echo "--- replaying the $(ls "$corpus" | wc -l) seeds of $target"
    else
        limit=(-max_total_time="$seconds")
        echo "--- fuzzing $target for ${seconds}s"
    fi
    if cargo fuzz run "${fuzz[@]}" "$target" "$corpus" -- \
        "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${seed[@]}" \
        >"$log" 2>&1; then
        runs="$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || echo '?')"
        summary+=("$target: $runs runs in ${seconds}s, corpus $(ls "$corpus" | wc -l) inputs")
    else
        tail -n 40 "$log"
        summary+=("$target: FAILED (see tests/fuzz/artifacts/$target/)")
        failed+=("$target")
    fi
    rm -f "$log"
    if [ "$seconds" = 0 ]; then
        rm -rf "$corpus"
    fi
done

echo "--- fuzzing summary"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi
