"""Notebook set-up: audit a corpus for a notebook, with pandas set up for readable tables and library warnings (which
print file paths) kept out of the stored outputs. The tables and figures the notebooks show are in `audit.present.views`,
`audit.present.plots` and `audit.present.narrative`; the gate's verdict in `audit.present.gate`."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from audit.engine.pipeline import Audit


def notebook_audit(corpus: Any, config: Any = None) -> "Audit":
    """Audit `corpus` for a notebook: settings from `config` (None = defaults), pandas set up for readable tables,
    and library warnings (which print file paths) kept out of the stored outputs.

    Fails where `audit check` exits 2, so a notebook never shows a verdict for nothing: `FileNotFoundError` when no
    given path exists, `ConfigError` for a bad config (e.g. a required concept not in the glossary), `ValueError`
    when no page could be audited."""
    import warnings
    from pathlib import Path

    from audit.config import load_settings
    from audit.present.gate import no_page_audited, resolve_required_concepts
    from audit.engine.pipeline import run

    paths = [corpus] if isinstance(corpus, (str, Path)) else list(corpus)
    missing = [str(p) for p in paths if not Path(p).exists()]
    if not paths or len(missing) == len(paths):
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing) or '(no path given)'}")
    settings = load_settings(config)
    resolve_required_concepts(settings)

    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.max_rows", 100)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    pd.set_option("display.precision", 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        audit = run(paths, settings, progress=False)
    problem = no_page_audited(audit)
    if problem:
        raise ValueError(problem)
    return audit
