//! What every benchmark prints besides its figure: the machine it ran on, and a verdict line
//! against the SPEC.md §5 target (the targets live there; benchmarks only report).

#![allow(dead_code)]

use std::process::Command;

/// One line naming the machine: cores, CPU model, memory, rustc and build profile.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")?
                .split_once(':')
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or_else(
            || "? GiB".to_owned(),
            |kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0),
        );
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map_or_else(|| "rustc ?".to_owned(), |s| s.trim().to_owned());
    let profile = if cfg!(debug_assertions) {
        "debug (unoptimised: figures not comparable)"
    } else {
        "release"
    };
    format!("machine: nproc {cores}, {cpu}, {memory} RAM, {rustc}, {profile} build")
}

/// `met` or `NOT met`.
pub fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

/// An environment variable as a number, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// Resident and peak resident memory of this process, in MiB (VmRSS, VmHWM).
pub fn rss_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The `q`-quantile (0..=1) of sorted values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// CPU time (user + system) used so far by each live thread of this process, by thread id, with
/// the thread's name; from `/proc/self/task/*/stat`, in seconds (clock ticks of 1/100 s).
pub fn thread_cpu_seconds() -> std::collections::HashMap<u64, (String, f64)> {
    let mut threads = std::collections::HashMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return threads;
    };
    for task in tasks.flatten() {
        let Some(tid) = task.file_name().to_str().and_then(|t| t.parse().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ...`: the name may hold spaces, so fields are counted after its ')'.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = stat[open + 1..close].to_owned();
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        // utime and stime are the 14th and 15th fields; the 3rd (state) is fields[0].
        threads.insert(tid, (name, (ticks(11) + ticks(12)) / 100.0));
    }
    threads
}

/// CPU seconds the threads of this process used between two [`thread_cpu_seconds`] snapshots:
/// (all threads, threads whose name starts with `prefix`). Threads that ended in between are not
/// counted, so take `after` before closing what owns them.
pub fn cpu_between(
    before: &std::collections::HashMap<u64, (String, f64)>,
    after: &std::collections::HashMap<u64, (String, f64)>,
    prefix: &str,
) -> (f64, f64) {
    let mut all = 0.0;
    let mut named = 0.0;
    for (tid, (name, seconds)) in after {
        let used = seconds - before.get(tid).map_or(0.0, |(_, s)| *s);
        all += used;
        if name.starts_with(prefix) {
            named += used;
        }
    }
    (all, named)
}
