"""The readability measure and its helpers: counting, the formulas, difficult words, passive voice."""
