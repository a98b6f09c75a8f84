-- Where the bot posted a copy of each question, so that /questions forget-me can delete the copies
-- from the questions channel as well as the log (issue #13). A question posted nowhere has no row;
-- deleting the question deletes its rows, after forget-me has read them.
CREATE TABLE question_posts (
    question_id  INTEGER NOT NULL REFERENCES questions (question_id) ON DELETE CASCADE,
    channel_id   INTEGER NOT NULL,
    message_id   INTEGER NOT NULL,
    PRIMARY KEY (question_id, message_id)
) STRICT, WITHOUT ROWID;
