"""How residents and staff reach the bot: each adapter turns its platform's payload
into ``(channel, user_id, text)`` and renders a channel-neutral ``Reply``."""
