"""Files people take away: CSV and Excel tables, chart HTML, images, the briefing deck and the report."""
