"""Custom Rasa components. Imported only by the Rasa engine (.venv-rasa).

Importing this package (Rasa does, for our components and our channel) also
makes Rasa's action-response check cheap: see ``action_response``.
"""
from bot.nlu import action_response

action_response.install()
