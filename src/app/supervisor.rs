//! One owner for the bot's long-running tasks (pollers, pruner, reminders, scheduler; the refresh,
//! alerts and metrics tasks belong here too): each is spawned here under a name, a task that ends
//! early is reported in the log, and at shutdown every one is aborted and awaited before the store
//! closes.

use std::future::Future;
use tokio::task::JoinSet;

#[derive(Default)]
pub struct Supervisor {
    tasks: JoinSet<&'static str>,
}

impl Supervisor {
    /// Starts `task`, known in the log as `name`.
    pub fn spawn(&mut self, name: &'static str, task: impl Future<Output = ()> + Send + 'static) {
        tracing::debug!(task = name, "starting");
        self.tasks.spawn(async move {
            task.await;
            name
        });
    }

    /// Reports tasks as they end; never returns, so it can sit in a `select!` beside the gateway.
    /// A task that returns has finished its work (the pruner with retention off, the pollers with
    /// no source enabled); one that panicked is a bug, and the rest keep running.
    pub async fn watch(&mut self) {
        loop {
            match self.tasks.join_next().await {
                Some(Ok(name)) => tracing::info!(task = name, "task finished"),
                Some(Err(error)) if error.is_panic() => {
                    tracing::error!(error = %error, "a long-running task panicked");
                }
                Some(Err(_)) => {}
                None => std::future::pending::<()>().await,
            }
        }
    }

    /// Aborts every task and waits until each has stopped.
    pub async fn shutdown(mut self) {
        self.tasks.shutdown().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[tokio::test(start_paused = true)]
    async fn shutdown_stops_every_task_before_returning() {
        struct Flag(Arc<AtomicBool>);
        impl Drop for Flag {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let mut supervisor = Supervisor::default();
        let dropped = Arc::new(AtomicBool::new(false));
        let flag = Flag(dropped.clone());
        supervisor.spawn("forever", async move {
            let _flag = flag;
            std::future::pending::<()>().await;
        });
        supervisor.spawn("done at once", async {});
        // The finished task is reported and `watch` keeps waiting on the other one (the paused clock
        // runs the timeout out only once every task is idle).
        let watched =
            tokio::time::timeout(std::time::Duration::from_millis(50), supervisor.watch()).await;
        assert!(watched.is_err(), "watch returned");
        assert!(!dropped.load(Ordering::SeqCst));
        supervisor.shutdown().await;
        assert!(dropped.load(Ordering::SeqCst), "the task was not stopped");
    }
}
