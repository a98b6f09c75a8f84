-- The slash commands last registered with Discord, so a restart registers them again only when
-- their definitions changed (registering overwrites every command, and Discord limits how often a
-- bot may do it). One row per application and place: a test guild, or global.
CREATE TABLE command_registrations (
    -- The Discord application the commands belong to (a new bot token may be another one).
    application_id  INTEGER NOT NULL,
    -- The guild the commands were registered in; 0 for global registration.
    guild_id        INTEGER NOT NULL,
    -- SHA-256 (hex) of the registration body as sent: the serialised command list.
    definitions     TEXT    NOT NULL,
    registered_at   TEXT    NOT NULL,
    PRIMARY KEY (application_id, guild_id)
) STRICT;
