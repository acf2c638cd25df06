"""The vectors a FAISS index holds, read in place."""
from __future__ import annotations

import faiss
import numpy as np


def stored_vectors(index: faiss.Index) -> np.ndarray:
    """The index's own vectors as a read-only array (no copy; flat or HNSW storage)."""
    flat = index if isinstance(index, faiss.IndexFlat) else faiss.downcast_index(index.storage)
    return faiss.rev_swig_ptr(flat.get_xb(), flat.ntotal * flat.d).reshape(flat.ntotal, flat.d)
