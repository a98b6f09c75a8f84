//! `spawn_app`: the real `rounds` binary, started against a fresh fake Discord and its own temporary
//! database, with every outside source switched off. Dropping the app kills the process.

use crate::fake_discord::FakeDiscord;
use rounds::domain::GuildId;
use rounds::store::Store;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long any one step may take before the test fails rather than hangs.
pub const STEP: Duration = Duration::from_secs(15);

/// Discord's Manage Server permission bit.
pub const MANAGE_GUILD: u64 = 1 << 5;

/// Two guilds, each with channels the fake knows.
pub const GUILD_A: u64 = 1001;
pub const GUILD_B: u64 = 1002;
pub const TEXT_CHANNEL_A: u64 = 2001;
pub const NEWS_CHANNEL_A: u64 = 2002;
pub const FORUM_CHANNEL_A: u64 = 2003;
pub const TEXT_CHANNEL_B: u64 = 3001;
pub const MODERATOR: u64 = 501;
pub const MEMBER: u64 = 502;

pub struct TestApp {
    pub fake: FakeDiscord,
    pub database_url: String,
    dir: tempfile::TempDir,
    child: Option<Child>,
    logs: Arc<Mutex<String>>,
    /// The tasks copying the running process's output into `logs`; they end when it exits.
    log_readers: Vec<tokio::task::JoinHandle<()>>,
    /// Settings added with `set_env`, applied on every (re)start after `configure`'s.
    extra_env: Vec<(String, String)>,
}

/// Starts the fake, then the bot, and waits until the bot is connected and has registered its commands.
pub async fn spawn_app() -> TestApp {
    let mut app = prepare_app().await;
    app.start_bot().await;
    app
}

/// Starts the fake Discord and prepares a database folder, without starting the bot.
pub async fn prepare_app() -> TestApp {
    let fake = FakeDiscord::start().await;
    fake.add_guild(GUILD_A);
    fake.add_guild(GUILD_B);
    fake.add_channel(GUILD_A, TEXT_CHANNEL_A, "digest", 0);
    fake.add_channel(GUILD_A, NEWS_CHANNEL_A, "announcements", 5);
    fake.add_channel(GUILD_A, FORUM_CHANNEL_A, "journal-club", 15);
    fake.add_channel(GUILD_B, TEXT_CHANNEL_B, "general", 0);
    let dir = tempfile::tempdir().expect("temporary folder");
    let database_url = format!("sqlite://{}", dir.path().join("rounds.db").display());
    TestApp {
        fake,
        database_url,
        dir,
        child: None,
        logs: Arc::new(Mutex::new(String::new())),
        log_readers: Vec::new(),
        extra_env: Vec::new(),
    }
}

impl TestApp {
    /// Sets an environment variable for the bot from its next start on (e.g. a fake service's base
    /// URL); call before `start_bot`.
    pub fn set_env(&mut self, name: &str, value: &str) {
        self.extra_env.retain(|(n, _)| n != name);
        self.extra_env.push((name.to_owned(), value.to_owned()));
    }

    /// Starts (or restarts) the bot process and waits until it is ready and has registered commands.
    pub async fn start_bot(&mut self) {
        self.launch_bot();
        if let Err(e) = self.fake.wait_ready(STEP).await {
            panic!(
                "the bot never became ready: {e}\n--- bot logs ---\n{}",
                self.logs()
            );
        }
        if let Err(e) = self.fake.wait_commands(STEP).await {
            panic!(
                "the bot never registered its commands: {e}\n--- bot logs ---\n{}",
                self.logs()
            );
        }
    }

    /// Starts the bot process without waiting for anything.
    pub fn launch_bot(&mut self) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rounds"));
        command.arg("run");
        configure(
            &mut command,
            &self.fake.api_base(),
            &self.database_url,
            &self.dir.path().to_path_buf(),
        );
        command.envs(self.extra_env.iter().map(|(n, v)| (n, v)));
        command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn().expect("the rounds binary starts");
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Unpin + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Unpin + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let logs = Arc::clone(&self.logs);
            self.log_readers.push(tokio::spawn(async move {
                let mut lines = BufReader::new(stream).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    let mut logs = logs.lock().unwrap();
                    logs.push_str(&line);
                    logs.push('\n');
                }
            }));
        }
        self.child = Some(child);
    }

    /// Kills the bot with SIGKILL, as a crash or an out-of-memory kill would, and waits for it to go.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.start_kill();
            let _ = tokio::time::timeout(STEP, child.wait()).await;
            self.drain_logs().await;
        }
    }

    /// Waits for the bot to exit by itself and returns its status.
    pub async fn wait_exit(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("the bot is running");
        let status = tokio::time::timeout(STEP, child.wait())
            .await
            .unwrap_or_else(|_| panic!("the bot did not exit\n--- bot logs ---\n{}", self.logs()))
            .expect("wait succeeds");
        self.drain_logs().await;
        status
    }

    /// Waits until everything the exited process printed is in `logs` (its pipes are closed), so
    /// that nothing it said can be mistaken for the next process's output.
    async fn drain_logs(&mut self) {
        for reader in self.log_readers.drain(..) {
            let _ = tokio::time::timeout(STEP, reader).await;
        }
    }

    /// Everything the bot printed so far.
    pub fn logs(&self) -> String {
        self.logs.lock().unwrap().clone()
    }

    /// A point in the logs: `wait_log_since` looks only at what the bot printed after it.
    pub fn log_mark(&self) -> usize {
        self.logs.lock().unwrap().len()
    }

    /// Waits until the bot has printed `needle` `count` times since `mark`, the positive sign that
    /// it got past some point (a scheduler round, a reminder check) before a test asserts that
    /// nothing more happened. Fails the test after `STEP` (or `timeout`, if longer).
    pub async fn wait_log_since(&self, mark: usize, needle: &str, count: usize, timeout: Duration) {
        let deadline = tokio::time::Instant::now() + timeout.max(STEP);
        loop {
            let seen = self.logs.lock().unwrap()[mark..].matches(needle).count();
            if seen >= count {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the bot logged `{needle}` {seen} of {count} times\n--- bot logs ---\n{}",
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until the bot has printed `then` after the last `first` it printed so far (waiting
    /// for a first `first` if there is none yet): e.g. the end of the round that posted something.
    pub async fn wait_log_after_last(&self, first: &str, then: &str) {
        self.wait_log_since(0, first, 1, STEP).await;
        let mark = self.logs().rfind(first).expect("just seen") + first.len();
        self.wait_log_since(mark, then, 1, STEP).await;
    }

    /// Sends SIGTERM and waits for the process to exit; returns its exit status.
    pub async fn terminate(&mut self) -> std::process::ExitStatus {
        let child = self.child.take().expect("the bot is running");
        let pid = child.id().expect("running process has a pid");
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        self.child = Some(child);
        self.wait_exit().await
    }

    /// Opens the bot's database directly, to assert on what was stored.
    pub async fn store(&self) -> Store {
        Store::connect_existing(&self.database_url)
            .await
            .expect("the bot created its database")
    }

    /// The hashtag keys stored for a guild.
    pub async fn stored_tags(&self, guild: u64) -> Vec<String> {
        let store = self.store().await;
        let tags = store
            .tracked_hashtags(GuildId::new(guild).unwrap())
            .await
            .expect("tracked hashtags load");
        store.close().await;
        tags.into_iter().map(|t| t.tag.key().to_owned()).collect()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.start_kill();
        }
    }
}

/// Environment for a `rounds` process: a clean slate (nothing inherited that could change its
/// settings), the fake Discord, a temporary database, and no outside source.
pub fn configure(command: &mut Command, api_base: &str, database_url: &str, workdir: &PathBuf) {
    for (name, _) in std::env::vars() {
        if name.starts_with("ROUNDS__") || name == "DISCORD_TOKEN" || name == "RUST_LOG" {
            command.env_remove(name);
        }
    }
    command
        .current_dir(workdir)
        .env("DISCORD_TOKEN", "fake-token")
        .env("ROUNDS__DISCORD__API_BASE", api_base)
        .env("ROUNDS__DATABASE__URL", database_url)
        .env("ROUNDS__SOURCES__MASTODON__ENABLED", "false")
        .env("ROUNDS__SOURCES__BLUESKY__ENABLED", "false")
        .env("ROUNDS__SOURCES__X__ENABLED", "false")
        .env("ROUNDS__SOURCES__RSS__ENABLED", "false")
        // Tests send commands faster than any member; the throttle tests switch this back on.
        .env("ROUNDS__THROTTLE__ENABLED", "false")
        .env("RUST_LOG", "info,rounds=debug");
}
