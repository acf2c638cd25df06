"""Retrieval over FAQ rows: embedders, the FAISS index with versions, lexical search."""
