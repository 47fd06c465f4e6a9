"""What leaves the dashboard: the summary JSON (and later the weekly PDF), from the same metrics."""
