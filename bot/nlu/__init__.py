"""Custom Rasa components. Imported only by the Rasa engine (.venv-rasa)."""
