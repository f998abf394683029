"""The report a production owner reads in five minutes: HTML, Markdown for a PR, JSON.

Rendered from the stored decision record alone, so any past decision can be re-rendered
exactly (`phaseone report --decision SEQ`). Model output is untrusted: the templates
autoescape everything, and the HTML loads nothing from the network.
"""

from phaseone.report.render import FORMATS, render, write_reports

__all__ = ["FORMATS", "render", "write_reports"]
