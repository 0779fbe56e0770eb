"""The engine: chunks of pages through the per-page steps on an executor, the store, the output folder."""
