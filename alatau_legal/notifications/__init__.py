"""In-app notifications: what each user should know about since they last looked."""
