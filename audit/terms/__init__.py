"""The term-coverage measure and its helpers: the glossary, derived forms, discovery, jargon, synonyms."""
