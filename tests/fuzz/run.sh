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
# FUZZ_SEED=N fixes libFuzzer's random seed: from the committed seeds (a fresh clone), a run then
# tries the same inputs in the same order on any machine, so CI's short run repeats one that passed
# here instead of gambling on a new search (a bug found by a longer or unseeded run is fixed, and its
# input added as a unit test). Unset, each run explores anew.
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
    echo "--- fuzzing $target for ${seconds}s"
    if cargo fuzz run "${fuzz[@]}" "$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${seed[@]}" \
        >"$log" 2>&1; then
        runs="$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || echo '?')"
        summary+=("$target: $runs runs in ${seconds}s, corpus $(ls "$corpus" | wc -l) inputs")
    else
        tail -n 40 "$log"
        summary+=("$target: FAILED (see tests/fuzz/artifacts/$target/)")
        failed+=("$target")
    fi
    rm -f "$log"
done

echo "--- fuzzing summary"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi
