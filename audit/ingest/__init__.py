"""Load pages (files, URLs, WARC), segment them into blocks with line numbers, strip the site template."""
