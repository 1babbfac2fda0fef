"""The strategy office's work: calendar, overview, review, publishing, reminders."""
