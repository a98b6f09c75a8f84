//! `rounds backup --out FILE`: a consistent copy of the database, safe to take while the bot runs.
//!
//! The copy is written beside its destination under a temporary name, checked by SQLite, flushed to
//! disk and only then given its name, so an interrupted backup never leaves a half-written file
//! where a good one is expected, and never replaces an existing file unless asked to.

use crate::config::Settings;
use crate::store::backup::{inspect_backup, BackupSummary};
use crate::store::Store;
use anyhow::{bail, Context as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(super) async fn backup(
    settings: &Settings,
    out: &Path,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let destination = Destination::check(out, force)?;
    let url = &settings.database.url;
    let store = Store::connect_existing(url)
        .await
        .with_context(|| {
            format!("cannot back up {url}: no database could be opened there (`rounds migrate` creates one)")
        })?;
    let live = store.database_file().await?;
    if live
        .as_deref()
        .and_then(|f| f.canonicalize().ok())
        .is_some_and(|live| destination.final_path_is(&live))
    {
        store.close().await;
        bail!(
            "{} is the live database itself; choose another --out",
            out.display()
        );
    }
    let partial = destination.partial();
    remove_if_present(&partial)?;
    create_private(&partial)?;
    let copied = store.vacuum_into(&partial).await;
    store.close().await;
    if let Err(error) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(error.into());
    }
    let summary = match inspect_backup(&partial).await {
        Ok(summary) if summary.problems.is_empty() => summary,
        Ok(summary) => {
            let _ = std::fs::remove_file(&partial);
            bail!(
                "the copy failed SQLite's check, so it was deleted: {}",
                summary.problems.join("; ")
            );
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error.into());
        }
    };
    let size = sync_file(&partial)?;
    destination.install(&partial)?;
    report(&mut std::io::stdout(), url, out, size, &summary)?;
    Ok(ExitCode::SUCCESS)
}

/// Where the copy goes, checked before any work is done.
struct Destination {
    path: PathBuf,
    folder: PathBuf,
    force: bool,
}

impl Destination {
    fn check(out: &Path, force: bool) -> anyhow::Result<Self> {
        let Some(name) = out.file_name() else {
            bail!("--out {} does not name a file", out.display());
        };
        let folder = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            bail!(
                "the folder {} does not exist; create it first",
                folder.display()
            );
        }
        match std::fs::symlink_metadata(out) {
            Ok(meta) if meta.is_dir() => bail!("{} is a folder, not a file", out.display()),
            Ok(_) if !force => bail!(
                "{} already exists; pass --force to replace it",
                out.display()
            ),
            _ => {}
        }
        Ok(Self {
            path: folder.join(name),
            folder,
            force,
        })
    }

    fn final_path_is(&self, live: &Path) -> bool {
        let name = self.path.file_name().expect("checked to name a file");
        self.folder
            .canonicalize()
            .is_ok_and(|f| f.join(name) == live)
    }

    /// A name beside the destination (so the final rename stays on one file system), hidden and
    /// unique to this process.
    fn partial(&self) -> PathBuf {
        let name = self
            .path
            .file_name()
            .expect("checked to name a file")
            .to_string_lossy();
        self.folder
            .join(format!(".{name}.partial-{}", std::process::id()))
    }

    /// Gives the finished copy its name: replacing what is there with `--force`, else only if the
    /// name is still free (a hard link fails rather than replace a file created meanwhile).
    fn install(&self, partial: &Path) -> anyhow::Result<()> {
        let result = if self.force {
            std::fs::rename(partial, &self.path)
        } else {
            match std::fs::hard_link(partial, &self.path) {
                Ok(()) => std::fs::remove_file(partial),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let _ = std::fs::remove_file(partial);
                    bail!(
                        "{} appeared while the copy was being made; pass --force to replace it",
                        self.path.display()
                    );
                }
                // File systems without hard links: the check made before copying has to do.
                Err(_) => std::fs::rename(partial, &self.path),
            }
        };
        if let Err(error) = result {
            let _ = std::fs::remove_file(partial);
            return Err(error).with_context(|| format!("failed to write {}", self.path.display()));
        }
        // The new name itself is durable once its folder is.
        if let Ok(folder) = std::fs::File::open(&self.folder) {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("failed to remove the stale {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Creates the empty file SQLite will fill (it accepts an empty one), readable by its owner only:
/// a copy holds the question log and each guild's asker-hash key.
fn create_private(path: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("failed to create {}", path.display()))?;
    Ok(())
}

/// Flushes the copy to disk; gives its size in bytes.
fn sync_file(path: &Path) -> anyhow::Result<u64> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("failed to reopen the copy {}", path.display()))?;
    file.sync_all()
        .with_context(|| format!("failed to flush the copy {} to disk", path.display()))?;
    Ok(file.metadata()?.len())
}

fn report(
    out: &mut impl std::io::Write,
    url: &str,
    path: &Path,
    size: u64,
    summary: &BackupSummary,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Backed up {url} to {} ({}, {size} bytes); SQLite's quick_check found it intact.",
        path.display(),
        human_size(size)
    )?;
    let width = summary
        .counts
        .iter()
        .map(|(l, _)| l.len())
        .max()
        .unwrap_or(0);
    for (label, rows) in &summary.counts {
        writeln!(out, "  {label:<width$}  {rows:>9}")?;
    }
    out.flush()
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut size = bytes as f64;
    let mut unit = "B";
    for next in UNITS {
        if size < 1024.0 {
            break;
        }
        size /= 1024.0;
        unit = next;
    }
    format!("{size:.1} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MiB");
    }
}
