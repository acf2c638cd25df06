"""minwon: the core library of a district office's resident chatbot.

Nothing here imports Rasa except ``bot.nlu``, which runs inside the Rasa engine.
"""

import os

# OpenMP threads (the e5 engine's, FAISS's) sleep when they have no work instead of spinning for it. On a
# server where Rasa, the actions and the gateway share the cores, spinning threads take the CPU the others
# need: one e5 query cost 50-74 ms of CPU with libgomp's default and 16 ms with PASSIVE at load average 4
# (docs/adr/0004-performance.md). Set before any OpenMP library loads; a deployer's own value wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
