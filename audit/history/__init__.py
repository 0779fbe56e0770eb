"""The audit history: every run recorded in DuckDB, and two runs compared."""
