"""Evaluation against gold sets (``careerpivot eval …``): metrics and runners."""
