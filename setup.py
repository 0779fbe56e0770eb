"""The one extension module `pyproject.toml` cannot describe: `audit.engine._doctokens` reads spaCy's token structs
(it cimports `spacy.tokens.doc`, which cimports numpy: numpy's C headers, whose folder only numpy can name). Every
other setting, and the other compiled modules, are in `pyproject.toml` (setuptools adds this one to its list)."""
import numpy
from setuptools import Extension, setup

setup(ext_modules=[Extension("audit.engine._doctokens", ["audit/engine/_doctokens.pyx"], language="c++",
                             include_dirs=[numpy.get_include()])])
