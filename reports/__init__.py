"""Day and period reports of the branch head: tables, charts, HTML, CSV and Excel writers."""
