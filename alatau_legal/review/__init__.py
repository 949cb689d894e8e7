"""Expert review and the workflow of an act from drafting to approval."""
