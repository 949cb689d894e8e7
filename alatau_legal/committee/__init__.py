"""The Operational Committee and deadlines: meetings, agendas, decisions, business days,
the deadlines dashboard, the calendar feed and e-mail reminders."""
