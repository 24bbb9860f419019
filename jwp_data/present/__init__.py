"""Words and figures for people: text helpers, page tables, Plotly charts, HTML bars, SVG bullets and
the briefing's slide sequence."""
