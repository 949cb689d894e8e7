"""The public register for investors: which acts exist, where each stands, when it is due,
and the approved texts — without an account, and without anything of the internal work
(draft texts under review, comments, opinions, reviewers' names, personal data)."""
