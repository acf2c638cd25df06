"""The dialogue manager's pure parts: the state kept between turns and the readers of a reply.

The manager itself runs in the action server (``actions/converse.py``): Rasa classifies the message
and routes every turn to ``action_converse``, which reads the reply against the bot's own question,
the active task and the last answer before it looks at the intent (docs/adr/0007-dialogue-manager.md).
Nothing here imports Rasa or rasa-sdk.
"""
