"""One new row of the matcher's part tables (`audit.terms.parts.part_table`: `concepts`, `weak`, `naming`, `core`,
parallel lists indexed by a part's row), for the rules that add parts of their own after the table is built — rare
heads, short forms, modifiers, shared topics, title facets. One place, so a new column is added once."""
from __future__ import annotations


def new_part(concepts: list, weak: list, naming: list, core: list, cis: tuple[int, ...], is_weak: bool = False) -> int:
    """Append a part row of the concepts `cis` (weak: counted only where its page decides it; never a naming part
    nor a core part) and return its row index."""
    concepts.append(cis)
    weak.append(is_weak)
    naming.append(False)
    core.append(0)
    return len(concepts) - 1
