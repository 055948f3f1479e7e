"""What people and programs read: diagnostics, status tables, cards, reports, exports."""
