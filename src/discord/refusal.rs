//! A refusal: the command declines what was asked and says why. Handlers leave early with it as an
//! error (`Err(Refusal::new(render::…))?`), and `on_error` answers the member ephemerally and logs it
//! as a refusal, not a failure. The words are `render`'s, written before the handler returns, so this
//! type only carries them.

use super::{render, Error};
use std::fmt;

/// Words from `render` telling the member why nothing was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal(String);

impl Refusal {
    /// A refusal answered with `answer`, which a `render` function wrote.
    pub(super) fn new(answer: String) -> Self {
        Self(answer)
    }

    /// The usual refusal of an option's value: "That {option} can't be used: {reason}. …".
    pub(super) fn invalid_input(option: &str, reason: &impl fmt::Display) -> Self {
        Self(render::invalid_input(option, reason))
    }

    /// What the member reads.
    pub(super) fn answer(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

/// The refusal a command's error is, if it is one rather than a failure (which gets an apology).
pub(super) fn refusal_in(error: &Error) -> Option<&Refusal> {
    error.downcast_ref::<Refusal>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn a_refusal_returned_with_question_mark_is_recognised_and_keeps_its_words() {
        fn handler() -> Result<(), Error> {
            Err(Refusal::invalid_input(
                "window",
                &"a window can be at most 90d",
            ))?;
            Ok(())
        }
        let error = handler().unwrap_err();
        let refusal = refusal_in(&error).expect("a refusal");
        assert_eq!(
            refusal.answer(),
            "That window can't be used: a window can be at most 90d. Nothing was changed."
        );
    }

    #[test]
    fn a_refusal_stays_one_under_added_context() {
        let error = Err::<(), _>(Refusal::new(render::guild_only()))
            .context("while handling /track add")
            .unwrap_err();
        assert_eq!(
            refusal_in(&error).map(Refusal::answer),
            Some(render::guild_only().as_str())
        );
    }

    #[test]
    fn a_failure_is_not_a_refusal() {
        let store_failure = anyhow::anyhow!("database is locked");
        assert!(refusal_in(&store_failure).is_none());
        let wrapped = Err::<(), _>(std::io::Error::other("disk full"))
            .context("That window can't be used")
            .unwrap_err();
        assert!(refusal_in(&wrapped).is_none());
    }
}
