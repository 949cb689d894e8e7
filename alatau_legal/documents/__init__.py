"""Documents out: the official draft, comparison tables, tracked changes, commented drafts,
comment tables and minutes (DOCX, python-docx), and Akoma Ntoso XML."""
