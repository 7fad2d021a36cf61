"""The pivot report: its versioned JSON model and its Markdown and HTML renderings."""
