"""minwon: the core library of a district office's resident chatbot.

Nothing here imports Rasa except ``bot.nlu``, which runs inside the Rasa engine.
"""
