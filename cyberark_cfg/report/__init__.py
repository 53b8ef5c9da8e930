"""`cfgtool report`: one self-contained HTML page picturing the DR estate for a drill.

:func:`build_page` computes what the page shows (plain Python, see :mod:`.model`);
:func:`cyberark_cfg.report.render.render_html` lays it out with the package's Jinja2 templates,
and is the only part that imports Jinja2.
"""

from cyberark_cfg.report.model import Page, build_page

__all__ = ["Page", "build_page"]
