"""audit — content audit of a website's articles: readability, duplication, term coverage."""
from __future__ import annotations

from audit.config import ConfigError, Settings, load_settings
from audit.engine.pipeline import Audit, run

__all__ = ["Audit", "ConfigError", "Settings", "load_settings", "run"]
__version__ = "0.1.0"
