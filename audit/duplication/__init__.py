"""The duplication measure and its helpers: page shingles, shared passages."""
